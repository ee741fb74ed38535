using Gan.Core.Runtime;

namespace Gan.Core.Evaluation;

/// <summary>The evaluation as written to eval.json, the run's pair, the seconds spent drawing samples, and the kernel check it passed.</summary>
public sealed record CheckpointEvaluationResult(RunEvaluation Evaluation, string PairLabel, double DrawSeconds, KernelCheckSummary KernelCheck);
