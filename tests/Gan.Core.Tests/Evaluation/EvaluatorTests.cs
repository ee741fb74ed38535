using Gan.Core.Data;
using Gan.Core.Evaluation;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Evaluation;

/// <summary>The metrics with the shipped mnist-sample classifier on real digits, where the right answer is known.</summary>
public class EvaluatorTests
{
    ImageDataset _train = null!;
    ImageDataset _test = null!;
    Evaluator _evaluator = null!;

    [OneTimeSetUp]
    public void Load()
    {
        var dir = DatasetCatalog.RequireDirectory(DatasetCatalog.Sample);
        _train = ImageDataset.Load(DatasetCatalog.Sample, dir, Split.Train);
        _test = ImageDataset.Load(DatasetCatalog.Sample, dir, Split.Test);
        _evaluator = new Evaluator(EvaluationClassifier.Load(EvaluationClassifier.DefaultPath(DatasetCatalog.Sample)), _test);
    }

    [OneTimeTearDown]
    public void Release()
    {
        _evaluator.Dispose();
        _train.Dispose();
        _test.Dispose();
    }

    Tensor TrainDigits(int digit) => _train.Images.index_select(0, _train.Labels.eq(digit).nonzero().squeeze(1));

    [Test]
    public void Noise_on_real_images_increases_the_distance_strictly()
    {
        using var g = new TorchSharp.torch.Generator(11);
        var distances = new List<double>();
        foreach (var sigma in new[] { 0.0, 0.1, 0.25, 0.5 })
        {
            using var noisy = (_train.Images + randn(_train.Images.shape, generator: g) * sigma).clamp(-1, 1);
            distances.Add(_evaluator.Evaluate(noisy).FrechetDistance);
        }
        Assert.That(distances, Is.Ordered.Ascending.And.Unique, string.Join(", ", distances));
    }

    [Test]
    public void Real_train_against_real_test_is_the_floor()
    {
        var r = _evaluator.Evaluate(_train.Images);
        Assert.Multiple(() =>
        {
            Assert.That(r.Coverage.ClassesCovered, Is.EqualTo(10));
            Assert.That(r.Coverage.KlToUniform, Is.LessThan(0.01));
            // k = 3 balls hold only each point's 3 nearest neighbours, so a fresh sample of the same distribution still
            // falls outside the manifold now and then: real vs real is close to, not exactly, 1/1.
            Assert.That(r.PrecisionRecall.Precision, Is.GreaterThan(0.85));
            Assert.That(r.PrecisionRecall.Recall, Is.GreaterThan(0.85));
            Assert.That(r.Samples, Is.EqualTo(new SampleCounts(_train.Count, _test.Count, DatasetCatalog.Sample, "test")));
        });
    }

    [Test]
    public void Only_zeros_cover_one_class_with_kl_near_ln10()
    {
        using var zeros = TrainDigits(0);
        var r = _evaluator.Evaluate(zeros);
        Assert.Multiple(() =>
        {
            Assert.That(r.Coverage.ClassesCovered, Is.EqualTo(1));
            Assert.That(r.Coverage.KlToUniform, Is.EqualTo(Math.Log(10)).Within(0.05));
        });
    }

    [Test]
    public void Only_zeros_are_precise_but_recall_little()
    {
        using var zeros = TrainDigits(0);
        var pr = _evaluator.Evaluate(zeros).PrecisionRecall;
        Assert.Multiple(() =>
        {
            Assert.That(pr.Precision, Is.GreaterThan(0.9));
            Assert.That(pr.Recall, Is.LessThan(0.2));
        });
    }

    [Test]
    public void Uniform_noise_gets_low_confidence()
    {
        using var g = new TorchSharp.torch.Generator(12);
        using var noise = rand(2000, 1, 28, 28, generator: g) * 2 - 1;
        var onNoise = _evaluator.Evaluate(noise).Coverage.MeanConfidence;
        var onDigits = _evaluator.Evaluate(_test.Images).Coverage.MeanConfidence;
        Assert.Multiple(() =>
        {
            Assert.That(onDigits, Is.GreaterThan(0.95));
            Assert.That(onNoise, Is.LessThan(0.75));
        });
    }

    [Test]
    public void Every_result_names_the_shipped_classifier()
    {
        var r = _evaluator.Evaluate(_test.Images[..100]);
        var card = Gan.Core.Runs.Json.Read<ClassifierCard>(EvaluationClassifier.CardPath(EvaluationClassifier.DefaultPath(DatasetCatalog.Sample)));
        Assert.That(r.Classifier.Sha256, Is.EqualTo(card.Sha256));
    }
}
