using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Evaluation;

/// <summary>
/// Mode coverage as in the PacGAN/VEEGAN protocol, for the classifier's classes: each sample counts for its predicted
/// class. <see cref="ClassesCovered"/> counts classes predicted at least once, so a handful of stray images make a
/// class "covered"; <see cref="ClassesAtShare"/> counts only classes holding at least <see cref="Share"/> of the
/// samples (1% by default: a tenth of a uniform share of ten), the count verdicts should rest on. <see cref="KlToUniform"/> is
/// KL(histogram ‖ uniform) in nats (0 when balanced, ln 10 ≈ 2.303 when one class takes everything);
/// <see cref="MaxClassFraction"/> is the largest class's share; <see cref="MeanConfidence"/> the mean max-softmax
/// probability (low for images the classifier cannot read as digits).
/// </summary>
public sealed record ModeCoverage(int[] Histogram, int ClassesCovered, double KlToUniform, double MaxClassFraction, double MeanConfidence,
    int ClassesAtShare, double Share)
{
    /// <summary>The share a class must hold to count in <see cref="ClassesAtShare"/> unless another is asked for.</summary>
    public const double DefaultShare = 0.01;

    public static ModeCoverage Compute(Matrix<double> probabilities, double share = DefaultShare)
    {
        int n = probabilities.RowCount, classes = probabilities.ColumnCount;
        if (n < 1) throw new GanException("mode coverage needs at least one sample");
        RequireShare(share);
        var histogram = new int[classes];
        double confidence = 0;
        for (int i = 0; i < n; i++)
        {
            var row = probabilities.Row(i);
            int predicted = row.MaximumIndex();
            histogram[predicted]++;
            confidence += row[predicted];
        }
        double kl = histogram.Where(h => h > 0).Sum(h => (double)h / n * Math.Log((double)h / n * classes));
        return new ModeCoverage(histogram, histogram.Count(h => h > 0), kl, (double)histogram.Max() / n, confidence / n,
            CountAtShare(histogram, share), share);
    }

    /// <summary>Classes of <paramref name="histogram"/> holding at least <paramref name="share"/> of its samples (and at least one).</summary>
    public static int CountAtShare(IReadOnlyList<int> histogram, double share)
    {
        RequireShare(share);
        long n = histogram.Sum(h => (long)h);
        // h / n ≥ share, compared in integers (with a rounding guard) so 100 of 10,000 is exactly 1%.
        double least = Math.Max(1, Math.Ceiling(share * n - 1e-9));
        return histogram.Count(h => h >= least);
    }

    /// <summary>
    /// This coverage with <see cref="ClassesAtShare"/> at the default share filled in from the histogram when it was
    /// read from an eval.json written before the share count existed (its <see cref="Share"/> reads as 0).
    /// </summary>
    public ModeCoverage WithShareCount() =>
        Share > 0 ? this : this with { ClassesAtShare = CountAtShare(Histogram, DefaultShare), Share = DefaultShare };

    /// <summary>Refuses a share outside (0, 1], naming the option or value it came from.</summary>
    public static void RequireShare(double share, string name = "coverage share")
    {
        if (!(share > 0 && share <= 1))
            throw new GanException($"{name} {share.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be in (0, 1]: a fraction of the samples, e.g. 0.01 for 1%");
    }
}
