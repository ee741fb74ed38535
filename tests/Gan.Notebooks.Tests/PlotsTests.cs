using Gan.Notebooks;

namespace Gan.Notebooks.Tests;

public class PlotsTests
{
    [Test]
    public void The_moving_mean_averages_each_value_with_those_before_it()
    {
        Assert.That(Plots.MovingMean([1, 2, 3, 4, 10], 3), Is.EqualTo(new[] { 1, 1.5, 2, 3, 17 / 3.0 }).Within(1e-12));
        Assert.That(Plots.MovingMean([4, 2], 1), Is.EqualTo(new double[] { 4, 2 }));
    }

    [Test]
    public void A_plot_is_a_png_of_the_set_size()
    {
        var image = Plots.Lines("t", "y", [new Plots.Series("a", [1, 2, 3], [3, 1, 2]), new Plots.Series("b", [(new double[] { 1, 2 }, new double[] { 1, 1 }), ([1, 2], [2, 3])])]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(image.Png);
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((Plots.Width, Plots.Height)));
    }
}
