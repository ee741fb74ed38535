using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// The precision a kernel check tests against float64: its dtype and unit roundoff u (half an ulp of 1). Every bound
/// of the check is written in u, so a lower precision (bfloat16, u = 2⁻⁸) is a new instance, not new bounds.
/// </summary>
public sealed record KernelPrecision(string Name, ScalarType DType, double UnitRoundoff, double SmallestNormal)
{
    public static readonly KernelPrecision Float32 = new("float32", ScalarType.Float32, Math.ScaleB(1, -24), Math.ScaleB(1, -126));

    /// <summary>
    /// γ_K = K·u / (1 − K·u): a sum of K products rounded in this precision, in any order (blocked, pairwise, with or
    /// without FMA), errs by at most γ_K times the sum of the terms' magnitudes (Higham, Accuracy and Stability of
    /// Numerical Algorithms, §3.1). Infinite when K·u ≥ 1, where no such bound exists.
    /// </summary>
    public double Gamma(long terms)
    {
        double ku = terms * UnitRoundoff;
        return ku < 1 ? ku / (1 - ku) : double.PositiveInfinity;
    }
}
