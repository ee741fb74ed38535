using Gan.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>
/// G3 in float32 against a float64 copy with identical weights whose transposed convolutions run LibTorch's native
/// float64 conv_transpose2d (ATen's own kernel), in train mode (BatchNorm on batch statistics; at batch 1 each channel
/// still has 576 or more values). Compared: the output, and every parameter's gradient of Σ output·r for a fixed random r.
/// <para>
/// Tolerances. The network's sums have up to K = 64·26·26 = 43,264 terms (a weight gradient at batch 64); rounding
/// errors of a correct float32 evaluation accumulate like √K·u ≈ 1.2e-5 relative (u = 2⁻²⁴), and BatchNorm rescales
/// each channel to unit variance, so errors stay relative to the layer's scale rather than growing with depth. Outputs
/// are tanh values in (−1, 1): allowed 2⁻¹⁵ absolute (256 float32 ulps of 1.0). Gradients: allowed 2⁻¹² ≈ 2.4e-4
/// (20·√K·u) of the largest float64 gradient of the same layer; per layer rather than per tensor because a
/// convolution bias in front of BatchNorm has an exact gradient of 0, of which float32 computes only rounding noise.
/// A wrong transposed convolution moves outputs and gradients by amounts of order 1 relative
/// (<see cref="The_check_rejects_G3_with_an_unflipped_transposed_convolution"/>).
/// </para>
/// </summary>
public class G3Float64Tests
{
    const double OutputTolerance = 1.0 / (1 << 15);
    const double GradientTolerance = 1.0 / (1 << 12);

    sealed record LayerGradientError(string Layer, double MaxError, double Scale)
    {
        public bool Within => MaxError <= GradientTolerance * Scale;
        public override string ToString() => $"{Layer}: gradient error {MaxError:G3}, {MaxError / Scale:G3} of the layer's largest |gradient| {Scale:G3}";
    }

    sealed record Comparison(double OutputError, IReadOnlyList<LayerGradientError> Layers);

    static IEnumerable<TestCaseData> SlopesAndBatches() =>
        from slope in Enum.GetValues<SlopeVariant>()
        from batch in new long[] { 1, 2, 64 }
        select new TestCaseData(slope, batch).SetArgDisplayNames($"{slope.Name()}.batch{batch}");

    [TestCaseSource(nameof(SlopesAndBatches))]
    public void Train_mode_output_and_parameter_gradients_match_float64(SlopeVariant slope, long batch)
    {
        var c = Compare(slope, batch, float32Kernel: null);

        TestContext.Out.WriteLine($"output error {c.OutputError:G3}");
        foreach (var l in c.Layers) TestContext.Out.WriteLine(l);
        Assert.Multiple(() =>
        {
            Assert.That(c.OutputError, Is.LessThanOrEqualTo(OutputTolerance));
            Assert.That(c.Layers.Where(l => !l.Within), Is.Empty);
        });
    }

    [Test]
    public void The_check_rejects_G3_with_an_unflipped_transposed_convolution()
    {
        static Tensor Unflipped(Tensor x, Tensor w, Tensor? b) =>
            nn.functional.conv2d(x, w.transpose(0, 1), b, padding: [w.shape[2] - 1, w.shape[3] - 1]);

        var c = Compare(SlopeVariant.Seed, 2, Unflipped);

        TestContext.Out.WriteLine($"output error {c.OutputError:G3}");
        foreach (var l in c.Layers) TestContext.Out.WriteLine(l);
        Assert.Multiple(() =>
        {
            Assert.That(c.OutputError, Is.GreaterThan(OutputTolerance));
            Assert.That(c.Layers.Where(l => !l.Within).Select(l => l.Layer), Does.Contain("gen.0").And.Contain("expand.0"),
                "the first transposed convolution's own gradient and, through it, the MLP's");
        });
    }

    /// <summary>
    /// Runs G3 (seed 11, input and output weights from seed 12) in float32 and in float64. <paramref name="float32Kernel"/>,
    /// when given, replaces the float32 model's transposed convolutions, to show what the comparison catches.
    /// </summary>
    static Comparison Compare(SlopeVariant slope, long batch, Func<Tensor, Tensor, Tensor?, Tensor>? float32Kernel)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(11);
        using var g32 = new G3(slope);
        using var g64 = new G3(slope);
        g64.to(ScalarType.Float64);
        var float32Parameters = g32.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            foreach (var (name, p) in g64.named_parameters())
                p.copy_(float32Parameters[name]);
        }
        ReplaceTransposedConvolutions(g64, (x, w, b) => nn.functional.conv_transpose2d(x, w, b));
        if (float32Kernel is not null) ReplaceTransposedConvolutions(g32, float32Kernel);

        using var rng = new torch.Generator(12);
        var z = randn([batch, g32.NoiseDim], generator: rng);
        var r = randn([batch, 1, 28, 28], generator: rng);
        var y32 = g32.forward(z);
        y32.backward([r]);
        var y64 = g64.forward(z.to(ScalarType.Float64));
        y64.backward([r.to(ScalarType.Float64)]);

        var float64Gradients = g64.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        var layers = g32.named_parameters()
            .GroupBy(p => p.name[..p.name.LastIndexOf('.')])
            .Select(layer => new LayerGradientError(
                layer.Key,
                layer.Max(p => (p.parameter.grad!.to(ScalarType.Float64) - float64Gradients[p.name]).abs().max().item<double>()),
                layer.Max(p => float64Gradients[p.name].abs().max().item<double>())))
            .ToList();
        return new Comparison((y32.to(ScalarType.Float64) - y64).abs().max().item<double>(), layers);
    }

    /// <summary>Makes each <see cref="ConvTranspose2dAsConv"/> in <paramref name="model"/> return <paramref name="kernel"/> of its input and parameters instead.</summary>
    static void ReplaceTransposedConvolutions(nn.Module model, Func<Tensor, Tensor, Tensor?, Tensor> kernel)
    {
        foreach (var (_, module) in model.named_modules())
        {
            if (module is ConvTranspose2dAsConv layer)
                layer.register_forward_hook((_, input, _) => kernel(input, layer.weight, layer.bias));
        }
    }
}
