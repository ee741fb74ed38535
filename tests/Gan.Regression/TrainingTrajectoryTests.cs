using System.Globalization;
using Gan.Core.Models;
using Gan.Core.Runtime;
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

        var steps = Iterations(trainer).Take(c.Iterations).Select(s => Row(s, trainer.TermColumns)).ToList();
        using var samples = trainer.Generate(trainer.FixedNoise);

        Snapshot.Match(new
        {
            Case = c.Name,
            Config = Settings(c, trainer.Config, data.Count),
            trainer.DStepsTaken,
            trainer.GStepsTaken,
            EpochsCompleted = trainer.Epoch,
            Steps = steps,
            FixedNoiseSamples = TensorSummary.Of(samples),
            GeneratorBuffers = trainer.G.named_buffers().ToDictionary(b => b.name, b => TensorSummary.Of(b.buffer)),
        });
    }

    /// <summary>
    /// The effective config. The study's objectives keep the "GLoss" entry their snapshots were recorded with; any other
    /// objective is "Objective"; every other setting that differs from the default (a regulariser, G's average, D's
    /// learning rate) follows, so the study's cases keep their recorded entries.
    /// </summary>
    static Dictionary<string, object> Settings(TrainingCase c, TrainingConfig config, int images)
    {
        var settings = new Dictionary<string, object>
        {
            ["Generator"] = config.Generator,
            ["Discriminator"] = config.Discriminator,
            ["Slope"] = config.Slope.Name(),
            [c.IsStudyObjective ? "GLoss" : "Objective"] = c.LossName,
            ["DSteps"] = config.DSteps,
            ["GSteps"] = config.GSteps,
            ["LearningRate"] = config.LearningRate,
            ["Beta1"] = config.Beta1,
            ["Beta2"] = config.Beta2,
            ["BatchSize"] = config.BatchSize,
            ["NoiseDim"] = config.NoiseDim,
            ["Seed"] = config.Seed,
            ["Threads"] = config.Threads,
            ["Images"] = images,
        };
        var defaults = new TrainingConfig();
        foreach (var p in typeof(TrainingConfig).GetProperties())
        {
            if (NotSettings.Contains(p.Name) || settings.ContainsKey(p.Name) || p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), false).Length > 0)
                continue;
            var value = p.GetValue(config);
            if (value is not null && !value.Equals(p.GetValue(defaults))) settings[p.Name] = value switch
            {
                Precision precision => precision.Name(),
                Enum e => e.ToString().ToLowerInvariant(),
                _ => value,
            };
        }
        return settings;
    }

    /// <summary>Config entries that are the case's frame (data, output, machine), or stated above already, not settings.</summary>
    static readonly HashSet<string> NotSettings =
    [
        nameof(TrainingConfig.Objective), nameof(TrainingConfig.Epochs), nameof(TrainingConfig.Dataset), nameof(TrainingConfig.DataDir),
        nameof(TrainingConfig.TrainSubset), nameof(TrainingConfig.JointDBatch), nameof(TrainingConfig.Device), nameof(TrainingConfig.SampleEvery),
        nameof(TrainingConfig.EvalEvery), nameof(TrainingConfig.EvalSamples), nameof(TrainingConfig.CheckpointEvery),
        nameof(TrainingConfig.KeepCheckpoints), nameof(TrainingConfig.OnNan),
    ];

    /// <summary>The trainer's epochs back to back, as many iterations as the caller takes.</summary>
    static IEnumerable<StepRecord> Iterations(GanTrainer trainer)
    {
        while (true)
        {
            foreach (var step in trainer.TrainEpoch())
                yield return step;
        }
    }

    /// <summary>One iteration's line; D's extra loss terms (gp, r1), when the case has any, follow by name.</summary>
    static string Row(StepRecord s, IReadOnlyList<string> terms) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Step,3} epoch {s.Epoch} {s.DSteps}D/{s.GSteps}G  d_loss {Rounded.Text(s.DLoss)}  g_loss {Rounded.Text(s.GLoss)}  D(x) {Rounded.Text(s.DReal)}  D(G(z)) {Rounded.Text(s.DFake)}")
        + string.Concat(terms.Zip(s.Terms, (name, t) => $"  {name} {Rounded.Text(t)}"));
}
