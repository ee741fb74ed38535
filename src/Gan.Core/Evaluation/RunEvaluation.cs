namespace Gan.Core.Evaluation;

/// <summary>
/// The contents of a run's <c>eval.json</c>: which checkpoint was evaluated, at which epoch and step (when the run
/// recorded them), the seed of the evaluation noise, and the result.
/// </summary>
public sealed record RunEvaluation(string Run, string Checkpoint, int? Epoch, long? Step, long NoiseSeed, EvaluationResult Result);
