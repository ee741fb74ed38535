using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Evaluation;

/// <summary>
/// Mode coverage as in the PacGAN/VEEGAN protocol, for the classifier's classes: each sample counts for its predicted
/// class. <see cref="ClassesCovered"/> counts classes predicted at least once; <see cref="KlToUniform"/> is
/// KL(histogram ‖ uniform) in nats (0 when balanced, ln 10 ≈ 2.303 when one class takes everything);
/// <see cref="MaxClassFraction"/> is the largest class's share; <see cref="MeanConfidence"/> the mean max-softmax
/// probability (low for images the classifier cannot read as digits).
/// </summary>
public sealed record ModeCoverage(int[] Histogram, int ClassesCovered, double KlToUniform, double MaxClassFraction, double MeanConfidence)
{
    public static ModeCoverage Compute(Matrix<double> probabilities)
    {
        int n = probabilities.RowCount, classes = probabilities.ColumnCount;
        if (n < 1) throw new GanException("mode coverage needs at least one sample");
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
        return new ModeCoverage(histogram, histogram.Count(h => h > 0), kl, (double)histogram.Max() / n, confidence / n);
    }
}
