using System.ComponentModel;
using Gan.Core.Sweeps;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary><c>gan sweep status runs/EXPERIMENT</c>: the state of every task of a script's grid (see <see cref="SweepStatus"/>).</summary>
public sealed class SweepStatusCommand : Command<SweepStatusCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<EXPERIMENT_DIR>"), Description("An experiment folder a script wrote, e.g. runs/k-to-1.")]
        public string Dir { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Console.WriteLine(SweepStatus.Format(SweepStatus.Read(settings.Dir)));
        return 0;
    }
}
