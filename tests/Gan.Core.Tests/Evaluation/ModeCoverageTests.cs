using Gan.Core.Evaluation;
using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Tests.Evaluation;

public class ModeCoverageTests
{
    [Test]
    public void A_single_class_covers_one_with_kl_ln10()
    {
        var p = Matrix<double>.Build.Dense(40, 10, (_, c) => c == 0 ? 0.91 : 0.01);
        var m = ModeCoverage.Compute(p);
        Assert.Multiple(() =>
        {
            Assert.That(m.ClassesCovered, Is.EqualTo(1));
            Assert.That(m.KlToUniform, Is.EqualTo(Math.Log(10)).Within(1e-12));
            Assert.That(m.MaxClassFraction, Is.EqualTo(1));
            Assert.That(m.MeanConfidence, Is.EqualTo(0.91).Within(1e-12));
            Assert.That(m.Histogram, Is.EqualTo(new[] { 40, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
        });
    }

    [Test]
    public void Balanced_classes_cover_ten_with_kl_zero()
    {
        var p = Matrix<double>.Build.Dense(100, 10, (r, c) => r % 10 == c ? 1 : 0);
        var m = ModeCoverage.Compute(p);
        Assert.Multiple(() =>
        {
            Assert.That(m.ClassesCovered, Is.EqualTo(10));
            Assert.That(m.KlToUniform, Is.EqualTo(0).Within(1e-12));
            Assert.That(m.MaxClassFraction, Is.EqualTo(0.1).Within(1e-12));
        });
    }

    [Test]
    public void Two_equal_classes_have_kl_ln5()
    {
        var p = Matrix<double>.Build.Dense(10, 10, (r, c) => c == r % 2 ? 1 : 0);
        var m = ModeCoverage.Compute(p);
        Assert.That(m.KlToUniform, Is.EqualTo(Math.Log(5)).Within(1e-12));
    }

    /// <summary>Probabilities whose predicted classes follow <paramref name="histogram"/>.</summary>
    static Matrix<double> Predicting(int[] histogram)
    {
        var labels = histogram.SelectMany((count, c) => Enumerable.Repeat(c, count)).ToArray();
        return Matrix<double>.Build.Dense(labels.Length, histogram.Length, (r, c) => c == labels[r] ? 0.9 : 0.1 / (histogram.Length - 1));
    }

    [Test]
    public void Nine_balanced_classes_and_one_stray_sample_cover_nine_at_one_percent_and_ten_at_least_once()
    {
        int[] histogram = [1111, 1111, 1111, 1111, 1111, 1111, 1111, 1111, 1111, 1];
        var m = ModeCoverage.Compute(Predicting(histogram));
        Assert.Multiple(() =>
        {
            Assert.That(m.ClassesCovered, Is.EqualTo(10));
            Assert.That(m.ClassesAtShare, Is.EqualTo(9));
            Assert.That(m.Share, Is.EqualTo(0.01));
            Assert.That(m.Histogram, Is.EqualTo(histogram));
        });
    }

    [Test]
    public void A_class_with_exactly_the_share_counts_and_one_sample_less_does_not()
    {
        // 10,000 samples: 100 is exactly 1%, 99 is not.
        Assert.Multiple(() =>
        {
            Assert.That(ModeCoverage.CountAtShare([9800, 100, 99, 1, 0, 0, 0, 0, 0, 0], 0.01), Is.EqualTo(2));
            Assert.That(ModeCoverage.CountAtShare([9800, 100, 99, 1, 0, 0, 0, 0, 0, 0], 0.0001), Is.EqualTo(4));
            Assert.That(ModeCoverage.CountAtShare([9800, 100, 99, 1, 0, 0, 0, 0, 0, 0], 1), Is.EqualTo(0));
            Assert.That(ModeCoverage.CountAtShare([5, 5], 0.5), Is.EqualTo(2));
        });
    }

    [Test]
    public void A_settable_share_changes_only_the_share_count()
    {
        int[] histogram = [700, 200, 60, 30, 10, 0, 0, 0, 0, 0];
        var at5 = ModeCoverage.Compute(Predicting(histogram), share: 0.05);
        Assert.Multiple(() =>
        {
            Assert.That(at5.ClassesAtShare, Is.EqualTo(3));
            Assert.That(at5.ClassesCovered, Is.EqualTo(5));
            Assert.That(ModeCoverage.Compute(Predicting(histogram)).ClassesAtShare, Is.EqualTo(5));
        });
    }

    [TestCase(0.0)]
    [TestCase(-0.01)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Refuses_a_share_outside_zero_to_one(double share)
    {
        var ex = Assert.Throws<GanException>(() => ModeCoverage.CountAtShare([1, 2], share));
        Assert.That(ex!.Message, Does.Contain("(0, 1]"));
    }

    [Test]
    public void Coverage_read_from_an_older_eval_json_gets_its_share_count_from_the_histogram()
    {
        var old = new ModeCoverage([1111, 1111, 1111, 1111, 1111, 1111, 1111, 1111, 1111, 1], 10, 0.1, 0.111, 0.9, 0, 0);
        var filled = old.WithShareCount();
        Assert.Multiple(() =>
        {
            Assert.That(filled.ClassesAtShare, Is.EqualTo(9));
            Assert.That(filled.Share, Is.EqualTo(ModeCoverage.DefaultShare));
            Assert.That(ModeCoverage.Compute(Predicting([5, 5])).WithShareCount().ClassesAtShare, Is.EqualTo(2), "a current one is left as it is");
        });
    }
}
