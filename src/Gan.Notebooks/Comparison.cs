using MathNet.Numerics.Distributions;

namespace Gan.Notebooks;

/// <summary>
/// Runs grouped by a label (the objective, say), a metric per run, and per group the mean with its 95% confidence
/// half-width from Student's t over the group's runs (seeds), as the research write-ups report them.
/// </summary>
public static class Comparison
{
    /// <summary>Mean and 95% half-width (t with n − 1 degrees of freedom); the half-width is NaN for one value.</summary>
    public static (double Mean, double HalfWidth) MeanCi(IReadOnlyList<double> values)
    {
        int n = values.Count;
        double mean = values.Average();
        if (n < 2) return (mean, double.NaN);
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        return (mean, StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n));
    }

    /// <summary>One row per group: its run count and, per metric, mean ± 95% CI over its runs.</summary>
    public static HtmlTable Table(string caption, IEnumerable<RunView> runs, Func<RunView, string> group,
        params (string Name, Func<RunView, double> Value)[] metrics)
    {
        var rows = runs.GroupBy(group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<string>)
            [g.Key, g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
             .. metrics.Select(m =>
             {
                 var (mean, half) = MeanCi(g.Select(m.Value).ToList());
                 return double.IsNaN(half) ? HtmlTable.Number(mean) : $"{HtmlTable.Number(mean)} ± {HtmlTable.Number(half)}";
             })]).ToList();
        return new HtmlTable(caption, ["variant", "runs", .. metrics.Select(m => m.Name)], rows);
    }
}
