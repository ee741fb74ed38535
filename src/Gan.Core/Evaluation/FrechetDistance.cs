using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Evaluation;

/// <summary>
/// The Fréchet distance between Gaussians fitted to two feature sets (FID's formula, here in the classifier's feature
/// space): ‖μ1 − μ2‖² + tr(S1 + S2 − 2·sqrt(sqrt(S1)·S2·sqrt(S1))). The symmetric form is used because
/// sqrt(S1)·S2·sqrt(S1) is symmetric positive semi-definite, so both square roots come from symmetric
/// eigendecompositions with small negative eigenvalues (rounding) clamped to zero; that stays real and stable when a
/// covariance is rank-deficient (e.g. dead ReLU features, collapsed generators), where the non-symmetric sqrt(S1·S2)
/// route can return complex noise.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The distance between the Gaussians fitted to the rows of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Compute(Matrix<double> a, Matrix<double> b)
    {
        if (a.ColumnCount != b.ColumnCount)
            throw new GanException($"feature sets have different dimensions ({a.ColumnCount} and {b.ColumnCount})");
        if (a.RowCount < 2 || b.RowCount < 2)
            throw new GanException($"the Fréchet distance needs at least 2 samples per set (got {a.RowCount} and {b.RowCount})");
        var (muA, covA) = MeanAndCovariance(a);
        var (muB, covB) = MeanAndCovariance(b);
        return FromStatistics(muA, covA, muB, covB);
    }

    public static double FromStatistics(Vector<double> mu1, Matrix<double> s1, Vector<double> mu2, Matrix<double> s2)
    {
        var diff = mu1 - mu2;
        var rootS1 = SymmetricSqrt(s1);
        var middle = rootS1 * s2 * rootS1;
        double traceRoot = ClampedEigenvalues(middle).Sum(Math.Sqrt);
        return diff.DotProduct(diff) + s1.Trace() + s2.Trace() - 2 * traceRoot;
    }

    /// <summary>The sample mean and the unbiased (n − 1) covariance of the rows.</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(Matrix<double> x)
    {
        var mean = x.ColumnSums() / x.RowCount;
        var centred = x.Clone();
        for (int r = 0; r < centred.RowCount; r++)
            centred.SetRow(r, centred.Row(r) - mean);
        var cov = centred.TransposeThisAndMultiply(centred) / (x.RowCount - 1);
        return (mean, cov);
    }

    /// <summary>The principal square root of a symmetric positive semi-definite matrix, V·diag(sqrt(max(λ, 0)))·Vᵀ.</summary>
    public static Matrix<double> SymmetricSqrt(Matrix<double> s)
    {
        var evd = Symmetrised(s).Evd(Symmetricity.Symmetric);
        var roots = evd.EigenValues.Map(l => Math.Sqrt(Math.Max(l.Real, 0)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(roots) * evd.EigenVectors.Transpose();
    }

    static IEnumerable<double> ClampedEigenvalues(Matrix<double> s) =>
        Symmetrised(s).Evd(Symmetricity.Symmetric).EigenValues.Select(l => Math.Max(l.Real, 0));

    /// <summary>(S + Sᵀ)/2: removes the rounding asymmetry of products so the symmetric solver sees a symmetric matrix.</summary>
    static Matrix<double> Symmetrised(Matrix<double> s) => (s + s.Transpose()) / 2;
}
