using System.Globalization;
using Gan.Core.Evaluation;
using Spectre.Console;

namespace Gan.Cli;

/// <summary>Shows evaluation results: a table of every metric (one column per result) and a one-line form for logs.</summary>
public static class EvaluationTable
{
    public static string OneLine(EvaluationResult r) => string.Create(CultureInfo.InvariantCulture,
        $"FLD {r.FrechetDistance:F2}  score {r.ClassifierScore:F2}  classes {r.Coverage.ClassesCovered}/{r.Coverage.Histogram.Length} " +
        $"({r.Coverage.ClassesAtShare} at ≥ {r.Coverage.Share:0.##%})  " +
        $"KL {r.Coverage.KlToUniform:F3}  precision {r.PrecisionRecall.Precision:F3}  recall {r.PrecisionRecall.Recall:F3}  " +
        $"({r.Samples.Generated} generated vs {r.Samples.Real} real {r.Samples.RealSplit})");

    /// <summary>Prints the table; all results must come from the same classifier (checked before anything is printed).</summary>
    public static void Print(IReadOnlyList<(string Label, EvaluationResult Result)> columns)
    {
        foreach (var (_, r) in columns.Skip(1)) columns[0].Result.RequireComparable(r);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric");
        foreach (var (label, _) in columns) table.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        Row("Fréchet LeNet distance (FLD)", r => F(r.FrechetDistance, "F3"));
        Row("classifier score (IS form)", r => F(r.ClassifierScore, "F3"));
        Row("classes covered (≥ 1 sample)", r => $"{r.Coverage.ClassesCovered}/{r.Coverage.Histogram.Length}");
        Row("classes covered (≥ share)", r => $"{r.Coverage.ClassesAtShare}/{r.Coverage.Histogram.Length} (≥ {r.Coverage.Share:0.##%} of samples)");
        Row("KL(classes ‖ uniform)", r => F(r.Coverage.KlToUniform, "F4"));
        Row("largest class fraction", r => F(r.Coverage.MaxClassFraction, "F3"));
        Row("mean confidence", r => F(r.Coverage.MeanConfidence, "F3"));
        Row("class histogram", r => string.Join(" ", r.Coverage.Histogram));
        Row($"precision (k={PrecisionRecall.DefaultK})", r => F(r.PrecisionRecall.Precision, "F4"));
        Row($"recall (k={PrecisionRecall.DefaultK})", r => F(r.PrecisionRecall.Recall, "F4"));
        Row("generated samples", r => r.Samples.Generated.ToString(CultureInfo.InvariantCulture));
        Row("real samples", r => $"{r.Samples.Real} ({r.Samples.RealDataset} {r.Samples.RealSplit})");
        Row("evaluation wall time", r => F(r.WallSeconds, "F2") + " s");
        AnsiConsole.Write(table);
        var c = columns[0].Result.Classifier;
        Console.WriteLine($"classifier {c.File} sha256 {c.Sha256}");
        Console.WriteLine(EvaluationResult.FeatureSpaceNote + ".");

        void Row(string name, Func<EvaluationResult, string> value) =>
            table.AddRow(new[] { name }.Concat(columns.Select(col => value(col.Result))).Select(s => new Text(s)).ToArray());
    }

    static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
