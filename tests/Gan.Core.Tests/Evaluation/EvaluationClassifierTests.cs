using Gan.Core.Data;
using Gan.Core.Evaluation;
using Gan.Core.Runs;

namespace Gan.Core.Tests.Evaluation;

public class EvaluationClassifierTests
{
    static string Shipped => EvaluationClassifier.DefaultPath(DatasetCatalog.Sample);

    [Test]
    public void Shipped_weights_reach_98_percent_on_the_sample_test_split()
    {
        using var classifier = EvaluationClassifier.Load(Shipped);
        using var test = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Test);
        Assert.That(ClassifierTraining.Accuracy(classifier.Model, test), Is.GreaterThanOrEqualTo(0.98));
    }

    [Test]
    public void Shipped_weights_match_the_checksum_on_their_card()
    {
        var card = Json.Read<ClassifierCard>(EvaluationClassifier.CardPath(Shipped));
        Assert.That(EvaluationClassifier.Sha256(Shipped), Is.EqualTo(card.Sha256));
    }

    static string ShippedFashion => EvaluationClassifier.DefaultPath(DatasetCatalog.FashionMnist);

    [Test]
    public void Shipped_fashion_weights_match_the_checksum_on_their_card()
    {
        var card = Json.Read<ClassifierCard>(EvaluationClassifier.CardPath(ShippedFashion));
        Assert.That((card.Dataset, EvaluationClassifier.Sha256(ShippedFashion)), Is.EqualTo((DatasetCatalog.FashionMnist, card.Sha256)));
    }

    /// <summary>
    /// The first 1,000 Fashion-MNIST test images (Fixtures/, cut from Debian's dataset-fashion-mnist) are a sample of
    /// the 10,000 the card's accuracy was measured on: the shipped weights must score within three binomial standard
    /// errors of it there (about ±2.8 points at 90%), which a wrong or untrained classifier (10%) is far outside.
    /// </summary>
    [Test]
    public void Shipped_fashion_weights_reach_the_accuracy_on_their_card_on_a_test_sample()
    {
        var card = Json.Read<ClassifierCard>(EvaluationClassifier.CardPath(ShippedFashion));
        using var classifier = EvaluationClassifier.Load(ShippedFashion);
        using var test = ImageDataset.Load(DatasetCatalog.FashionMnist, Path.Combine(AppContext.BaseDirectory, "Fixtures", "fashion-mnist-test-1000"), Split.Test);
        Assert.That(test.Count, Is.EqualTo(1000));
        var accuracy = ClassifierTraining.Accuracy(classifier.Model, test);
        var standardError = Math.Sqrt(card.TestAccuracy * (1 - card.TestAccuracy) / test.Count);
        Assert.That(accuracy, Is.EqualTo(card.TestAccuracy).Within(3 * standardError));
    }

    [Test]
    public void Full_mnist_uses_the_sample_classifier()
    {
        Assert.That(EvaluationClassifier.DefaultPath(DatasetCatalog.Mnist), Is.EqualTo(Shipped));
    }

    [Test]
    public void Missing_weights_are_a_one_line_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-classifier-{Guid.NewGuid():N}.pt");
        var ex = Assert.Throws<GanException>(() => EvaluationClassifier.Load(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("gan classifier train").And.Not.Contain("\n"));
    }

    [Test]
    public void A_file_that_is_not_classifier_weights_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-classifier-{Guid.NewGuid():N}.pt");
        File.WriteAllText(path, "not weights");
        try
        {
            var ex = Assert.Throws<GanException>(() => EvaluationClassifier.Load(path));
            Assert.That(ex!.Message, Does.StartWith(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Results_from_different_classifiers_are_not_compared()
    {
        var a = new ClassifierIdentity("lenet-mnist-sample.pt", new string('a', 64));
        var b = new ClassifierIdentity("other.pt", new string('b', 64));
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => a.RequireSame(a with { File = "renamed.pt" }));
            var ex = Assert.Throws<GanException>(() => a.RequireSame(b));
            Assert.That(ex!.Message, Does.Contain("different classifiers"));
        });
    }
}
