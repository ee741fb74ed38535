using System.Globalization;
using Gan.Core.Runs;

namespace Gan.Core.Evaluation;

/// <summary>
/// <c>eval.csv</c> of a run directory: one row per evaluation during training, every metric with its sample counts,
/// the noise seed of the samples and the classifier's checksum. Doubles in shortest round-trip form. The largest class
/// and the per-class counts (digits 0-9, '|'-separated) say which mode a collapsing generator fell into, and when.
/// classes_at_share counts the classes holding at least coverage_share of the samples (files before it lack the two
/// columns; their class_counts give the same count, as the analysis scripts derive it). d_images, d_score_train,
/// d_score_heldout and d_score_gap are D's overfitting signal (<see cref="DiscriminatorGap"/>), empty when the
/// evaluation had no D (files before them lack the columns).
/// </summary>
public static class EvalCsv
{
    public const string Header =
        "epoch,step,generated,real,real_dataset,real_split,frechet_distance,classifier_score,classes_covered,coverage_kl," +
        "max_class_fraction,largest_class,class_counts,mean_confidence,precision,recall,k,noise_seed,classifier_sha256,wall_s," +
        "classes_at_share,coverage_share,d_images,d_score_train,d_score_heldout,d_score_gap";

    /// <summary>Appends one row (writing the header first if the file is new) and flushes it to disk.</summary>
    public static void Append(string path, int epoch, long step, long noiseSeed, EvaluationResult r)
    {
        bool fresh = !File.Exists(path);
        using var w = new StreamWriter(path, append: true);
        if (fresh) w.WriteLine(Header);
        var s = r.Samples;
        w.WriteLine(string.Join(',',
            I(epoch), I(step), I(s.Generated), I(s.Real), s.RealDataset, s.RealSplit,
            D(r.FrechetDistance), D(r.ClassifierScore), I(r.Coverage.ClassesCovered), D(r.Coverage.KlToUniform),
            D(r.Coverage.MaxClassFraction), I(LargestClass(r.Coverage.Histogram)),
            string.Join('|', r.Coverage.Histogram.Select(c => I(c))), D(r.Coverage.MeanConfidence), D(r.PrecisionRecall.Precision),
            D(r.PrecisionRecall.Recall), I(r.PrecisionRecall.K), I(noiseSeed), r.Classifier.Sha256, D(r.WallSeconds),
            I(r.Coverage.ClassesAtShare), D(r.Coverage.Share),
            r.Discriminator is { } d ? I(d.Images) : "", r.Discriminator is { } t ? D(t.Train) : "",
            r.Discriminator is { } h ? D(h.HeldOut) : "", r.Discriminator is { } g ? D(g.Gap) : ""));
        w.Flush();
        ((FileStream)w.BaseStream).Flush(flushToDisk: true);
    }

    /// <summary>Drops the rows of evaluations after <paramref name="step"/> (a resumed run redoes them); no file, no-op.</summary>
    public static void TruncateTo(string path, long step)
    {
        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l =>
            l.Split(',') is { Length: > 2 } f && long.TryParse(f[1], CultureInfo.InvariantCulture, out var s) && s <= step));
        AtomicFile.WriteAllText(path, string.Join('\n', kept) + "\n");
    }

    /// <summary>The class with the most samples (the lowest index on a tie).</summary>
    public static int LargestClass(IReadOnlyList<int> histogram) =>
        Enumerable.Range(0, histogram.Count).Aggregate(0, (best, i) => histogram[i] > histogram[best] ? i : best);

    static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
