namespace Gan.Core.Training;

/// <summary>
/// One training option as <c>gan train</c> and every experiment script take it: its name (and older spellings), the
/// placeholder of its value (null for a flag), its help, and how its text sets the config. <see cref="TrainingOptionTable"/>
/// holds them all, so the CLI, the scripts and the docs read one declaration.
/// </summary>
/// <param name="Name">The option as written, <c>--lr</c>.</param>
/// <param name="Value">The placeholder of its value in help (<c>LR</c>); null for a flag.</param>
/// <param name="Help">One sentence or two: what it sets and its default.</param>
/// <param name="Apply">Sets the config from the option's text (null for a flag); the action receives warnings.</param>
public sealed record TrainingOption(string Name, string? Value, string Help, Func<TrainingConfig, string?, Action<string>, TrainingConfig> Apply)
{
    /// <summary>Other names the option answers to (<c>--k</c> for <c>--d-steps</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public bool IsFlag => Value is null;

    public IEnumerable<string> Names => Aliases.Prepend(Name);
}
