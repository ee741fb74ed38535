namespace Gan.Core.Evaluation;

/// <summary>What to evaluate of a run: a checkpoint (<c>last</c> by default), how many samples from which noise seed, and how.</summary>
/// <param name="RunDir">A run directory written by training.</param>
/// <param name="Checkpoint">A folder under the run's checkpoints/.</param>
/// <param name="Samples">Generated samples, at least 10.</param>
/// <param name="Seed">The samples' noise seed; null = the run's evaluation stream (seed + 4), as its periodic evaluations.</param>
/// <param name="Classifier">Classifier weights; null = the data set's shipped ones.</param>
/// <param name="CoverageShare">The share of the samples a class needs to count as covered.</param>
/// <param name="Threads">LibTorch intra-op threads (0 = LibTorch's default).</param>
/// <param name="CompareWith">Another run's evaluation shown beside this one: refused before any sampling if its classifier differs.</param>
public sealed record CheckpointEvaluationRequest(string RunDir, string Checkpoint = "last", int Samples = 10_000, long? Seed = null,
    string? Classifier = null, double CoverageShare = ModeCoverage.DefaultShare, int Threads = 0, RunEvaluation? CompareWith = null);
