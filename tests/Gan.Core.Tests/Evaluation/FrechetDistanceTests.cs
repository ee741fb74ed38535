using Gan.Core.Evaluation;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Tests.Evaluation;

public class FrechetDistanceTests
{
    static Matrix<double> Gaussian(int n, double[] mean, double[] variance, int seed)
    {
        var normal = new Normal(0, 1, new Random(seed));
        return Matrix<double>.Build.Dense(n, mean.Length, (_, c) => mean[c] + Math.Sqrt(variance[c]) * normal.Sample());
    }

    /// <summary>For diagonal covariances: ‖μ1 − μ2‖² + Σ (s1 + s2 − 2·sqrt(s1·s2)).</summary>
    static double ClosedForm(double[] mu1, double[] s1, double[] mu2, double[] s2) =>
        mu1.Zip(mu2, (a, b) => (a - b) * (a - b)).Sum() +
        s1.Zip(s2, (a, b) => a + b - 2 * Math.Sqrt(a * b)).Sum();

    [Test]
    public void Identical_sets_are_at_distance_zero()
    {
        var x = Gaussian(500, new double[20], Enumerable.Range(1, 20).Select(i => i / 5.0).ToArray(), seed: 1);
        Assert.That(FrechetDistance.Compute(x, x), Is.EqualTo(0).Within(1e-6));
    }

    [Test]
    public void Identical_rank_deficient_sets_are_at_distance_zero()
    {
        // Five of twenty features are always zero (dead ReLUs): the covariance is singular.
        var x = Gaussian(300, new double[20], Enumerable.Range(0, 20).Select(i => i < 5 ? 0.0 : 1.0).ToArray(), seed: 2);
        Assert.That(FrechetDistance.Compute(x, x), Is.EqualTo(0).Within(1e-6));
    }

    [Test]
    public void Diagonal_gaussians_match_the_closed_form()
    {
        double[] mu1 = [0, 1, -2, 3], s1 = [1, 2, 0.5, 4], mu2 = [1, 1, 0, -1], s2 = [2, 2, 0.125, 1];
        var v = Vector<double>.Build;
        var m = Matrix<double>.Build;
        var fd = FrechetDistance.FromStatistics(v.DenseOfArray(mu1), m.DiagonalOfDiagonalArray(s1), v.DenseOfArray(mu2), m.DiagonalOfDiagonalArray(s2));
        Assert.That(fd, Is.EqualTo(ClosedForm(mu1, s1, mu2, s2)).Within(1e-9));
    }

    [Test]
    public void Rotating_both_gaussians_alike_keeps_the_distance()
    {
        double[] mu1 = [0, 1, -2], s1 = [1, 2, 0.5], mu2 = [1, 1, 0], s2 = [2, 3, 0.25];
        var q = Matrix<double>.Build.Random(3, 3, 7).QR().Q;
        var v = Vector<double>.Build;
        var m = Matrix<double>.Build;
        var fd = FrechetDistance.FromStatistics(
            q * v.DenseOfArray(mu1), q * m.DiagonalOfDiagonalArray(s1) * q.Transpose(),
            q * v.DenseOfArray(mu2), q * m.DiagonalOfDiagonalArray(s2) * q.Transpose());
        Assert.That(fd, Is.EqualTo(ClosedForm(mu1, s1, mu2, s2)).Within(1e-9));
    }

    [Test]
    public void Samples_of_two_gaussians_approach_the_closed_form()
    {
        double[] mu1 = [0, 0, 0], s1 = [1, 1, 1], mu2 = [2, 0, 1], s2 = [4, 1, 0.25];
        var fd = FrechetDistance.Compute(Gaussian(20_000, mu1, s1, 3), Gaussian(20_000, mu2, s2, 4));
        Assert.That(fd, Is.EqualTo(ClosedForm(mu1, s1, mu2, s2)).Within(0.1));
    }

    [Test]
    public void Mismatched_dimensions_are_refused()
    {
        var ex = Assert.Throws<GanException>(() => FrechetDistance.Compute(Matrix<double>.Build.Dense(5, 3), Matrix<double>.Build.Dense(5, 4)));
        Assert.That(ex!.Message, Does.Contain("dimensions"));
    }
}
