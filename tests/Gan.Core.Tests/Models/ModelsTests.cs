using Gan.Core.Models;
using Gan.Core.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

public class ModelsTests
{
    // D2 has 38M parameters: build it once (seed 0) for the shape, slope and initialisation tests.
    Discriminator _d2 = null!;

    [OneTimeSetUp]
    public void BuildD2()
    {
        random.manual_seed(0);
        _d2 = ModelZoo.CreateDiscriminator("D2");
    }

    [OneTimeTearDown]
    public void DisposeD2() => _d2.Dispose();

    Discriminator Discriminator(string name)
    {
        if (name == "D2") return _d2;
        random.manual_seed(0);
        return ModelZoo.CreateDiscriminator(name);
    }

    static IEnumerable<(string Path, nn.Module Module)> Leaves(nn.Module model) =>
        model.named_modules().Where(m => !m.module.children().Any()).Select(m => (m.name, m.module));

    [TestCase("G1", 293_136)]
    [TestCase("G2", 1_486_352)]
    [TestCase("G3", 150_911)]
    public void Generator_has_the_studys_parameter_count(string name, long expected)
    {
        using var g = ModelZoo.CreateGenerator(name);
        Assert.That(ModelZoo.ParameterCount(g), Is.EqualTo(expected));
    }

    [TestCase("D1", 267_009)]
    [TestCase("D2", 38_293_889)]
    public void Discriminator_has_the_studys_parameter_count(string name, long expected)
    {
        var d = Discriminator(name);
        Assert.That(ModelZoo.ParameterCount(d), Is.EqualTo(expected));
        if (d != _d2) d.Dispose();
    }

    [Test]
    public void Slope_variant_does_not_change_parameter_counts()
    {
        using var g2 = ModelZoo.CreateGenerator("G2", SlopeVariant.Fixed);
        using var g3 = ModelZoo.CreateGenerator("G3", SlopeVariant.Fixed);
        Assert.That(ModelZoo.ParameterCount(g2), Is.EqualTo(1_486_352));
        Assert.That(ModelZoo.ParameterCount(g3), Is.EqualTo(150_911));
    }

