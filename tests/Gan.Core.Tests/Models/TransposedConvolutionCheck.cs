using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>
/// Checks a float32 stride-1 transposed-convolution kernel (x, weight (in, out, k, k), bias) → y against LibTorch's
/// float64 conv_transpose2d, which runs ATen's own kernel rather than oneDNN's. Every value the kernel computes
/// (y, and the gradients wrt x, weight and bias of Σ y·g for a random g) is an exact sum of K terms tᵢ, and any
/// float32 evaluation of it, in any order or blocking, with or without FMA, is within γ_K·Σ|tᵢ| of the exact sum,
/// γ_K = K·u/(1 − K·u), u = 2⁻²⁴ (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1). Σ|tᵢ| is
/// the same float64 operation on absolute values; the reference's own error (γ_K at u = 2⁻⁵³) is added to the bound.
/// </summary>
public static class TransposedConvolutionCheck
{
    /// <summary>How one computed quantity compares with float64: values over the bound, worst error and worst error/bound.</summary>
    public sealed record Result(string Quantity, long Terms, long Values, long OverBound, double MaxError, double MaxErrorOverBound)
    {
        public override string ToString() =>
            $"{Quantity}: {OverBound} of {Values} values over γ_{Terms}·Σ|terms|, max error {MaxError:G3} ({MaxErrorOverBound:G3}× bound)";
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> on seeded normal x (batch, inChannels, size, size), weight and bias, backpropagates
    /// a seeded normal g, and compares y, dx, dweight and dbias with float64.
    /// </summary>
    public static IReadOnlyList<Result> Compare(Func<Tensor, Tensor, Tensor?, Tensor> kernel,
        long batch, long inChannels, long outChannels, long kernelSize, long size, long padding = 0, ulong seed = 1)
    {
        using var scope = NewDisposeScope();
        using var rng = new Generator(seed);
        long outSize = size + kernelSize - 1 - 2 * padding;
        var x = randn([batch, inChannels, size, size], generator: rng);
        var w = randn([inChannels, outChannels, kernelSize, kernelSize], generator: rng);
        var b = randn([outChannels], generator: rng);
        var g = randn([batch, outChannels, outSize, outSize], generator: rng);

        var (y32, dx32, dw32, db32) = Run(kernel, x, w, b, g);
        var (y64, dx64, dw64, db64) = Run(Float64Reference(padding), x.to(ScalarType.Float64), w.to(ScalarType.Float64),
            b.to(ScalarType.Float64), g.to(ScalarType.Float64));

        // Σ|terms|: the reference on |x|, |w| and |g|. The gradients of Σ y·g are linear in g, x and w, so their
        // magnitudes are those gradients taken with absolute values; dbias is Σ g over batch and positions.
        var (ya, dxa, dwa, _) = Run(Float64Reference(padding), x.abs().to(ScalarType.Float64), w.abs().to(ScalarType.Float64),
            null, g.abs().to(ScalarType.Float64));
        var yMagnitude = ya + b.abs().to(ScalarType.Float64).view(1, -1, 1, 1);
        var dbMagnitude = g.abs().to(ScalarType.Float64).sum([0, 2, 3]);

        return
        [
            Measure("y", y32, y64, yMagnitude, inChannels * kernelSize * kernelSize + 1),
            Measure("dx", dx32, dx64, dxa, outChannels * kernelSize * kernelSize),
            Measure("dweight", dw32, dw64, dwa, batch * size * size),
            Measure("dbias", db32!, db64!, dbMagnitude, batch * outSize * outSize),
        ];
    }

    static Func<Tensor, Tensor, Tensor?, Tensor> Float64Reference(long padding) =>
        (x, w, b) => nn.functional.conv_transpose2d(x, w, b, padding: [padding, padding]);

    static (Tensor Y, Tensor Dx, Tensor Dw, Tensor? Db) Run(Func<Tensor, Tensor, Tensor?, Tensor> kernel, Tensor x, Tensor w, Tensor? b, Tensor g)
    {
        var xLeaf = x.detach().requires_grad_();
        var wLeaf = w.detach().requires_grad_();
        var bLeaf = b?.detach().requires_grad_();
        var y = kernel(xLeaf, wLeaf, bLeaf);
        if (!y.shape.SequenceEqual(g.shape))
            throw new InvalidOperationException($"kernel output ({string.Join(",", y.shape)}), expected ({string.Join(",", g.shape)})");
        y.backward([g]);
        return (y.detach(), xLeaf.grad!, wLeaf.grad!, bLeaf?.grad);
    }

    static Result Measure(string quantity, Tensor computed, Tensor reference, Tensor magnitude, long terms)
    {
        var error = (computed.to(ScalarType.Float64) - reference).abs();
        var bound = (Gamma(terms, Math.Pow(2, -24)) + Gamma(terms, Math.Pow(2, -53))) * magnitude;
        return new Result(quantity, terms, error.numel(), error.gt(bound).sum().item<long>(),
            error.max().item<double>(), (error / bound).max().item<double>());
    }

    static double Gamma(long terms, double unitRoundoff) => terms * unitRoundoff / (1 - terms * unitRoundoff);
}
