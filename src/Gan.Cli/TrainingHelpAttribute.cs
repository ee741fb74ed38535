using System.ComponentModel;
using Gan.Core.Training;
using Spectre.Console;

namespace Gan.Cli;

/// <summary>
/// Marks a <c>gan train</c> setting as a <see cref="TrainingOptionTable"/> option and gives Spectre its help from the
/// table, so the text is written once for the CLI, the scripts and the docs.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TrainingHelpAttribute(string option) : DescriptionAttribute
{
    public string Option { get; } = option;

    public override string Description => Markup.Escape(TrainingOptionTable.Get(Option).Help);
}
