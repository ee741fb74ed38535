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
}
