using System.ComponentModel;
using Gan.Core;
using Gan.Core.Interop;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan export RUN_DIR --to pytorch</c>: writes a checkpoint's G and D as PyTorch state_dicts (<c>G.pt</c>,
/// <c>D.pt</c>) whose keys are those of the study's PyTorch modules, for <c>torch.load</c> + <c>load_state_dict</c>;
/// the work is Gan.Core's <see cref="PyTorchExport"/>.
/// </summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public const string PyTorch = "pytorch";

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>"), Description("A run directory written by 'gan train'.")]
        public string RunDir { get; init; } = "";
        [CommandOption("--to <FORMAT>"), Description("pytorch: torch.save(state_dict) files G.pt and D.pt.")]
        public string To { get; init; } = PyTorch;
        [CommandOption("--checkpoint <NAME>"), Description("Checkpoint folder under checkpoints/ (default last).")]
        public string Checkpoint { get; init; } = "last";
        [CommandOption("--out <DIR>"), Description("Where G.pt and D.pt go (default RUN_DIR/export/pytorch/<checkpoint>).")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.To != PyTorch)
            throw new GanException($"--to {s.To}: unknown format; the one export format is {PyTorch}");
        var r = PyTorchExport.Run(s.RunDir, s.Checkpoint, s.Out);
        Console.WriteLine($"wrote {r.GeneratorPath} and {Path.GetFileName(r.DiscriminatorPath)} ({r.PairLabel}); in PyTorch: {r.LoadCall}(torch.load(path))");
        return ExitCodes.Ok;
    }
}
