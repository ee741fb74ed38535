namespace Gan.Core.Objectives;

/// <summary>What a registered objective is built from: the number after its name (λ of wgan-gp:10) and D's real label.</summary>
/// <param name="Parameter">The number given as NAME:NUMBER, or null.</param>
/// <param name="RealLabel">D's target for real data: 1, or less with one-sided label smoothing (<c>--label-smoothing</c>).</param>
public sealed record ObjectiveSettings(double? Parameter = null, double RealLabel = 1);
