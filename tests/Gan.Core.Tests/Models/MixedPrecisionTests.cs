using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>
/// bf16-mixed swaps layers, never parameters: the same float32 tensors under the same names, so the optimizer,
/// state_dict, checkpoints and resume see the model they would in fp32; layers without a rule stay float32.
/// </summary>
public class MixedPrecisionTests
{
    static nn.Module Build(string name)
    {
        random.manual_seed(0);
        return name.StartsWith('G') ? ModelZoo.CreateGenerator(name) : ModelZoo.CreateDiscriminator(name);
    }

    static IEnumerable<nn.Module> Leaves(nn.Module model) => model.modules().Where(m => !m.children().Any());

    [TestCase("G1", 3, 0)]
    [TestCase("D1", 3, 0)]
    [TestCase("G2", 4, 0)]
    [TestCase("D2", 3, 2)]
    public void Every_Linear_and_Conv2d_is_swapped_and_the_parameters_are_the_same_tensors(string name, int linears, int convs)
    {
        using var model = Build(name);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.Handle);
        var parameters = model.parameters().Select(p => p.Handle).ToList();

        Assert.That(MixedPrecision.UseBf16(model), Is.EqualTo(linears + convs));

        Assert.Multiple(() =>
        {
            Assert.That(model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.Handle), Is.EqualTo(before), "state_dict: same keys, same tensors");
            Assert.That(model.parameters().Select(p => p.Handle), Is.EqualTo(parameters), "parameters: same tensors, same order");
            Assert.That(model.parameters().Select(p => p.dtype), Is.All.EqualTo(ScalarType.Float32), "master weights stay float32");
            Assert.That(Leaves(model).OfType<Bf16Linear>().Count(), Is.EqualTo(linears));
            Assert.That(Leaves(model).OfType<Bf16Conv2d>().Count(), Is.EqualTo(convs));
            Assert.That(Leaves(model).Where(m => m is Linear or Conv2d), Is.Empty);
        });
    }

    [Test]
    public void G3s_BatchNorm_and_transposed_convolutions_stay_float32()
    {
        using var g3 = (Gan.Core.Models.Generator)Build("G3");
        Assert.That(MixedPrecision.UseBf16(g3), Is.EqualTo(2), "its two Linear layers");
        Assert.That(Leaves(g3).OfType<BatchNorm2d>().Count(), Is.EqualTo(4));
        Assert.That(Leaves(g3).OfType<ConvolutionTranspose>().Count(), Is.EqualTo(4));
        using var z = randn(8, 100);
        using var image = g3.call(z);
        Assert.That(image.dtype, Is.EqualTo(ScalarType.Float32));
    }

    [Test]
    public void A_swapped_model_saves_float32_weights_a_plain_model_loads_and_back()
    {
        using var tmp = new TempDirectory();
        using var bf16 = (Discriminator)Build("D1");
        MixedPrecision.UseBf16(bf16);
        using (no_grad())
            foreach (var p in bf16.parameters()) p.add_(0.5f);
        var path = tmp.File("D.pt");
        bf16.save(path);

        using var plain = (Discriminator)Build("D1");
        plain.load(path);
        using var again = (Discriminator)Build("D1");
        MixedPrecision.UseBf16(again);
        again.load(path);
        foreach (var (a, b, c) in bf16.parameters().Zip(plain.parameters(), again.parameters()))
        {
            Assert.That(b.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(Tensors.Same(a, b) && Tensors.Same(a, c), Is.True);
        }
    }

    [Test]
    public void A_registered_rule_swaps_layers_the_built_in_rules_leave_alone()
    {
        using var model = nn.Sequential(nn.Linear(4, 4), nn.Tanh());
        int seen = 0;
        MixedPrecision.Register(layer =>
        {
            if (layer is Tanh) seen++;
            return null;
        });
        MixedPrecision.UseBf16(model);
        Assert.That(seen, Is.EqualTo(1), "asked about the layer no built-in rule took");
    }

    [Test]
    public void The_trainer_swaps_layers_only_for_bf16_mixed()
    {
        using var data = SampleData.LoadTrain();
        using var small = data.Take(128);
        using (var fp32 = new GanTrainer(new TrainingConfig { Threads = 1 }, small))
            Assert.That(Leaves(fp32.D).OfType<Bf16Linear>(), Is.Empty);
        using var bf16 = new GanTrainer(new TrainingConfig { Threads = 1, Precision = Precision.Bf16Mixed }, small);
        Assert.That(Leaves(bf16.D).OfType<Bf16Linear>().Count(), Is.EqualTo(3));
        Assert.That(Leaves(bf16.G).OfType<Bf16Linear>().Count(), Is.EqualTo(3));
        var record = bf16.TrainEpoch().First();
        Assert.That(double.IsFinite(record.DLoss) && double.IsFinite(record.GLoss), Is.True);
    }
}
