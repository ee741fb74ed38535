using Gan.Core.Evaluation;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Evaluation;

public class PrecisionRecallTests
{
    static Tensor Blob(long n, long seed, double shift = 0)
    {
        using var g = new TorchSharp.torch.Generator((ulong)seed);
        return randn(n, 8, generator: g) + shift;
    }

    [Test]
    public void A_set_against_itself_has_precision_and_recall_one()
    {
        using var x = Blob(500, 1);
        var pr = PrecisionRecall.Compute(x, x);
        Assert.That((pr.Precision, pr.Recall), Is.EqualTo((1.0, 1.0)));
    }

    [Test]
    public void Far_apart_sets_have_precision_and_recall_zero()
    {
        using var real = Blob(300, 1);
        using var fake = Blob(300, 2, shift: 100);
        var pr = PrecisionRecall.Compute(real, fake);
        Assert.That((pr.Precision, pr.Recall), Is.EqualTo((0.0, 0.0)));
    }

    [Test]
    public void A_collapsed_generator_is_precise_but_recalls_little()
    {
        using var real = Blob(1000, 1);
        // Every generated sample is a copy of one of the real samples nearest the mean: realistic, no variety.
        using var centre = real.norm(1).argsort()[..20];
        using var fake = real.index_select(0, centre).repeat(10, 1);
        var pr = PrecisionRecall.Compute(real, fake);
        Assert.Multiple(() =>
        {
            Assert.That(pr.Precision, Is.EqualTo(1.0));
            Assert.That(pr.Recall, Is.LessThan(0.1));
        });
    }

    [Test]
    public void Too_few_samples_for_k_are_refused()
    {
        using var x = Blob(3, 1);
        Assert.Throws<GanException>(() => PrecisionRecall.Compute(x, x, k: 3));
    }
}
