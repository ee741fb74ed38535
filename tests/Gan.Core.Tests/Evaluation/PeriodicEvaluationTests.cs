using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Core.Tests.Evaluation;

public class PeriodicEvaluationTests
{
    string _root = null!;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("gan-eval-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    // G3 has BatchNorm, whose running statistics must not move when evaluation runs G in eval mode.
    static readonly TrainingConfig Small = new()
    {
        Generator = "G3",
        Discriminator = "D1",
        Epochs = 2,
        TrainSubset = 256,
        Threads = 1,
        EvalSamples = 200,
    };

    static IEnumerable<string> LossColumns(string metricsCsv) =>
        File.ReadLines(metricsCsv).Select(l => string.Join(',', l.Split(',')[..^1]));

    [Test]
    public void Training_is_bit_identical_with_evaluation_on_or_off()
    {
        var off = Path.Combine(_root, "off");
        var on = Path.Combine(_root, "on");
        TrainingRun.Execute(Small, off);
        TrainingRun.Execute(Small with { EvalEvery = 1 }, on);
        var offRun = new RunDirectory(off);
        var onRun = new RunDirectory(on);
        Assert.Multiple(() =>
        {
            Assert.That(LossColumns(onRun.MetricsPath), Is.EqualTo(LossColumns(offRun.MetricsPath)));
            Assert.That(File.ReadAllBytes(Path.Combine(onRun.LastCheckpointDir, Checkpoint.GeneratorFile)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(offRun.LastCheckpointDir, Checkpoint.GeneratorFile))));
            Assert.That(File.Exists(offRun.EvalCsvPath), Is.False);
        });
    }

    [Test]
    public void Eval_csv_has_a_row_per_due_epoch_with_sample_counts_and_the_classifier()
    {
        var dir = Path.Combine(_root, "run");
        TrainingRun.Execute(Small with { Epochs = 3, EvalEvery = 2 }, dir);
        var lines = File.ReadAllLines(new RunDirectory(dir).EvalCsvPath);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        var sha = EvaluationClassifier.Sha256(EvaluationClassifier.DefaultPath(Small.Dataset));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo(EvalCsv.Header));
            Assert.That(rows.Select(r => r["epoch"]), Is.EqualTo(new[] { "2", "3" }));
            Assert.That(rows.Select(r => r["generated"]), Is.All.EqualTo("200"));
            Assert.That(rows.Select(r => r["real"]), Is.All.EqualTo("2000"), "the whole test split, though training used 256 digits");
            Assert.That(rows.Select(r => r["real_split"]), Is.All.EqualTo("test"));
            Assert.That(rows.Select(r => r["classifier_sha256"]), Is.All.EqualTo(sha));
            Assert.That(rows.Select(r => double.Parse(r["frechet_distance"], System.Globalization.CultureInfo.InvariantCulture)), Is.All.GreaterThan(0));
            foreach (var r in rows)
            {
                var counts = r["class_counts"].Split('|').Select(int.Parse).ToArray();
                Assert.That(counts, Has.Length.EqualTo(10));
                Assert.That(counts.Sum(), Is.EqualTo(200), "every sample is counted in one class");
                Assert.That(int.Parse(r["largest_class"]), Is.EqualTo(Array.IndexOf(counts, counts.Max())));
                Assert.That(double.Parse(r["max_class_fraction"], System.Globalization.CultureInfo.InvariantCulture),
                    Is.EqualTo(counts.Max() / 200.0).Within(1e-12));
                Assert.That(r["coverage_share"], Is.EqualTo("0.01"));
                Assert.That(int.Parse(r["classes_at_share"]), Is.EqualTo(counts.Count(c => c >= 2)), "classes with at least 1% of 200 samples");
                Assert.That(int.Parse(r["classes_covered"]), Is.EqualTo(counts.Count(c => c > 0)));
                Assert.That(r["d_images"], Is.EqualTo("200"), "min(eval samples, training images, test images)");
                double P(string column) => double.Parse(r[column], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(P("d_score_gap"), Is.EqualTo(P("d_score_train") - P("d_score_heldout")).Within(1e-12));
                Assert.That(P("d_score_train"), Is.Not.EqualTo(P("d_score_heldout")), "two different sets of reals");
            }
        });
    }

    [Test]
    public void Largest_class_is_the_first_of_the_most_frequent()
    {
        Assert.That(EvalCsv.LargestClass([0, 3, 1, 3]), Is.EqualTo(1));
        Assert.That(EvalCsv.LargestClass([5, 0, 0]), Is.EqualTo(0));
        Assert.That(EvalCsv.LargestClass([0, 0, 0, 0, 0, 0, 0, 0, 0, 9]), Is.EqualTo(9));
    }
}
