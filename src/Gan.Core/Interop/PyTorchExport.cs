using Gan.Core.Runs;
using Gan.Core.Runtime;

namespace Gan.Core.Interop;

/// <summary>
/// <c>gan export</c>'s workflow, for the CLI and scripts alike: a checkpoint's G and D rebuilt with the run's own
/// options (<see cref="RunModels"/>) and written as PyTorch state_dicts whose keys are the study's modules'.
/// </summary>
public static class PyTorchExport
{
    /// <summary>Writes G.pt and D.pt of <paramref name="checkpoint"/> into <paramref name="outDir"/> (default RUN_DIR/export/pytorch/CHECKPOINT).</summary>
    public static PyTorchExportResult Run(string runDir, string checkpoint = "last", string? outDir = null)
    {
        var run = RunDirectory.Open(runDir);
        var config = run.ReadRecord().Config;
        var checkpointDir = run.Checkpoint(checkpoint);
        outDir ??= Path.Combine(run.Root, "export", "pytorch", checkpoint);
        // An fp64 run exports its float64 weights as they are: torch.load gives float64 tensors, for a model.double().
        using var g = RunModels.Generator(config, checkpointDir);
        using var d = RunModels.Discriminator(config, checkpointDir);
        PyTorchStateDicts.Save(g, d, outDir);
        var full = Path.GetFullPath(outDir);
        return new PyTorchExportResult(Path.Combine(full, PyTorchStateDicts.GeneratorFile), Path.Combine(full, PyTorchStateDicts.DiscriminatorFile),
            config.PairLabel, config.Precision == Precision.Fp64 ? "model.double().load_state_dict" : "model.load_state_dict");
    }
}
