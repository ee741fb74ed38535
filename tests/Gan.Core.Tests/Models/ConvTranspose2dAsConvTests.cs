using Gan.Core.Models;
using Gan.Core.Tests.Support;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

public class ConvTranspose2dAsConvTests
{
    // G3's four transposed convolutions: in and out channels, kernel size, input size.
    static readonly (long In, long Out, long Kernel, long Size)[] G3Layers = [(1, 4, 3, 22), (4, 8, 3, 24), (8, 4, 3, 26), (4, 1, 1, 28)];

    static IEnumerable<TestCaseData> G3LayersAtBatches() =>
        from l in G3Layers
        from batch in new long[] { 1, 2, 64 }
        select new TestCaseData(l.In, l.Out, l.Kernel, l.Size, batch)
            .SetArgDisplayNames($"{l.In}to{l.Out}.k{l.Kernel}.{l.Size}x{l.Size}.batch{batch}");

    static IEnumerable<TestCaseData> G3Kernel3Layers() =>
        G3Layers.Where(l => l.Kernel == 3).Select(l => new TestCaseData(l.In, l.Out, l.Size).SetArgDisplayNames($"{l.In}to{l.Out}.{l.Size}x{l.Size}"));

    static Func<Tensor, Tensor, Tensor?, Tensor> Layer(long padding) => (x, w, b) => ConvTranspose2dAsConv.Apply(x, w, b, padding);

    static void AssertWithinRounding(IReadOnlyList<TransposedConvolutionCheck.Result> results)
    {
        foreach (var r in results) TestContext.Out.WriteLine(r);
        Assert.That(results.Where(r => r.OverBound > 0), Is.Empty);
    }

    [TestCaseSource(nameof(G3LayersAtBatches))]
    public void Output_and_gradients_match_float64_within_float32_rounding_at_G3s_shapes(long inChannels, long outChannels, long kernel, long size, long batch)
    {
        AssertWithinRounding(TransposedConvolutionCheck.Compare(Layer(0), batch, inChannels, outChannels, kernel, size));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Output_and_gradients_match_float64_with_padding(long padding)
    {
        AssertWithinRounding(TransposedConvolutionCheck.Compare(Layer(padding), 2, 4, 8, 3, 24, padding));
    }

    /// <summary>The check fails a transposed convolution that forgets to flip the kernel (the flip matters only for k > 1).</summary>
    [TestCaseSource(nameof(G3Kernel3Layers))]
    public void The_check_rejects_a_kernel_without_the_flip(long inChannels, long outChannels, long size)
    {
        static Tensor Unflipped(Tensor x, Tensor w, Tensor? b) => nn.functional.conv2d(x, w.transpose(0, 1), b, padding: [2, 2]);

        var results = TransposedConvolutionCheck.Compare(Unflipped, 2, inChannels, outChannels, 3, size);

        foreach (var r in results) TestContext.Out.WriteLine(r);
        Assert.That(results.Where(r => r.OverBound > 0).Select(r => r.Quantity), Is.EquivalentTo(new[] { "y", "dx", "dweight" }),
            "the bias is added after the kernel, so only its gradient is right");
    }

    /// <summary>
    /// The bound is tight enough to catch lost precision, not only a wrong function: the right kernel evaluated on
    /// inputs rounded to bfloat16 (8 significant bits, as an implicit bf16 math mode would) fails it.
    /// </summary>
    [Test]
    public void The_check_rejects_a_kernel_that_rounds_its_inputs_to_bfloat16()
    {
        static Tensor Bfloat16Inputs(Tensor x, Tensor w, Tensor? b) =>
            ConvTranspose2dAsConv.Apply(x.to(ScalarType.BFloat16).to(ScalarType.Float32), w.to(ScalarType.BFloat16).to(ScalarType.Float32), b, 0);

        var results = TransposedConvolutionCheck.Compare(Bfloat16Inputs, 2, 4, 8, 3, 24);

        foreach (var r in results) TestContext.Out.WriteLine(r);
        Assert.That(results.Single(r => r.Quantity == "y").OverBound, Is.GreaterThan(0));
    }

    [Test]
    public void Has_ConvTranspose2ds_parameters_and_draws_the_same_initial_values_from_the_global_rng()
    {
        random.manual_seed(7);
        using var native = nn.ConvTranspose2d(4, 8, 3);
        using var nextAfterNative = rand(1);
        random.manual_seed(7);
        using var layer = new ConvTranspose2dAsConv(4, 8, 3);
        using var nextAfterLayer = rand(1);

        var expected = native.named_parameters().ToList();
        var actual = layer.named_parameters().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual.Select(p => p.name), Is.EqualTo(new[] { "weight", "bias" }));
            Assert.That(actual.Select(p => p.name), Is.EqualTo(expected.Select(p => p.name)));
            Assert.That(actual.Zip(expected).All(p => Tensors.Same(p.First.parameter, p.Second.parameter)), Is.True, "same shapes and bits");
            Assert.That(Tensors.Same(nextAfterLayer, nextAfterNative), Is.True, "no extra or missing draw");
            Assert.That(layer.weight.shape, Is.EqualTo(new long[] { 4, 8, 3, 3 }), "(in, out, kH, kW)");
        });
    }

    [Test]
    public void Forward_is_Apply_of_its_parameters_and_backpropagates_into_them()
    {
        using var scope = NewDisposeScope();
        using var layer = new ConvTranspose2dAsConv(4, 8, 3, padding: 1);
        var x = randn(2, 4, 24, 24);
        var upstream = randn(2, 8, 24, 24);

        var y = layer.forward(x);
        y.backward([upstream]);

        var w = layer.weight.detach().requires_grad_();
        var b = layer.bias!.detach().requires_grad_();
        var expected = ConvTranspose2dAsConv.Apply(x, w, b, 1);
        expected.backward([upstream]);
        Assert.Multiple(() =>
        {
            Assert.That(Tensors.Same(y, expected), Is.True);
            Assert.That(Tensors.Same(layer.weight.grad!, w.grad!), Is.True);
            Assert.That(Tensors.Same(layer.bias.grad!, b.grad!), Is.True);
        });
    }

    [TestCase(2, 0, 0, 1, 1, "stride 2")]
    [TestCase(1, 0, 1, 1, 1, "output_padding 1")]
    [TestCase(1, 0, 0, 2, 1, "dilation 2")]
    [TestCase(1, 0, 0, 1, 2, "groups 2")]
    [TestCase(1, 3, 0, 1, 1, "kernel_size − 1 = 2")]
    public void Rejects_settings_other_than_stride_1(long stride, long padding, long outputPadding, long dilation, long groups, string named)
    {
        var e = Assert.Catch<ArgumentException>(() =>
            new ConvTranspose2dAsConv(4, 8, 3, stride, padding, outputPadding, dilation, groups).Dispose())!;
        Assert.That(e.Message, Does.Contain(named));
    }
}
