using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Core.Tests.Evaluation;

/// <summary><c>gan eval</c>'s workflow called as a script or notebook calls it, without the CLI.</summary>
public class CheckpointEvaluationTests
{
    string _root = null!;
    string _run = null!;

    [OneTimeSetUp]
    public void TrainTinyRun()
    {
        _root = Directory.CreateTempSubdirectory("gan-checkpoint-eval-").FullName;
        _run = Path.Combine(_root, "g1d1");
        TrainingRun.Execute(new TrainingConfig { Epochs = 1, TrainSubset = 128, Threads = 1 }, _run);
    }

    [OneTimeTearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void It_writes_what_it_returns_and_repeats_bit_for_bit_from_the_runs_noise_stream()
    {
        var first = CheckpointEvaluation.Run(new CheckpointEvaluationRequest(_run, Samples: 60, Threads: 1));
        var written = CheckpointEvaluation.Read(_run);
        var again = CheckpointEvaluation.Run(new CheckpointEvaluationRequest(_run, Samples: 60, Threads: 1));
        var otherNoise = CheckpointEvaluation.Run(new CheckpointEvaluationRequest(_run, Samples: 60, Seed: 99, Threads: 1));
        Assert.Multiple(() =>
        {
            Assert.That((written.Run, written.Checkpoint, written.Step, written.NoiseSeed),
                Is.EqualTo((first.Evaluation.Run, "last", (long?)2, SeedStreams.Evaluation(0))));
            Assert.That(written.Result.FrechetDistance, Is.EqualTo(first.Evaluation.Result.FrechetDistance));
            Assert.That(again.Evaluation.Result.FrechetDistance, Is.EqualTo(first.Evaluation.Result.FrechetDistance));
            Assert.That(otherNoise.Evaluation.Result.FrechetDistance, Is.Not.EqualTo(first.Evaluation.Result.FrechetDistance));
            Assert.That(first.PairLabel, Is.EqualTo("G1+D1"));
        });
    }

    [TestCase(5, "last", "--samples 5 must be at least 10")]
    [TestCase(60, "epoch-0099", "no such checkpoint")]
    public void Bad_requests_are_one_line_errors(int samples, string checkpoint, string expected) =>
        Assert.That(() => CheckpointEvaluation.Run(new CheckpointEvaluationRequest(_run, checkpoint, samples)),
            Throws.TypeOf<GanException>().With.Message.Contains(expected));
}
