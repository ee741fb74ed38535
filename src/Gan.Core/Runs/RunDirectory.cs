using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>Where a data set came from, as recorded in <c>config.json</c>.</summary>
public sealed record DataRecord(string Name, string Directory, int TrainCount, IReadOnlyDictionary<string, string> FileMd5);

/// <summary>The contents of <c>config.json</c>: everything needed to rerun or audit a run.</summary>
public sealed record RunRecord(
    string Name,
    TrainingConfig Config,
    DataRecord Data,
    IReadOnlyDictionary<string, long> SeedStreams,
    Provenance Provenance,
    DateTime StartedUtc)
{
    /// <summary>Names derived from the config, written for readers that should not derive them again; null in older files.</summary>
    public RunLabels? Labels { get; init; }
}

/// <summary>The contents of <c>summary.json</c>, written last; <c>Status</c> is "completed" only for a finished run ("interrupted" or "diverged" otherwise).</summary>
public sealed record RunSummary(
    string Status,
    long Steps,
    int Epochs,
    long DSteps,
    long GSteps,
    float FinalDLoss,
    float FinalGLoss,
    double WallSeconds,
    double MedianStepMs,
    DateTime FinishedUtc)
{
    public const string Completed = "completed";
    public const string Interrupted = "interrupted";
    public const string Diverged = "diverged";

    /// <summary>D or G updates skipped for a non-finite loss (<c>--on-nan skip-step</c>).</summary>
    public long SkippedSteps { get; init; }
    /// <summary>Why a run stopped early (the divergence message); null for a completed run.</summary>
    public string? Reason { get; init; }
    /// <summary>The last iteration's r_t = E[sign(D(x_real))], D's overfitting signal (metrics.csv's r_t).</summary>
    public double? FinalRealSign { get; init; }
    /// <summary>The last iteration's augmentation probability (metrics.csv's aug_p).</summary>
    public double? FinalAugmentP { get; init; }
    /// <summary>D's train − held-out mean score at the last evaluation (eval.csv's d_score_gap); null without one.</summary>
    public double? FinalDScoreGap { get; init; }
}

/// <summary>
/// The layout of a run directory, the contract between training, evaluation and analysis:
/// <c>config.json</c>, <c>metrics.csv</c>, <c>samples/epoch-NNNN.png</c>, <c>checkpoints/last/</c>, <c>summary.json</c>.
/// </summary>
public sealed class RunDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Name => Path.GetFileName(Root.TrimEnd(Path.DirectorySeparatorChar));
    public string ConfigPath => Path.Combine(Root, "config.json");
    public string MetricsPath => Path.Combine(Root, "metrics.csv");
    public string SummaryPath => Path.Combine(Root, "summary.json");
    public string EvalCsvPath => Path.Combine(Root, "eval.csv");
    public string EvalJsonPath => Path.Combine(Root, "eval.json");
    public string SamplesDir => Path.Combine(Root, "samples");
    public string CheckpointsDir => Path.Combine(Root, "checkpoints");
    public string LastCheckpointDir => Path.Combine(CheckpointsDir, "last");

    /// <summary>The folder of checkpoint <paramref name="name"/> (<c>last</c>, <c>epoch-0005</c>, ...), or a one-line error naming where they are.</summary>
    public string Checkpoint(string name)
    {
        var dir = Path.Combine(CheckpointsDir, name);
        return Directory.Exists(dir) ? dir : throw new GanException($"{dir}: no such checkpoint; use --checkpoint with a folder under {CheckpointsDir}");
    }
    public string TensorBoardDir => Path.Combine(Root, TensorBoardLog.Folder);
    public string SamplePath(int epoch) => Path.Combine(SamplesDir, $"epoch-{epoch:D4}.png");

    /// <summary>Creates a fresh run directory; refuses one that already holds a run, so no finished work is overwritten.</summary>
    public static RunDirectory Create(string root)
    {
        var dir = new RunDirectory(root);
        if (File.Exists(dir.ConfigPath))
            throw new GanException($"run directory '{root}' already holds a run (config.json exists); choose another --out or delete it");
        if (File.Exists(root))
            throw new GanException($"--out '{root}' is a file; choose a directory path");
        Directory.CreateDirectory(dir.SamplesDir);
        Directory.CreateDirectory(dir.LastCheckpointDir);
        return dir;
    }

    public static RunDirectory Open(string root)
    {
        var dir = new RunDirectory(root);
        if (!Directory.Exists(root))
            throw new GanException($"run directory '{root}' does not exist");
        if (!File.Exists(dir.ConfigPath))
            throw new GanException($"'{root}' is not a run directory (no config.json)");
        return dir;
    }

    public RunRecord ReadRecord() => Json.Read<RunRecord>(ConfigPath);
    public RunSummary? ReadSummary() => File.Exists(SummaryPath) ? Json.Read<RunSummary>(SummaryPath) : null;
}
