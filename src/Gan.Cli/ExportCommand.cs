using System.ComponentModel;
using Gan.Core;
using Gan.Core.Interop;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan export RUN_DIR --to pytorch</c>: writes a checkpoint's G and D as PyTorch state_dicts (<c>G.pt</c>,
/// <c>D.pt</c>) whose keys are those of the study's PyTorch modules, for <c>torch.load</c> + <c>load_state_dict</c>.
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
        var run = RunDirectory.Open(s.RunDir);
        var config = run.ReadRecord().Config;
        var checkpointDir = Path.Combine(run.CheckpointsDir, s.Checkpoint);
        if (!Directory.Exists(checkpointDir))
            throw new GanException($"{checkpointDir}: no such checkpoint; use --checkpoint with a folder under {run.CheckpointsDir}");
        var outDir = s.Out ?? Path.Combine(run.Root, "export", PyTorch, s.Checkpoint);

        // An fp64 run exports its float64 weights as they are: torch.load gives float64 tensors, for a model.double().
        using var g = RunModels.Generator(config, checkpointDir);
        using var d = RunModels.Discriminator(config, checkpointDir);
        PyTorchStateDicts.Save(g, d, outDir);
        Console.WriteLine($"wrote {Path.Combine(Path.GetFullPath(outDir), PyTorchStateDicts.GeneratorFile)} and {PyTorchStateDicts.DiscriminatorFile} " +
            $"({config.PairLabel}); in PyTorch: {(config.Precision == Precision.Fp64 ? "model.double().load_state_dict" : "model.load_state_dict")}(torch.load(path))");
        return ExitCodes.Ok;
    }
}
