using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Any leaf module without a registered checker: the module itself, widened to float64 (same weights, converted back
/// afterwards, which is exact), runs the whole batch forward and backward, and every output and gradient is compared
/// with <see cref="Tolerance"/>·u times the largest magnitude of its float64 reference. Nothing is known about the
/// sums such a module computes, so the bound is per tensor: a correct kernel summing T terms errs by about u·√T times
/// the result's scale (at most u·T), and τ = 2¹⁰·u = 6.1e-5 for float32 covers √T up to 1,024, i.e. every reduction in
/// these models (the largest, a weight gradient over 64 × 28 × 28 = 50,176 products, has √T ≈ 224). A wrong kernel errs by
/// the order of the result itself, 16,000 times τ. The check runs on the module it is given, so it must be a copy the
/// caller owns.
/// </summary>
public sealed class GenericChecker : ILeafChecker
{
    public const double Tolerance = 1 << 10;

    public string? Settings(nn.Module module) => null;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var low = PrecisionRun.Of(module, context.Normal(inputShape), context);
        PrecisionRun high;
        module.to(ScalarType.Float64);
        try
        {
            high = PrecisionRun.Run(module, low.Input.to(ScalarType.Float64), context.Backward, _ => low.Upstream!.to(ScalarType.Float64));
        }
        finally
        {
            module.to(context.Precision.DType);
        }
        double tolerance = Tolerance * context.Precision.UnitRoundoff;
        Deviation Compare(Tensor actual, Tensor reference) =>
            Deviation.Of(actual.to(ScalarType.Float64), reference, tolerance * reference.abs().max().expand_as(reference));

        var results = new List<LeafComparison> { new(CheckDirection.Forward, Compare(low.Output, high.Output)) };
        if (!context.Backward) return results;
        results.Add(new(CheckDirection.GradInput, Compare(low.GradInput!, high.GradInput!)));
        foreach (var (name, grad) in low.GradParameters)
            results.Add(new(CheckDirection.Grad(name), Compare(grad, high.Grad(name))));
        return results;
    }
}
