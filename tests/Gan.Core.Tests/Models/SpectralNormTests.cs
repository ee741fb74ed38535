using Gan.Core.Models;
using Gan.Core.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>Spectral normalisation against the largest singular value LibTorch's SVD computes, in float64.</summary>
public class SpectralNormTests
{
    static double LargestSingularValue(Tensor w) => linalg.svdvals(w.detach().view(w.shape[0], -1)).max().item<double>();

    static Tensor WeightOf(SpectralNorm sn) => sn.get_parameter("weight_orig")!;

    [Test]
    public void Power_iteration_converges_to_the_largest_singular_value_and_the_normalised_weight_has_norm_1()
    {
        random.manual_seed(3);
        using var sn = new SpectralNorm(nn.Linear(12, 7, dtype: ScalarType.Float64));
        using var x = randn(new long[] { 5, 12 }, ScalarType.Float64);
        sn.train();
        for (int i = 0; i < 300; i++)
        {
            using var scope = NewDisposeScope();
            sn.forward(x);
        }
        double truth = LargestSingularValue(WeightOf(sn));
        using var sigma = sn.Sigma();
        Assert.That(sigma.item<double>(), Is.EqualTo(truth).Within(1e-9 * truth));
        using var normalised = WeightOf(sn).detach() / sigma;
        Assert.That(LargestSingularValue(normalised), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void Forward_is_the_layer_with_its_weight_divided_by_sigma()
    {
        random.manual_seed(4);
        using var conv = nn.Conv2d(2, 3, kernel_size: 3, stride: 2, padding: 1, dtype: ScalarType.Float64);
        using var weight = conv.weight.detach().clone();
        using var bias = conv.bias!.detach().clone();
        using var sn = new SpectralNorm(conv);
        sn.eval();
        using var x = randn(new long[] { 2, 2, 9, 9 }, ScalarType.Float64);
        using var sigma = sn.Sigma();
        using var expected = nn.functional.conv2d(x, weight / sigma, bias, strides: [2, 2], padding: [1, 1]);
        using var actual = sn.forward(x);
        Assert.That(actual.shape, Is.EqualTo(new long[] { 2, 3, 5, 5 }));
        Assert.That((actual - expected).abs().max().item<double>(), Is.LessThan(1e-12));
        // 15 power iterations at construction already put σ within 1% of the truth for this weight.
        Assert.That(sigma.item<double>(), Is.EqualTo(LargestSingularValue(weight)).Within(0.01 * LargestSingularValue(weight)));
    }

    [Test]
    public void Eval_mode_leaves_u_alone_and_training_mode_moves_it()
    {
        random.manual_seed(5);
        using var sn = new SpectralNorm(nn.Linear(6, 4));
        using var x = randn(3, 6);
        using var u0 = sn.get_buffer("u")!.clone();
        sn.eval();
        using (NewDisposeScope()) sn.forward(x);
        Assert.That(Tensors.Same(sn.get_buffer("u")!, u0), Is.True, "eval mode must not iterate");
        // Enough iterations at construction that one more changes u only in its last bits, if at all; a fresh weight moves it.
        using (no_grad()) WeightOf(sn).add_(randn(4, 6));
        sn.train();
        using (NewDisposeScope()) sn.forward(x);
        Assert.That(Tensors.Same(sn.get_buffer("u")!, u0), Is.False, "training mode iterates once per forward");
    }

    [Test]
    public void D_with_spectral_norm_starts_from_the_same_weights_and_checkpoints_u()
    {
        random.manual_seed(0);
        using var plain = new D2();
        random.manual_seed(0);
        using var normalised = new D2(new DiscriminatorOptions(SpectralNorm: true));
        var plainWeights = plain.named_parameters().Where(p => p.name.EndsWith(".weight")).Select(p => p.parameter).ToList();
        var snWeights = normalised.named_parameters().Where(p => p.name.EndsWith(".weight_orig")).Select(p => p.parameter).ToList();
        Assert.That(snWeights, Has.Count.EqualTo(5), "two Conv2d and three Linear layers");
        Assert.That(plainWeights.Zip(snWeights).All(p => Tensors.Same(p.First, p.Second)), Is.True, "wrapping draws nothing from the global generator");

        using var dir = new TempDirectory();
        var path = dir.File("D.pt");
        using (NewDisposeScope()) normalised.forward(randn(2, 1, 28, 28));
        normalised.save(path);
        random.manual_seed(1);
        using var restored = new D2(new DiscriminatorOptions(SpectralNorm: true));
        restored.load(path);
        var names = normalised.state_dict().Keys.Where(k => k.EndsWith(".u") || k.EndsWith(".v")).ToList();
        Assert.That(names, Has.Count.EqualTo(10));
        foreach (var name in names)
            Assert.That(Tensors.Same(restored.state_dict()[name], normalised.state_dict()[name]), Is.True, name);
    }

    [Test]
    public void Dropout_adds_layers_only_to_Ds_MLP_and_keeps_the_weights()
    {
        random.manual_seed(0);
        using var plain = new D1();
        random.manual_seed(0);
        using var dropped = new D1(new DiscriminatorOptions(Dropout: 0.3));
        Assert.That(dropped.modules().OfType<TorchSharp.Modules.Dropout>().Count(), Is.EqualTo(2));
        Assert.That(plain.parameters().Zip(dropped.parameters()).All(p => Tensors.Same(p.First, p.Second)), Is.True);
        using var x = randn(4, 1, 28, 28);
        plain.eval();
        dropped.eval();
        using var a = plain.forward(x);
        using var b = dropped.forward(x);
        Assert.That(Tensors.Same(a, b), Is.True, "dropout is the identity in eval mode");
        using var d2 = new D2(new DiscriminatorOptions(Dropout: 0.3));
        Assert.That(d2.modules().OfType<TorchSharp.Modules.Dropout>().Count(), Is.EqualTo(2), "the MLP's two hidden activations, not the convolutions'");
    }
}
