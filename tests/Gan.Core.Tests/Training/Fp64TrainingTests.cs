using Gan.Core.Data;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Training;

/// <summary>
/// <c>--precision fp64</c> is float64 everywhere a number is computed or kept: G, D and G's average (weights and
/// buffers, spectral normalisation's vectors among them), the fixed noise, the gradients, the losses and D's
/// penalties (Adam's moments follow the parameters' dtype, checked by the fp64 resume in KillAndResumeTests); and it starts from the very weights an fp32 run of the same seed starts from, widened.
/// </summary>
public class Fp64TrainingTests
{
    ImageDataset _data = null!;

    [OneTimeSetUp]
    public void LoadSample()
    {
        using var sample = SampleData.LoadTrain();
        _data = sample.Take(128);
    }

    [OneTimeTearDown] public void DisposeSample() => _data.Dispose();

    static readonly TrainingConfig Fp64 = new()
    {
        Precision = Precision.Fp64,
        BatchSize = 32,
        Seed = 5,
        Threads = 1,
        Ema = 0.9,
        DSpectralNorm = true,
        DRegulariser = "r1:1",
    };

    [Test]
    public void Every_tensor_of_an_fp64_run_is_float64()
    {
        using var t = new GanTrainer(Fp64, _data);
        var rows = t.TrainEpoch().Take(2).ToList();
        var modules = new (string Name, TorchSharp.torch.nn.Module Module)[] { ("G", t.G), ("D", t.D), ("G_ema", t.GEma!) };
        foreach (var (name, module) in modules)
        {
            foreach (var (key, value) in module.state_dict())
            {
                if (value.is_floating_point()) Assert.That(value.dtype, Is.EqualTo(ScalarType.Float64), $"{name}.{key}");
            }
        }
        Assert.That(t.D.named_buffers().Count(b => b.buffer.is_floating_point()), Is.GreaterThan(0), "spectral norm keeps vectors as buffers");
        Assert.That(t.FixedNoise.dtype, Is.EqualTo(ScalarType.Float64));
        foreach (var p in t.D.parameters().Concat(t.G.parameters()))
            Assert.That(p.grad is null || p.grad.dtype == ScalarType.Float64, Is.True);
        // float64 values, not float32 ones widened: a float32 loss would survive the round trip through float.
        Assert.That(rows.SelectMany(r => new[] { r.DLoss, r.GLoss, r.DReal, r.DFake }.Concat(r.Terms)).Count(v => (double)(float)v != v), Is.GreaterThan(0));
    }

    [Test]
    public void An_fp64_run_starts_from_the_fp32_runs_weights_widened()
    {
        using var wide = new GanTrainer(Fp64, _data);
        using var narrow = new GanTrainer(Fp64 with { Precision = Precision.Fp32 }, _data);
        foreach (var (a, b) in wide.G.parameters().Concat(wide.D.parameters()).Zip(narrow.G.parameters().Concat(narrow.D.parameters())))
            Assert.That(Tensors.Same(a, b.to(ScalarType.Float64)), Is.True);
        Assert.That(Tensors.Same(wide.FixedNoise, narrow.FixedNoise.to(ScalarType.Float64)), Is.True, "the same noise, widened");
    }
}
