using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Any leaf module without a registered checker. The module itself, widened to float64 (same weights; converted back
/// afterwards, which is exact), runs the whole batch forward and backward on the same input and upstream gradient, and
/// every output and gradient element is compared against <see cref="Tolerance"/>·u times the larger of two magnitudes:
/// <list type="bullet">
/// <item>the tensor's largest float64 value. A correct kernel summing T terms errs by about u·√T of the result's scale
/// (at most u·T), and τ = 2¹⁰·u = 6.1e-5 for float32 covers √T up to 1,024: every reduction in these models (the
/// largest, a weight gradient over 64 × 28 × 28 = 50,176 products, has √T ≈ 224).</item>
/// <item>the same element computed by the float64 module on |input|, |parameters| and |upstream gradient|. For a module
/// that sums products (a linear map, a convolution, a transposed convolution done by conv2d) that is Σ|terms|, to which
/// rounding errors are proportional, so an element that cancels to nearly 0 (a bias gradient summing ±g) keeps the
/// allowance of its terms rather than of its small value. For any other module it only ever widens the bound.</item>
/// </list>
/// A wrong kernel errs by the order of the result itself, 16,000 times τ.
/// </summary>
public sealed class GenericChecker : ILeafChecker
{
    public const double Tolerance = 1 << 10;

    public string? Settings(nn.Module module) => null;

    /// <summary>Widening replaces the module's tensors, and an unknown module may change its own state when run.</summary>
    public bool ChangesModule => true;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var low = PrecisionRun.Of(module, context.Normal(inputShape), context);
        PrecisionRun high, magnitudes;
        module.to(ScalarType.Float64);
        try
        {
            var input = low.Input.to(ScalarType.Float64);
            high = PrecisionRun.Run(module, input, context.Backward, _ => low.Upstream!.to(ScalarType.Float64));
            magnitudes = OnAbsoluteValues(module, () => PrecisionRun.Run(module, input.abs(), context.Backward, _ => low.Upstream!.to(ScalarType.Float64).abs()));
        }
        finally
        {
            module.to(context.Precision.DType);
        }
        double tolerance = Tolerance * context.Precision.UnitRoundoff;
        Deviation Compare(Tensor actual, Tensor reference, Tensor magnitude) =>
            Deviation.Of(actual.to(ScalarType.Float64), reference, tolerance * magnitude.abs().maximum(reference.abs().max()));

        var results = new List<LeafComparison> { new(CheckDirection.Forward, Compare(low.Output, high.Output, magnitudes.Output)) };
        if (!context.Backward) return results;
        results.Add(new(CheckDirection.GradInput, Compare(low.GradInput!, high.GradInput!, magnitudes.GradInput!)));
        foreach (var (name, grad) in low.GradParameters)
            results.Add(new(CheckDirection.Grad(name), Compare(grad, high.Grad(name), magnitudes.Grad(name))));
        return results;
    }

    /// <summary>Runs <paramref name="run"/> with every parameter and buffer of the module replaced by its absolute value, then puts them back.</summary>
    static PrecisionRun OnAbsoluteValues(nn.Module module, Func<PrecisionRun> run)
    {
        var tensors = module.parameters().Cast<Tensor>().Concat(module.buffers()).Where(t => t.is_floating_point()).ToList();
        var saved = tensors.Select(t => t.detach().clone()).ToList();
        using (no_grad())
            foreach (var t in tensors) t.abs_();
        try
        {
            return run();
        }
        finally
        {
            using (no_grad())
                for (int i = 0; i < tensors.Count; i++) tensors[i].copy_(saved[i]);
        }
    }
}
