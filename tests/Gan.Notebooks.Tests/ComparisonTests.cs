using Gan.Notebooks;

namespace Gan.Notebooks.Tests;

public class ComparisonTests
{
    [Test]
    public void Mean_and_half_width_are_students_t_over_the_values()
    {
        // 1, 2, 6: mean 3, sample sd √7, t(0.975, 2) = 4.302653 (tables), half-width 4.302653 · √7 / √3 = 6.5724.
        var (mean, half) = Comparison.MeanCi([1, 2, 6]);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(3));
            Assert.That(half, Is.EqualTo(4.302653 * Math.Sqrt(7) / Math.Sqrt(3)).Within(1e-5));
            Assert.That(Comparison.MeanCi([5]).HalfWidth, Is.NaN, "one value has no spread");
        });
    }
}
