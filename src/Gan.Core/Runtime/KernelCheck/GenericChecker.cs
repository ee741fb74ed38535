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
/// A wrong kernel errs by the order of the result itself, 16,000 times τ. Every run starts from the same module state
/// and the same global RNG state, so a module that updates buffers when run (spectral normalisation's power iteration)
/// or draws random numbers (dropout's mask) computes the same function in both precisions.
/// </summary>
public sealed class GenericChecker : ILeafChecker
{
    public const double Tolerance = 1 << 10;

    public string? Settings(nn.Module module) => null;

    /// <summary>Widening replaces the module's tensors, and an unknown module may change its own state when run.</summary>
    public bool ChangesModule => true;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var input = context.Normal(inputShape);
        using var rng = random.get_rng_state();
        var state = State(module).Select(t => t.detach().clone()).ToList();
        void Rewind()
        {
            random.set_rng_state(rng);
            using (no_grad())
                foreach (var (t, saved) in State(module).Zip(state)) t.copy_(saved);
        }

        var low = PrecisionRun.Of(module, input, context);
        PrecisionRun high, magnitudes;
        module.to(ScalarType.Float64);
        try
        {
            var wide = low.Input.to(ScalarType.Float64);
            Rewind();
            high = PrecisionRun.Run(module, wide, context.Backward, _ => low.Upstream!.to(ScalarType.Float64));
            Rewind();
            magnitudes = OnAbsoluteValues(module, () => PrecisionRun.Run(module, wide.abs(), context.Backward, _ => low.Upstream!.to(ScalarType.Float64).abs()));
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

    /// <summary>The module's parameters and buffers, in a fixed order.</summary>
    static IEnumerable<Tensor> State(nn.Module module) => module.parameters().Cast<Tensor>().Concat(module.buffers());

    /// <summary>Runs <paramref name="run"/> with every parameter and buffer of the module replaced by its absolute value, then puts them back.</summary>
    static PrecisionRun OnAbsoluteValues(nn.Module module, Func<PrecisionRun> run)
    {
        var tensors = State(module).Where(t => t.is_floating_point()).ToList();
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
