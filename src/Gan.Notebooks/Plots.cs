using ScottPlot;

namespace Gan.Notebooks;

/// <summary>
/// Curves as pictures (ScottPlot, as the research reports draw them): one line per series over the steps, smoothed by
/// a moving mean so hundreds of noisy steps read as a trend; a band over several seeds spans their range.
/// </summary>
public static class Plots
{
    public const int Width = 720;
    public const int Height = 360;

    /// <summary>One named curve: x (steps) and y, or several seeds of it (cut to the shortest) drawn as mean and range.</summary>
    public sealed record Series(string Label, IReadOnlyList<(double[] X, double[] Y)> Seeds)
    {
        public Series(string label, double[] x, double[] y) : this(label, [(x, y)]) { }
    }

    /// <summary>The curves in one plot; <paramref name="logY"/> plots log10 of positive values (losses spanning decades).</summary>
    public static PngImage Lines(string title, string yLabel, IEnumerable<Series> series, int smooth = 1, bool logY = false)
    {
        var plot = new Plot();
        int i = 0;
        foreach (var s in series)
        {
            var color = new ScottPlot.Palettes.Category10().GetColor(i++);
            int n = s.Seeds.Min(p => p.X.Length);
            if (n == 0) continue;
            var x = s.Seeds[0].X[..n];
            var ys = s.Seeds.Select(p => MovingMean(p.Y[..n], smooth).Select(v => logY ? Math.Log10(Math.Max(v, 1e-12)) : v).ToArray()).ToList();
            var mean = Enumerable.Range(0, n).Select(j => ys.Average(y => y[j])).ToArray();
            if (ys.Count > 1)
            {
                var band = plot.Add.FillY(x, Enumerable.Range(0, n).Select(j => ys.Min(y => y[j])).ToArray(),
                    Enumerable.Range(0, n).Select(j => ys.Max(y => y[j])).ToArray());
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(x, mean, color);
            line.LineWidth = 2;
            line.LegendText = ys.Count > 1 ? $"{s.Label} (n={ys.Count})" : s.Label;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(logY ? $"log10 {yLabel}" : yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return new PngImage(plot.GetImageBytes(Width, Height, ImageFormat.Png), title);
    }

    /// <summary>D's and G's loss over the steps, smoothed over <paramref name="smooth"/> steps, on a log scale.</summary>
    public static PngImage Losses(string title, IReadOnlyList<Gan.Core.Training.StepRecord> steps, int smooth = 10)
    {
        var x = steps.Select(s => (double)s.Step).ToArray();
        return Lines(title, "loss", [
            new("D loss", x, steps.Select(s => s.DLoss).ToArray()),
            new("G loss", x, steps.Select(s => s.GLoss).ToArray()),
        ], smooth, logY: true);
    }

    /// <summary>The mean of each value and the <paramref name="window"/> − 1 before it (fewer at the start).</summary>
    public static double[] MovingMean(double[] values, int window)
    {
        if (window <= 1) return values;
        var sums = new double[values.Length + 1];
        for (int i = 0; i < values.Length; i++) sums[i + 1] = sums[i] + values[i];
        return Enumerable.Range(0, values.Length).Select(i =>
        {
            int lo = Math.Max(0, i - window + 1);
            return (sums[i + 1] - sums[lo]) / (i + 1 - lo);
        }).ToArray();
    }
}
