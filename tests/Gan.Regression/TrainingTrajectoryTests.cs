using System.Globalization;
using Gan.Core.Models;
using Gan.Core.Training;
using Snapshooter.NUnit;

namespace Gan.Regression;

/// <summary>
/// Trains each <see cref="TrainingCase"/> through <see cref="GanTrainer"/> and locks in, per iteration, D loss, G loss,
/// mean D(x) and mean D(G(z)); then the statistics of G(fixed noise) in eval mode and G's BatchNorm running statistics
/// (which is where BatchNorm momentum shows).
/// </summary>
public class TrainingTrajectoryTests
{
    static IEnumerable<TestCaseData> Cases() =>
        TrainingCase.All().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Trajectory_is_unchanged(TrainingCase c)
    {
        var config = c.Config;
        using var data = RegressionSuite.Sample.Take(config.TrainSubset!.Value);
        using var trainer = new GanTrainer(config, data);

        var steps = Iterations(trainer).Take(c.Iterations).Select(Row).ToList();
        using var samples = trainer.Generate(trainer.FixedNoise);

        Snapshot.Match(new
        {
            Case = c.Name,
            Config = new
            {
                trainer.Config.Generator,
                trainer.Config.Discriminator,
                Slope = trainer.Config.Slope.Name(),
                GLoss = trainer.Config.GLoss.Name(),
                trainer.Config.DSteps,
                trainer.Config.GSteps,
                trainer.Config.LearningRate,
                trainer.Config.Beta1,
                trainer.Config.Beta2,
                trainer.Config.BatchSize,
                trainer.Config.NoiseDim,
                trainer.Config.Seed,
                trainer.Config.Threads,
                Images = data.Count,
            },
            trainer.DStepsTaken,
            trainer.GStepsTaken,
            EpochsCompleted = trainer.Epoch,
            Steps = steps,
            FixedNoiseSamples = TensorSummary.Of(samples),
            GeneratorBuffers = trainer.G.named_buffers().ToDictionary(b => b.name, b => TensorSummary.Of(b.buffer)),
        });
    }

    /// <summary>The trainer's epochs back to back, as many iterations as the caller takes.</summary>
    static IEnumerable<StepRecord> Iterations(GanTrainer trainer)
    {
        while (true)
        {
            foreach (var step in trainer.TrainEpoch())
                yield return step;
        }
    }

    static string Row(StepRecord s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Step,3} epoch {s.Epoch} {s.DSteps}D/{s.GSteps}G  d_loss {Rounded.Text(s.DLoss)}  g_loss {Rounded.Text(s.GLoss)}  D(x) {Rounded.Text(s.DReal)}  D(G(z)) {Rounded.Text(s.DFake)}");
}
