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
    /// bf16-mixed's layers (<see cref="Models.Bf16Layer{TLeaf}"/>): float32 tensors in and out, both factors of each
    /// product rounded to bfloat16 (u = 2⁻⁸), float32 sums, and the result rounded to bfloat16 once more.
    /// </summary>
    public static readonly KernelPrecision Bf16Mixed = Float32 with { Name = "bf16-mixed", OperandRoundoff = Math.ScaleB(1, -8) };

    /// <summary>Unit roundoff of a rounding applied to each factor and to the result around the sums (0: none).</summary>
    public double OperandRoundoff { get; init; }

    /// <summary>
    /// γ_K = K·u / (1 − K·u): a sum of K products rounded in this precision, in any order (blocked, pairwise, with or
    /// without FMA), errs by at most γ_K times the sum of the terms' magnitudes (Higham, Accuracy and Stability of
    /// Numerical Algorithms, §3.1). Infinite when K·u ≥ 1, where no such bound exists. With operand rounding u′ (two
    /// factors and the result): (1 + u′)³(1 + γ_K) − 1.
    /// </summary>
    public double Gamma(long terms)
    {
        double ku = terms * UnitRoundoff;
        if (ku >= 1) return double.PositiveInfinity;
        double gamma = ku / (1 - ku);
        return OperandRoundoff == 0 ? gamma : Math.Pow(1 + OperandRoundoff, 3) * (1 + gamma) - 1;
    }
}
