using Gan.Core.Data;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Training;

/// <summary>A script's own hooks (<see cref="TrainingParts.Hooks"/>): where the trainer calls them, and that they act on training.</summary>
public class TrainingHookTests
{
    ImageDataset _data = null!;

    [OneTimeSetUp]
    public void LoadSample()
    {
        using var sample = SampleData.LoadTrain();
        _data = sample.Take(112);
    }

    [OneTimeTearDown] public void DisposeSample() => _data.Dispose();

    static TrainingConfig Small => new() { BatchSize = 16, Seed = 3, Threads = 1 };

    sealed class Counting : ITrainingHook
    {
        public int BeforeD, AfterD, AfterG;
        public readonly List<long> RealsSeen = [];
        public readonly List<long> GStepsSeen = [];
        public bool Disposed;

        Tensor ITrainingHook.BeforeD(Tensor images, GanTrainer trainer, torch.Generator noise)
        {
            BeforeD++;
            return images;
        }

        void ITrainingHook.AfterDStep(GanTrainer trainer, double realSign, long reals)
        {
            AfterD++;
            RealsSeen.Add(reals);
        }

        void ITrainingHook.AfterGStep(GanTrainer trainer)
        {
            AfterG++;
            GStepsSeen.Add(trainer.GStepsTaken);
        }

        public void Dispose() => Disposed = true;
    }

    /// <summary>Flips every image D sees: a change of D's input that a trainer edit would otherwise make.</summary>
    sealed class Flip : ITrainingHook
    {
        public Tensor BeforeD(Tensor images, GanTrainer trainer, torch.Generator noise) => images.flip(-1);
    }

    List<StepRecord> Epoch(TrainingConfig c, params ITrainingHook[] hooks)
    {
        using var t = new GanTrainer(c, _data, TrainingParts.Registered with { Hooks = _ => hooks });
        return t.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
    }

    [TestCase(1, 1)]
    [TestCase(3, 1)]
    [TestCase(1, 2)]
    public void The_trainer_calls_a_hook_at_each_point_and_disposes_it(int k, int gSteps)
    {
        var counting = new Counting();
        var rows = Epoch(Small with { DSteps = k, GSteps = gSteps }, counting);
        int dSteps = rows.Sum(r => r.DSteps), gTaken = rows.Sum(r => r.GSteps);
        Assert.Multiple(() =>
        {
            Assert.That(counting.AfterD, Is.EqualTo(dSteps));
            Assert.That(counting.RealsSeen, Has.All.EqualTo(16), "r_t over each D step's 16 reals");
            Assert.That(counting.AfterG, Is.EqualTo(gTaken));
            Assert.That(counting.GStepsSeen, Is.EqualTo(Enumerable.Range(1, gTaken).Select(i => (long)i)), "after the step is counted");
            Assert.That(counting.BeforeD, Is.EqualTo(2 * dSteps + gTaken), "the reals and fakes of each D step, the fakes of each G step (BCE scores no reals there)");
            Assert.That(counting.Disposed, Is.True);
        });
    }

    [Test]
    public void A_hook_that_returns_its_input_changes_nothing_and_one_that_changes_it_changes_training()
    {
        var plain = Epoch(Small);
        Assert.That(Epoch(Small, new Counting()), Is.EqualTo(plain));
        Assert.That(Epoch(Small, new Flip())[0].DReal, Is.Not.EqualTo(plain[0].DReal));
    }
}