    [Test]
    public void Generator_maps_noise_to_images_in_minus_1_to_1(
        [Values("G1", "G2", "G3")] string name, [Values(SlopeVariant.Seed, SlopeVariant.Fixed)] SlopeVariant slope, [Values(1, 64)] int n)
    {
        random.manual_seed(0);
        using var g = ModelZoo.CreateGenerator(name, slope);
        using var scope = NewDisposeScope();
        // Scaled noise pushes the Tanh towards saturation so the range check bites.
        var x = g.forward(randn(n, 100) * 10);
        Assert.Multiple(() =>
        {
            Assert.That(x.shape, Is.EqualTo(new long[] { n, 1, 28, 28 }));
            Assert.That(x.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(x.min().item<float>(), Is.GreaterThanOrEqualTo(-1f));
            Assert.That(x.max().item<float>(), Is.LessThanOrEqualTo(1f));
        });
    }

    [Test]
    public void Discriminator_maps_images_to_one_raw_score_each([Values("D1", "D2")] string name, [Values(1, 64)] int n)
    {
        var d = Discriminator(name);
        using var scope = NewDisposeScope();
        var s = d.forward(rand(n, 1, 28, 28) * 2 - 1);
        Assert.Multiple(() =>
        {
            Assert.That(s.shape, Is.EqualTo(new long[] { n }));
            Assert.That(isfinite(s).all().item<bool>(), Is.True);
            // A logit, not a probability: the objective applies any sigmoid (a Sigmoid left in D would square it).
            Assert.That(d.modules().OfType<TorchSharp.Modules.Sigmoid>(), Is.Empty);
        });
        if (d != _d2) d.Dispose();
    }

    /// <summary>What each LeakyReLU of the model does to −2 (its slope × −2) and 3 (unchanged).</summary>
    static List<(string Path, float Negative, float Positive)> LeakyReluResponses(nn.Module model)
    {
        var probe = tensor(new[] { -2f, 3f });
        return Leaves(model)
            .Where(l => l.Module is TorchSharp.Modules.LeakyReLU)
            .Select(l =>
            {
                var y = ((nn.Module<Tensor, Tensor>)l.Module).forward(probe.clone()).data<float>().ToArray();
                return (l.Path, y[0], y[1]);
            }).ToList();
    }

    [TestCase("G2", SlopeVariant.Seed, 3, 1.0f)]
    [TestCase("G2", SlopeVariant.Fixed, 3, 0.2f)]
    [TestCase("G3", SlopeVariant.Seed, 6, 1.0f)]
    [TestCase("G3", SlopeVariant.Fixed, 6, 0.2f)]
    public void Slope_variant_sets_every_LeakyReLU_of_G2_and_G3(string name, SlopeVariant slope, int count, float expectedSlope)
    {
        using var g = ModelZoo.CreateGenerator(name, slope);
        var responses = LeakyReluResponses(g);
        Assert.That(responses, Has.Count.EqualTo(count));
        foreach (var (path, negative, positive) in responses)
        {
            Assert.That(negative, Is.EqualTo(-2f * expectedSlope).Within(1e-6f), path);
            Assert.That(positive, Is.EqualTo(3f), path);
        }
    }

    [TestCase("D1", 2)]
    [TestCase("D2", 4)]
    public void Discriminators_always_use_slope_0_2(string name, int count)
    {
        var d = Discriminator(name);
        var responses = LeakyReluResponses(d);
        Assert.That(responses, Has.Count.EqualTo(count));
        Assert.That(responses.Select(r => r.Negative), Has.All.EqualTo(-0.4f).Within(1e-6f));
        if (d != _d2) d.Dispose();
    }

    [Test]
    public void G1_is_the_same_model_under_either_slope_variant()
    {
        Assert.That(ModelZoo.HasSlope("G1"), Is.False);
        Assert.That(ModelZoo.HasSlope("G2") && ModelZoo.HasSlope("G3"), Is.True);
        random.manual_seed(0);
        using var seed = ModelZoo.CreateGenerator("G1", SlopeVariant.Seed);
        random.manual_seed(0);
        using var fixedSlope = ModelZoo.CreateGenerator("G1", SlopeVariant.Fixed);
        using var scope = NewDisposeScope();
        var z = randn(8, 100);
        Assert.That(Tensors.Same(seed.forward(z), fixedSlope.forward(z)), Is.True);
    }

    /// <summary>
    /// G2's four Linear layers composed in float64 as one affine map: M = W4·W3·W2·W1, c = W4(W3(W2·b1 + b2) + b3) + b4,
    /// and the largest difference between tanh(z·Mᵀ + c) and G2's forward.
    /// </summary>
    static double MaxDifferenceFromOneAffineMapAndTanh(SlopeVariant slope)
    {
        random.manual_seed(0);
        using var g = ModelZoo.CreateGenerator("G2", slope);
        using var scope = NewDisposeScope();
        var linears = Leaves(g).Select(l => l.Module).OfType<TorchSharp.Modules.Linear>().ToList();
        Assert.That(linears, Has.Count.EqualTo(4));
        var m = linears[0].weight!.to(ScalarType.Float64);
        var c = linears[0].bias!.to(ScalarType.Float64);
        foreach (var l in linears.Skip(1))
        {
            var w = l.weight!.to(ScalarType.Float64);
            m = w.matmul(m);
            c = w.matmul(c) + l.bias!.to(ScalarType.Float64);
        }
        var z = randn(16, 100);
        var affine = tanh(z.to(ScalarType.Float64).matmul(m.t()) + c);
        using (no_grad())
        {
            var actual = g.forward(z).view(16, 784).to(ScalarType.Float64);
            return (actual - affine).abs().max().item<double>();
        }
    }

    [Test]
    public void G2_with_the_seed_slope_is_one_affine_map_followed_by_tanh()
    {
        // float32 forward against the float64 product of the weight matrices: rounding only.
        Assert.That(MaxDifferenceFromOneAffineMapAndTanh(SlopeVariant.Seed), Is.LessThan(1e-5));
    }

    [Test]
    public void G2_with_the_fixed_slope_is_not_affine()
    {
        Assert.That(MaxDifferenceFromOneAffineMapAndTanh(SlopeVariant.Fixed), Is.GreaterThan(1e-2));
    }

    /// <summary>
    /// PyTorch's default initialisation (reset_parameters of Linear, Conv2d, ConvTranspose2d, which G3's
    /// ConvTranspose2dAsConv inherits): weights from
    /// kaiming_uniform_(a=√5), i.e. U(±gain·√(3/fan_in)) with gain = √(2/(1+5)), which is U(±1/√fan_in); biases
    /// U(±1/√fan_in). fan_in is computed from the weight tensor as PyTorch's _calculate_fan_in_and_fan_out does:
    /// weight.size(1) × the kernel's elements. For ConvTranspose2d the weight is (in, out, kH, kW), so fan_in is
    /// out_channels·k·k, not in_channels·k·k.
    /// </summary>
    [TestCase("G1")]
    [TestCase("G2")]
    [TestCase("G3")]
    [TestCase("D1")]
    [TestCase("D2")]
    public void Layers_have_pytorchs_default_initialisation(string name)
    {
        random.manual_seed(0);
        var model = name.StartsWith('G') ? (nn.Module)ModelZoo.CreateGenerator(name) : Discriminator(name);
        int checkedLayers = 0;
        foreach (var (path, module) in Leaves(model))
        {
            if (module is not (TorchSharp.Modules.Linear or TorchSharp.Modules.Convolution))
                continue;
            var p = module.named_parameters().ToDictionary(x => x.name, x => x.parameter);
            var weight = p["weight"];
            var shape = weight.shape;
            if (module is TorchSharp.Modules.Convolution { transposed: true } ct)
                Assert.That(shape[1], Is.EqualTo(ct.out_channels), $"{path}: a transposed convolution's weight is (in, out, k, k)");
            long fanIn = shape[1] * shape.Skip(2).Aggregate(1L, (a, b) => a * b);
            double bound = 1 / Math.Sqrt(fanIn);
            AssertUniform(weight, bound, $"{name} {path}.weight (fan_in {fanIn})");
            AssertUniform(p["bias"], bound, $"{name} {path}.bias (fan_in {fanIn})");
            checkedLayers++;
        }
        Assert.That(checkedLayers, Is.EqualTo(name switch { "G1" or "D1" => 3, "G2" => 4, "G3" => 6, _ => 5 }));
        if (model != _d2) model.Dispose();
    }

    /// <summary>
    /// Values within ±bound and, when there are enough of them to tell, spread like U(±bound): the sample standard
    /// deviation is within 6 standard errors of bound/√3 (the relative standard error of a uniform sample's std is
    /// √0.2/√n ≈ 0.447/√n) and the mean within 6 standard errors of 0. Seeded, so the outcome is fixed; the 6-SE
    /// margin keeps the test meaningful but not fragile if the seed stream changes.
    /// </summary>
    static void AssertUniform(Tensor t, double bound, string what)
    {
        using var scope = NewDisposeScope();
        var x = t.detach().to(ScalarType.Float64);
        long n = x.numel();
        double sigma = bound / Math.Sqrt(3);
        Assert.That(x.abs().max().item<double>(), Is.LessThanOrEqualTo(bound), $"{what}: outside ±1/√fan_in = ±{bound:G4}");
        if (n < 2) return;
        Assert.That(x.std().item<double>(), Is.GreaterThan(0), $"{what}: all values equal");
        if (n < 100) return;
        double relSe = Math.Sqrt(0.2 / n);
        Assert.That(x.std().item<double>(), Is.EqualTo(sigma).Within(6 * relSe * sigma), $"{what}: std is not bound/√3");
        Assert.That(x.mean().item<double>(), Is.EqualTo(0).Within(6 * sigma / Math.Sqrt(n)), $"{what}: mean is not 0");
    }

    [Test]
    public void G3_batch_norms_start_as_the_identity()
    {
        using var g = ModelZoo.CreateGenerator("G3");
        var norms = Leaves(g).Where(l => l.Module is TorchSharp.Modules.BatchNorm2d).ToList();
        Assert.That(norms, Has.Count.EqualTo(4));
        foreach (var (path, module) in norms)
        {
            var p = module.named_parameters().ToDictionary(x => x.name, x => x.parameter);
            Assert.That(p["weight"].data<float>().ToArray(), Has.All.EqualTo(1f), path);
            Assert.That(p["bias"].data<float>().ToArray(), Has.All.EqualTo(0f), path);
        }
    }

    [Test]
    public void Same_seed_builds_the_same_weights()
    {
        random.manual_seed(5);
        using var a = ModelZoo.CreateGenerator("G3");
        random.manual_seed(5);
        using var b = ModelZoo.CreateGenerator("G3");
        random.manual_seed(6);
        using var c = ModelZoo.CreateGenerator("G3");
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        var pc = c.parameters().ToList();
        Assert.That(pa.Zip(pb).All(x => Tensors.Same(x.First, x.Second)), Is.True);
        Assert.That(pa.Zip(pc).All(x => Tensors.Same(x.First, x.Second)), Is.False);
    }

    [Test]
    public void Any_generator_pairs_with_any_discriminator_and_presets_name_the_studys_pairs()
    {
        Assert.That(ModelZoo.Pairs.Select(p => (p.Name, p.Generator, p.Discriminator)),
            Is.EqualTo(new[] { ("g1-d1", "G1", "D1"), ("g2-d2", "G2", "D2"), ("g3-d2", "G3", "D2") }));
        Assert.That(ModelZoo.Pair("G3-D2").Generator, Is.EqualTo("G3"));
        Assert.That(ModelZoo.Pair("G2-d1"), Is.EqualTo(new PairPreset("g2-d1", "G2", "D1", "not one of the study's pairs")));
        Assert.Throws<GanException>(() => ModelZoo.Pair("g2-d1-x"));
        var e = Assert.Throws<GanException>(() => ModelZoo.Pair("g9-d9"))!;
        Assert.That(e.Message, Does.Contain("'g9-d9'").And.Contain("g1-d1"));
        Assert.That(ModelZoo.CanonicalGenerator("g3"), Is.EqualTo("G3"));
        Assert.Throws<GanException>(() => ModelZoo.CreateGenerator("G4"));
        Assert.Throws<GanException>(() => ModelZoo.CreateDiscriminator("D3"));
    }

    [Test]
    public void The_zoo_is_a_registry_with_the_studys_models_and_G2_BN()
    {
        Assert.That(ModelZoo.Generators, Is.EqualTo(new[] { "G1", "G2", "G2-BN", "G3" }));
        Assert.That(ModelZoo.Discriminators, Is.EqualTo(new[] { "D1", "D2" }));
        Assert.That(ModelZoo.Pair("g2-bn-d2"), Is.EqualTo(new PairPreset("g2-bn-d2", "G2-BN", "D2", "not one of the study's pairs")));
        Assert.That(ModelZoo.HasSlope("g2-bn"), Is.True);
        using var g = ModelZoo.CreateGenerator("G2-BN");
        Assert.That(ModelZoo.ParameterCount(g), Is.EqualTo(1_489_936), "G2's 1,486,352 and two per BatchNorm1d feature (256 + 512 + 1024)");
        Assert.That(g.modules().OfType<TorchSharp.Modules.BatchNorm1d>().Count(), Is.EqualTo(3));
        var e = Assert.Throws<GanException>(() => ModelZoo.RegisterDiscriminator("d2", _ => new D2()))!;
        Assert.That(e.Message, Does.Contain("'d2' is registered already"));
    }

    [Test]
    public void Model_card_lists_every_layer_with_its_parameters_and_output_shape()
    {
        using var g = ModelZoo.CreateGenerator("G3");
        var card = ModelCard.Describe("G3", g, [2, 100]);
        Assert.Multiple(() =>
        {
            Assert.That(card.Parameters, Is.EqualTo(150_911));
            Assert.That(card.OutputShape, Is.EqualTo(new long[] { 2, 1, 28, 28 }));
            Assert.That(card.Layers.Sum(l => l.Parameters), Is.EqualTo(150_911));
            Assert.That(card.Layers.First(l => l.Path == "gen.0").OutputShape, Is.EqualTo(new long[] { 2, 4, 24, 24 }));
            Assert.That(card.Layers.Select(l => l.Path), Does.Contain("expand.0").And.Contain("gen.12"));
        });
    }
}
