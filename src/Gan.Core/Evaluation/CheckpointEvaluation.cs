using System.Diagnostics;
using Gan.Core.Data;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Core.Evaluation;

/// <summary>
/// <c>gan eval</c>'s workflow, for the CLI, scripts and notebooks alike: loads a checkpoint's G (the average when the run
/// kept one), draws samples from the run's evaluation noise stream, evaluates them against the data set's test split,
/// and writes <c>eval.json</c> atomically.
/// </summary>
public static class CheckpointEvaluation
{
    public static CheckpointEvaluationResult Run(CheckpointEvaluationRequest request)
    {
        if (request.Samples < 10) throw new GanException($"--samples {request.Samples} must be at least 10");
        ModeCoverage.RequireShare(request.CoverageShare, "--coverage-share");
        TorchThreads.Use(request.Threads);
        var run = RunDirectory.Open(request.RunDir);
        var config = run.ReadRecord().Config
            ?? throw new GanException($"{Path.Combine(request.RunDir, "config.json")}: no config record; restore the file or evaluate another run");
        var checkpointDir = run.Checkpoint(request.Checkpoint);
        var kernelCheck = KernelCheck.Require(KernelCheckPlan.ForEvaluation(config, request.Samples), request.Threads);

        using var evaluator = Evaluator.ForDataset(config.Dataset, config.DataDir, Split.Test, request.Classifier);
        request.CompareWith?.Result.Classifier.RequireSame(evaluator.Classifier);
        using var g = RunModels.Generator(config, checkpointDir, average: true);
        // A bf16-mixed run's generator is the bf16 network its periodic evaluations sampled, not the float32 one.
        if (config.Precision == Precision.Bf16Mixed) MixedPrecision.UseBf16(g);
        var seed = request.Seed ?? SeedStreams.Evaluation(config.Seed);

        var watch = Stopwatch.StartNew();
        using var samples = GeneratedSamples.Draw(g, request.Samples, seed);
        var drawSeconds = watch.Elapsed.TotalSeconds;
        var result = evaluator.Evaluate(samples, request.CoverageShare);
        var summary = request.Checkpoint == "last" ? run.ReadSummary() : null;
        var evaluation = new RunEvaluation(run.Name, request.Checkpoint, summary?.Epochs, summary?.Steps, seed, result);
        Json.WriteAtomic(run.EvalJsonPath, evaluation);
        return new CheckpointEvaluationResult(evaluation, config.PairLabel, drawSeconds, kernelCheck);
    }

    /// <summary>A run's eval.json, with the coverage's share count filled in for files written before it existed.</summary>
    public static RunEvaluation Read(string runDir)
    {
        var run = RunDirectory.Open(runDir);
        if (!File.Exists(run.EvalJsonPath))
            throw new GanException($"{run.EvalJsonPath}: not found; run 'gan eval {runDir}' first");
        var read = Json.Read<RunEvaluation>(run.EvalJsonPath);
        return read with { Result = read.Result with { Coverage = read.Result.Coverage.WithShareCount() } };
    }
}
