using Gan.Core.Training;
using Snapshooter.NUnit;
using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>
/// Locks in PyTorch's default initialisation for seed 0: every parameter's and buffer's shape, sum, absolute sum and
/// first values. Catches a changed init scheme, layer order or width, and any extra draw from the global RNG.
/// </summary>
public class InitialWeightsTests
{
    const int FirstValues = 4;

    static IEnumerable<TestCaseData> Variants() =>
        ModelVariant.All.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    [TestCaseSource(nameof(Variants))]
    public void Seed_0_initial_weights_are_unchanged(ModelVariant variant)
    {
        random.manual_seed(SeedStreams.Init(0));
        using var model = variant.Create();
        var digest = model.named_parameters().Select(p => Digest(p.name, p.parameter))
            .Concat(model.named_buffers().Select(b => Digest(b.name, b.buffer)))
            .ToList();

        Snapshot.Match(digest);
    }

    static object Digest(string name, Tensor t)
    {
        using var scope = NewDisposeScope();
        var flat = t.detach().flatten().to(ScalarType.Float64);
        return new
        {
            Name = name,
            Shape = $"({string.Join(",", t.shape)})",
            Sum = Rounded.Of(flat.sum().item<double>()),
            AbsSum = Rounded.Of(flat.abs().sum().item<double>()),
            First = flat[..(int)Math.Min(FirstValues, flat.numel())].data<double>().Select(Rounded.Of).ToArray(),
        };
    }
}
