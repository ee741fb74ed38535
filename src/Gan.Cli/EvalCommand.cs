using System.ComponentModel;
using System.Diagnostics;
using Gan.Core;
using Gan.Core.Data;
using Gan.Core.Evaluation;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan eval RUN_DIR</c>: loads a checkpoint's G, draws samples from the run's evaluation noise stream, evaluates
/// them against the data set's test split, writes <c>eval.json</c> and prints every metric.
/// </summary>
public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>"), Description("A run directory written by 'gan train'.")]
        public string RunDir { get; init; } = "";
        [CommandOption("--checkpoint <NAME>"), Description("Checkpoint folder under checkpoints/ (default last).")]
        public string Checkpoint { get; init; } = "last";
        [CommandOption("--samples <N>"), Description("Generated samples (default 10000).")]
        public int Samples { get; init; } = 10_000;
        [CommandOption("--seed <SEED>"), Description("Noise seed of the samples (default: the run's evaluation stream, seed + 4).")]
        public long? Seed { get; init; }
        [CommandOption("--classifier <PATH>"), Description("Classifier weights (default data/classifiers/lenet-<dataset>.pt; mnist uses mnist-sample's).")]
        public string? Classifier { get; init; }
        [CommandOption("--coverage-share <S>"), Description("A class counts as covered in 'classes covered (≥ share)' when it holds at least this fraction of the samples (default 0.01).")]
        public double CoverageShare { get; init; } = ModeCoverage.DefaultShare;
        [CommandOption("--threads <T>"), Description("LibTorch intra-op threads (0 = LibTorch's default).")]
        public int Threads { get; init; }
        [CommandOption("--compare <RUN_DIR>"), Description("Also show another run's eval.json (refused if it used other classifier weights).")]
        public string? Compare { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Samples < 10) throw new GanException($"--samples {s.Samples} must be at least 10");
        ModeCoverage.RequireShare(s.CoverageShare, "--coverage-share");
        TorchThreads.Use(s.Threads);
        var run = RunDirectory.Open(s.RunDir);
        var config = run.ReadRecord().Config;
        var checkpointDir = Path.Combine(run.CheckpointsDir, s.Checkpoint);
        if (!Directory.Exists(checkpointDir))
            throw new GanException($"{checkpointDir}: no such checkpoint; use --checkpoint with a folder under {run.CheckpointsDir}");
        var other = s.Compare is null ? null : ReadEvaluation(s.Compare);
        var kernelCheck = KernelCheck.Require(KernelCheckPlan.ForEvaluation(config, s.Samples), s.Threads);

        using var evaluator = Evaluator.ForDataset(config.Dataset, config.DataDir, Split.Test, s.Classifier);
        other?.Result.Classifier.RequireSame(evaluator.Classifier);
        using var g = RunModels.Generator(config, checkpointDir, average: true);
        // A bf16-mixed run's generator is the bf16 network its periodic evaluations sampled, not the float32 one.
        if (config.Precision == Precision.Bf16Mixed) MixedPrecision.UseBf16(g);
        var seed = s.Seed ?? SeedStreams.Evaluation(config.Seed);

        var watch = Stopwatch.StartNew();
        using var samples = GeneratedSamples.Draw(g, s.Samples, seed);
        var drawSeconds = watch.Elapsed.TotalSeconds;
        var result = evaluator.Evaluate(samples, s.CoverageShare);
        var summary = s.Checkpoint == "last" ? run.ReadSummary() : null;
        var evaluation = new RunEvaluation(run.Name, s.Checkpoint, summary?.Epochs, summary?.Steps, seed, result);
        Json.WriteAtomic(run.EvalJsonPath, evaluation);

        var columns = new List<(string, EvaluationResult)> { ($"{run.Name} ({config.PairLabel})", result) };
        if (other is not null) columns.Add((other.Run, other.Result));
        EvaluationTable.Print(columns);
        Console.WriteLine($"{s.Samples} samples drawn in {drawSeconds:F2} s, evaluated in {result.WallSeconds:F2} s (noise seed {seed}); wrote {run.EvalJsonPath}");
        Console.WriteLine($"kernel check {kernelCheck}");
        return ExitCodes.Ok;
    }

    static RunEvaluation ReadEvaluation(string runDir)
    {
        var run = RunDirectory.Open(runDir);
        if (!File.Exists(run.EvalJsonPath))
            throw new GanException($"{run.EvalJsonPath}: not found; run 'gan eval {runDir}' first");
        var read = Json.Read<RunEvaluation>(run.EvalJsonPath);
        return read with { Result = read.Result with { Coverage = read.Result.Coverage.WithShareCount() } };
    }
}
