using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>
/// Shape and range invariants for every model and slope variant, in training and evaluation mode, for batch sizes 1,
/// 7 and 64: a generator maps (N,100) noise to (N,1,28,28) images in [−1,1]; a discriminator maps (N,1,28,28) images to
/// (N) finite raw scores (logits; the objective applies any sigmoid).
/// </summary>
public class OutputInvariantTests
{
    static readonly long[] BatchSizes = [1, 7, 64];

    static IEnumerable<TestCaseData> Cases() =>
        from v in ModelVariant.All
        from n in BatchSizes
        select new TestCaseData(v, n).SetArgDisplayNames(v.Name, $"N={n}");

    [TestCaseSource(nameof(Cases))]
    public void Output_has_the_models_shape_and_range(ModelVariant variant, long n)
    {
        random.manual_seed(0);
        using var model = variant.Create();
        using var scope = NewDisposeScope();
        var input = variant.IsGenerator ? randn(variant.InputShape(n)) : RegressionSuite.Sample.Images[..(int)n];

        // BatchNorm1d cannot normalise a batch of one sample in training mode (G2-BN); BatchNorm2d (G3) can, over pixels.
        bool trainable = n > 1 || !model.modules().OfType<TorchSharp.Modules.BatchNorm1d>().Any();
        foreach (var train in trainable ? new[] { true, false } : [false])
        {
            model.train(train);
            Tensor output;
            using (no_grad())
                output = model.forward(input);
            var mode = train ? "train" : "eval";
            if (variant.IsGenerator)
            {
                Assert.That(output.shape, Is.EqualTo(new[] { n, 1, 28, 28 }), $"{variant.Name} output shape ({mode} mode)");
                Assert.That(output.min().item<float>(), Is.GreaterThanOrEqualTo(-1f), $"{variant.Name} minimum ({mode} mode)");
                Assert.That(output.max().item<float>(), Is.LessThanOrEqualTo(1f), $"{variant.Name} maximum ({mode} mode)");
            }
            else
            {
                Assert.That(output.shape, Is.EqualTo(new[] { n }), $"{variant.Name} output shape ({mode} mode)");
            }
            Assert.That(isfinite(output).all().item<bool>(), Is.True, $"{variant.Name} output is finite ({mode} mode)");
        }
    }
}
