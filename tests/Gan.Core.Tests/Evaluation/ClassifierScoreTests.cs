using Gan.Core.Evaluation;
using MathNet.Numerics.LinearAlgebra;

namespace Gan.Core.Tests.Evaluation;

public class ClassifierScoreTests
{
    [Test]
    public void Confident_predictions_spread_evenly_over_ten_classes_score_ten()
    {
        var p = Matrix<double>.Build.Dense(100, 10, (r, c) => r % 10 == c ? 1 : 0);
        Assert.That(ClassifierScore.Compute(p), Is.EqualTo(10).Within(1e-9));
    }

    [Test]
    public void Uninformative_predictions_score_one()
    {
        var p = Matrix<double>.Build.Dense(50, 10, 0.1);
        Assert.That(ClassifierScore.Compute(p), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void One_confident_class_for_every_sample_scores_one()
    {
        var p = Matrix<double>.Build.Dense(50, 10, (_, c) => c == 3 ? 1 : 0);
        Assert.That(ClassifierScore.Compute(p), Is.EqualTo(1).Within(1e-9));
    }
}
