using Gan.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>
/// The bf16 layers against float64, forward and backward, with a bound that holds for any kernel summing in float32.
/// <para>
/// Each output (or gradient) element is a sum of K products a·b plus at most one bias term. The layer rounds a and b to
/// bf16 (relative error at most u = 2^-8 each: 8 significant bits, round to nearest), multiplies exactly (a bf16×bf16
/// product fits in float32's 24 bits), sums in float32 in any order (at most γ_K = K·2^-24 / (1 − K·2^-24) relative to
/// the sum of magnitudes, Higham's Theorem 3.1 for any summation order) and rounds the result to bf16 once more (u).
/// So |ŷ − y| ≤ ((1+u)³(1+γ_K) − 1) · Σ|a||b|: the brief's 2u + γ_K for the input roundings plus u for the bf16
/// output, with the second-order terms kept. In backward the incoming float32 gradient is rounded to bf16 by the
/// cast's own backward, and every gradient is again a bf16 product with float32 sums rounded to bf16, so the same form
/// holds with K the number of terms each gradient element sums; Σ|a||b| comes from the same layer run in float64 on
/// |x|, |W|, |b| and |dy|. The bound is about 3·2^-8 ≈ 1.2% of Σ|a||b|; each test also asserts that some element is
/// off by more than float32's own bound γ_K, so a layer that quietly stayed in float32 fails too.
/// </para>
/// </summary>
public class Bf16LayerBoundsTests
{
    const double U = 1.0 / 256;

    static double Bound(long k)
    {
        double gamma = k * Math.Pow(2, -24) / (1 - k * Math.Pow(2, -24));
        return Math.Pow(1 + U, 3) * (1 + gamma) - 1;
    }

    static double Float32Bound(long k) => k * Math.Pow(2, -24) / (1 - k * Math.Pow(2, -24));

    /// <summary>The float64 result, its gradients, and the magnitude sums Σ|a||b| behind each, for one layer function.</summary>
    sealed record Reference(Tensor Y, Tensor Gx, Tensor Gw, Tensor Gb, Tensor MagY, Tensor MagGx, Tensor MagGw, Tensor MagGb);

    static Reference Float64(Func<Tensor, Tensor, Tensor, Tensor> layer, Tensor x, Tensor w, Tensor b, Tensor dy)
    {
        (Tensor, Tensor, Tensor, Tensor) Run(Tensor x0, Tensor w0, Tensor b0, Tensor dy0)
        {
            Tensor Leaf(Tensor t) => t.detach().to(float64).requires_grad_();
            var (x64, w64, b64) = (Leaf(x0), Leaf(w0), Leaf(b0));
            var y = layer(x64, w64, b64);
            y.backward([dy0.to(float64)]);
            return (y.detach(), x64.grad!.detach(), w64.grad!.detach(), b64.grad!.detach());
        }
        var (y, gx, gw, gb) = Run(x, w, b, dy);
        var (my, mgx, mgw, mgb) = Run(x.detach().abs(), w.detach().abs(), b.detach().abs(), dy.abs());
        return new Reference(y, gx, gw, gb, my, mgx, mgw, mgb);
    }

    /// <summary>Runs <paramref name="bf16"/> in float32 on the same values; returns its output and the gradients its float32 tensors received.</summary>
    static (Tensor Y, Tensor Gx, Tensor Gw, Tensor Gb) Bf16(nn.Module<Tensor, Tensor> bf16, Parameter w, Parameter b, Tensor x, Tensor dy)
    {
        var x32 = x.clone().requires_grad_();
        var y = bf16.forward(x32);
        Assert.That(y.dtype, Is.EqualTo(ScalarType.Float32), "the layer hands float32 on");
        y.backward([dy]);
        Assert.Multiple(() =>
        {
            Assert.That(w.grad, Is.Not.Null, "the float32 weight gets a gradient through the casts");
            Assert.That(w.grad!.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(b.grad!.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(x32.grad!.dtype, Is.EqualTo(ScalarType.Float32));
        });
        return (y.detach(), x32.grad!.detach(), w.grad!.detach(), b.grad!.detach());
    }

    static void AssertWithin(string what, Tensor actual, Tensor exact, Tensor magnitude, long k)
    {
        using var scope = NewDisposeScope();
        var error = (actual.to(float64) - exact).abs();
        double excess = (error - magnitude * Bound(k)).max().item<double>();
        double worst = (error / (magnitude + 1e-300)).max().item<double>();
        TestContext.Out.WriteLine($"{what}: K = {k}, largest error / Σ|a||b| = {worst:E3} (bound {Bound(k):E3}, float32's {Float32Bound(k):E3})");
        Assert.That(excess, Is.LessThanOrEqualTo(0), $"{what}: an element is off by more than the bf16 bound");
        Assert.That(worst, Is.GreaterThan(Float32Bound(k)), $"{what}: every element is within float32's bound; was it computed in bf16?");
    }

    [Test]
    public void Bf16Linear_is_within_the_bf16_bound_of_float64_forward_and_backward()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        const long n = 32, inF = 300, outF = 40;
        using var linear = nn.Linear(inF, outF);
        var x = randn(n, inF);
        var dy = randn(n, outF);
        var reference = Float64((a, w, b) => nn.functional.linear(a, w, b), x, linear.weight, linear.bias!, dy);
        var (w, b) = (linear.weight, linear.bias!);
        using var bf16 = Bf16Linear.Wrap(linear)!;
        var (y, gx, gw, gb) = Bf16(bf16, w, b, x, dy);

        AssertWithin("y", y, reference.Y, reference.MagY, inF + 1);
        AssertWithin("dL/dx", gx, reference.Gx, reference.MagGx, outF);
        AssertWithin("dL/dW", gw, reference.Gw, reference.MagGw, n);
        AssertWithin("dL/db", gb, reference.Gb, reference.MagGb, n);
    }

    [Test]
    public void Bf16Conv2d_is_within_the_bf16_bound_of_float64_forward_and_backward()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        const long n = 4, cin = 6, cout = 8, k = 3, size = 10, outSize = size - k + 1;
        using var conv = nn.Conv2d(cin, cout, k);
        var x = randn(n, cin, size, size);
        var dy = randn(n, cout, outSize, outSize);
        var reference = Float64((a, w, b) => nn.functional.conv2d(a, w, b), x, conv.weight, conv.bias!, dy);
        var (w, b) = (conv.weight, conv.bias!);
        using var bf16 = Bf16Conv2d.Wrap(conv)!;
        var (y, gx, gw, gb) = Bf16(bf16, w, b, x, dy);

        AssertWithin("y", y, reference.Y, reference.MagY, cin * k * k + 1);
        AssertWithin("dL/dx", gx, reference.Gx, reference.MagGx, cout * k * k);
        AssertWithin("dL/dW", gw, reference.Gw, reference.MagGw, n * outSize * outSize);
        AssertWithin("dL/db", gb, reference.Gb, reference.MagGb, n * outSize * outSize);
    }
}
