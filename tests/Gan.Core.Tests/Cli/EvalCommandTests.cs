using Gan.Cli;
using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Core.Tests.Cli;

public class EvalCommandTests
{
    string _root = null!;
    string _run = null!;

    [OneTimeSetUp]
    public void TrainTinyRun()
    {
        _root = Directory.CreateTempSubdirectory("gan-evalcmd-").FullName;
        _run = Path.Combine(_root, "g1d1");
        TrainingRun.Execute(new TrainingConfig { Epochs = 1, TrainSubset = 128, Threads = 1 }, _run);
    }

    [OneTimeTearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    static int Gan(params string[] args)
    {
        var app = new CommandApp<EvalCommand>();
        app.Configure(c => c.PropagateExceptions());
        return CliErrors.Run(() => app.Run(args));
    }

    [Test]
    public void Eval_writes_eval_json_with_sample_counts_and_checksum()
    {
        Assert.That(Gan(_run, "--samples", "60"), Is.EqualTo(ExitCodes.Ok));
        var e = Json.Read<RunEvaluation>(new RunDirectory(_run).EvalJsonPath);
        Assert.Multiple(() =>
        {
            Assert.That(e.Result.Samples, Is.EqualTo(new SampleCounts(60, 2000, "mnist-sample", "test")));
            Assert.That(e.Checkpoint, Is.EqualTo("last"));
            Assert.That(e.Epoch, Is.EqualTo(1));
            Assert.That(e.NoiseSeed, Is.EqualTo(SeedStreams.Evaluation(0)));
            Assert.That(e.Result.Classifier.Sha256, Is.EqualTo(EvaluationClassifier.Sha256(EvaluationClassifier.DefaultPath("mnist-sample"))));
        });
    }

    [Test]
    public void Eval_of_a_bf16_mixed_run_samples_the_bf16_generator_its_periodic_evaluation_did()
    {
        var run = Path.Combine(_root, "bf16");
        TrainingRun.Execute(new TrainingConfig
        {
            Epochs = 1,
            TrainSubset = 128,
            Threads = 1,
            Precision = Core.Runtime.Precision.Bf16Mixed,
            EvalEvery = 1,
            EvalSamples = 60,
        }, run);
        var lines = File.ReadAllLines(new RunDirectory(run).EvalCsvPath);
        var column = Array.IndexOf(lines[0].Split(','), "frechet_distance");
        var during = double.Parse(lines[1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Gan(run, "--samples", "60"), Is.EqualTo(ExitCodes.Ok));
        var after = Json.Read<RunEvaluation>(new RunDirectory(run).EvalJsonPath).Result;
        Assert.That(after.FrechetDistance, Is.EqualTo(during));
    }

    [Test]
    public void Eval_of_a_missing_run_or_checkpoint_is_bad_input()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gan(Path.Combine(_root, "nope")), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(Gan(_run, "--checkpoint", "epoch-0099"), Is.EqualTo(ExitCodes.BadInput));
        });
    }

    [Test]
    public void Comparing_with_an_evaluation_by_other_classifier_weights_is_refused()
    {
        var other = Path.Combine(_root, "other");
        Directory.CreateDirectory(other);
        File.Copy(new RunDirectory(_run).ConfigPath, Path.Combine(other, "config.json"));
        var foreign = new RunEvaluation("other", "last", 1, 125, 4, new EvaluationResult(
            EvaluationResult.FeatureSpaceNote, new ClassifierIdentity("other.pt", new string('0', 64)),
            new SampleCounts(60, 2000, "mnist-sample", "test"), 1, 1, new ModeCoverage(new int[10], 0, 0, 0, 0, 0, ModeCoverage.DefaultShare),
            new PrecisionRecall(0, 0, 3), 0));
        Json.WriteAtomic(new RunDirectory(other).EvalJsonPath, foreign);
        var before = new RunDirectory(_run).EvalJsonPath;
        File.Delete(before);
        Assert.Multiple(() =>
        {
            Assert.That(Gan(_run, "--samples", "60", "--compare", other), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(File.Exists(before), Is.False, "nothing is written when the comparison is refused");
        });
    }
}
