using System.Globalization;
using Gan.Core.Training;

namespace Gan.Notebooks;

/// <summary>metrics.csv's first and last <see cref="Rows"/> rows, shown as a table with its columns.</summary>
public sealed record MetricsTable(string Name, IReadOnlyList<StepRecord> Metrics, int Rows = 5)
{
    public static readonly string[] Columns = ["step", "epoch", "d_loss", "g_loss", "d_real", "d_fake", "r_t", "aug_p", "wall_ms"];

    public HtmlTable ToTable()
    {
        var shown = Metrics.Count <= 2 * Rows ? Metrics : [.. Metrics.Take(Rows), .. Metrics.Skip(Metrics.Count - Rows)];
        return new HtmlTable($"{Name}: metrics.csv ({Metrics.Count} rows)", Columns, shown.Select(m => (IReadOnlyList<string>)
        [
            m.Step.ToString(CultureInfo.InvariantCulture), m.Epoch.ToString(CultureInfo.InvariantCulture), HtmlTable.Number(m.DLoss),
            HtmlTable.Number(m.GLoss), HtmlTable.Number(m.DReal), HtmlTable.Number(m.DFake), HtmlTable.Number(m.RealSign),
            HtmlTable.Number(m.AugmentP), m.WallMs.ToString("F1", CultureInfo.InvariantCulture),
        ]).ToList());
    }
}
