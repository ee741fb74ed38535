using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Evaluation;

/// <summary>
/// The Inception Score's formula with our classifier: exp(E_x[KL(p(y|x) ‖ p(y))]), p(y) the mean of p(y|x) over the
/// set. 1 when every sample gets the same prediction; at most 10 (confident and evenly spread over 10 classes).
/// Computed over the whole set in one split.
/// </summary>
public static class ClassifierScore
{
    /// <summary>The score of the rows of <paramref name="probabilities"/> (N × classes, each row summing to 1).</summary>
    public static double Compute(Matrix<double> probabilities)
    {
        if (probabilities.RowCount < 1)
            throw new GanException("the classifier score needs at least one sample");
        var marginal = probabilities.ColumnSums() / probabilities.RowCount;
        double klSum = 0;
        for (int i = 0; i < probabilities.RowCount; i++)
        {
            for (int c = 0; c < probabilities.ColumnCount; c++)
            {
                double p = probabilities[i, c];
                if (p > 0) klSum += p * (Math.Log(p) - Math.Log(marginal[c]));
            }
        }
        return Math.Exp(klSum / probabilities.RowCount);
    }
}
