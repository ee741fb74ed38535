using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runs;

/// <summary>An observer reads the trainer it is handed at the start: what an experiment measures besides metrics.csv.</summary>
public class TrainingObserverTests
{
    sealed class Reading : ITrainingObserver
    {
        GanTrainer? _trainer;
        public long StartStep = -1;
        public readonly List<(long Record, long Trainer, long GSteps)> Steps = [];

        public void OnStart(RunRecord record, GanTrainer trainer)
        {
            _trainer = trainer;
            StartStep = trainer.Step;
        }

        public void OnStep(StepRecord step) => Steps.Add((step.Step, _trainer!.Step, _trainer.GStepsTaken));
    }

    [Test]
    public void An_observer_reads_the_trainer_at_each_step()
    {
        using var root = new TempDirectory();
        var observer = new Reading();
        TrainingRun.Execute(new TrainingConfig { Epochs = 1, TrainSubset = 128, BatchSize = 32, Threads = 1, TensorBoard = false, GSteps = 2 },
            root.File("run"), observer);
        Assert.Multiple(() =>
        {
            Assert.That(observer.StartStep, Is.EqualTo(0));
            Assert.That(observer.Steps.Select(s => s.Record), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(observer.Steps.Select(s => s.Trainer), Is.EqualTo(observer.Steps.Select(s => s.Record)), "the trainer as of the step reported");
            Assert.That(observer.Steps.Select(s => s.GSteps), Is.EqualTo(new long[] { 2, 4, 6, 8 }));
        });
    }
}
