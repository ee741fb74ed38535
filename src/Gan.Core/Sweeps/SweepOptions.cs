namespace Gan.Core.Sweeps;

/// <summary>
/// How a script's grid is run: listed, one task, N local processes, a Slurm array, or (none of these) every task in
/// this process one after another. <see cref="TaskArgs"/> are the script's arguments without these options, which
/// each task process gets again with its own --task and --threads.
/// </summary>
public sealed record SweepOptions(string ScriptPath, IReadOnlyList<string> TaskArgs)
{
    public bool List { get; init; }
    public int? Task { get; init; }
    public int? Jobs { get; init; }
    /// <summary>An explicit --threads: kept for every task instead of splitting the cores.</summary>
    public int? Threads { get; init; }
    public SlurmResources? Slurm { get; init; }
    public bool DryRun { get; init; }

    /// <summary>The command that runs one task: <c>gan script SCRIPT -- ARGS --task ID --threads T</c>.</summary>
    public IReadOnlyList<string> TaskCommand(IReadOnlyList<string> gan, string task, string threads) =>
        [.. gan, "script", Path.GetFullPath(ScriptPath), "--", .. TaskArgs, "--task", task, "--threads", threads];
}
