using System.ComponentModel;
using Gan.Core;
using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan eval RUN_DIR</c>: parses the options into a <see cref="CheckpointEvaluationRequest"/>, runs Gan.Core's
/// <see cref="CheckpointEvaluation"/> (which writes <c>eval.json</c>) and prints every metric.
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
        var other = s.Compare is null ? null : CheckpointEvaluation.Read(s.Compare);
        var r = CheckpointEvaluation.Run(new CheckpointEvaluationRequest(s.RunDir, s.Checkpoint, s.Samples, s.Seed, s.Classifier,
            s.CoverageShare, s.Threads, other));
        var evaluation = r.Evaluation;
        var columns = new List<(string, EvaluationResult)> { ($"{evaluation.Run} ({r.PairLabel})", evaluation.Result) };
        if (other is not null) columns.Add((other.Run, other.Result));
        EvaluationTable.Print(columns);
        Console.WriteLine($"{s.Samples} samples drawn in {r.DrawSeconds:F2} s, evaluated in {evaluation.Result.WallSeconds:F2} s " +
            $"(noise seed {evaluation.NoiseSeed}); wrote {RunDirectory.Open(s.RunDir).EvalJsonPath}");
        Console.WriteLine($"kernel check {r.KernelCheck}");
        return ExitCodes.Ok;
    }
}
