using System.Text.Json.Nodes;
using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>
/// Trains a <see cref="TrainingCase"/> through <see cref="GanTrainer"/> (the code <c>gan train</c> runs) and records
/// its <see cref="Trajectory"/>: per iteration D loss, G loss, mean D(x), mean D(G(z)) and D's extra terms; then the
/// statistics of G(fixed noise) in eval mode and of G's buffers (where BatchNorm momentum shows).
/// </summary>
public static class TrajectoryRun
{
    /// <summary>
    /// The case as configured, or in <paramref name="config"/> (another precision), for its iterations or
    /// <paramref name="iterations"/>; <paramref name="prepare"/> sees the trainer before its first step.
    /// </summary>
    public static Trajectory Of(TrainingCase c, TrainingConfig? config = null, int? iterations = null, Action<GanTrainer>? prepare = null)
    {
        config ??= c.Config;
        using var data = RegressionSuite.Sample.Take(config.TrainSubset!.Value);
        using var trainer = new GanTrainer(config, data);
        prepare?.Invoke(trainer);
        bool adaptive = trainer.Config.Augment?.StartsWith(Core.Augmentation.AdaptiveAugment.Prefix, StringComparison.Ordinal) == true;
        var steps = Iterations(trainer).Take(iterations ?? c.Iterations).Select(s => Row(s, trainer.TermColumns, adaptive)).ToList();
        using var samples = trainer.Generate(trainer.FixedNoise);
        return new Trajectory(
            c.Name,
            Settings(c, trainer.Config, data.Count),
            new Dictionary<string, double>
            {
                ["d_steps_taken"] = trainer.DStepsTaken,
                ["g_steps_taken"] = trainer.GStepsTaken,
                ["epochs_completed"] = trainer.Epoch,
            },
            steps,
            TensorSummary.Exact(samples).ToDictionary(),
            trainer.G.named_buffers().ToDictionary(b => b.name, b => (IReadOnlyDictionary<string, double>)TensorSummary.Exact(b.buffer).ToDictionary()));
    }

    /// <summary>
    /// The effective config. The study's objectives keep the "GLoss" entry their cases were first recorded with; any
    /// other objective is "Objective"; every other setting that differs from the default (a regulariser, G's average,
    /// D's learning rate, the precision) follows.
    /// </summary>
    static JsonObject Settings(TrainingCase c, TrainingConfig config, int images)
    {
        var settings = new JsonObject
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
                double d => d,
                long l => l,
                int i => i,
                bool b => b,
                _ => value.ToString(),
            };
        }
        return settings;
    }

    /// <summary>
    /// Config entries that are the case's frame (data, output, machine), or stated above already, not settings. The
    /// thread count is the machine's: the compute-path matrix runs the same trajectories with two.
    /// </summary>
    static readonly HashSet<string> NotSettings =
    [
        nameof(TrainingConfig.Objective), nameof(TrainingConfig.Epochs), nameof(TrainingConfig.Dataset), nameof(TrainingConfig.DataDir),
        nameof(TrainingConfig.TrainSubset), nameof(TrainingConfig.JointDBatch), nameof(TrainingConfig.Device), nameof(TrainingConfig.SampleEvery),
        nameof(TrainingConfig.EvalEvery), nameof(TrainingConfig.EvalSamples), nameof(TrainingConfig.CheckpointEvery),
        nameof(TrainingConfig.KeepCheckpoints), nameof(TrainingConfig.OnNan), nameof(TrainingConfig.Threads),
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

    /// <summary>
    /// One iteration's numbers; D's extra loss terms (gp, r1), when the case has any, follow by name, and an adaptive
    /// augmentation's cases add r_t and aug_p, the signal and the probability it follows.
    /// </summary>
    static IReadOnlyDictionary<string, double> Row(StepRecord s, IReadOnlyList<string> terms, bool adaptive)
    {
        var row = new Dictionary<string, double>
        {
            ["step"] = s.Step,
            ["epoch"] = s.Epoch,
            ["d_steps"] = s.DSteps,
            ["g_steps"] = s.GSteps,
            ["d_loss"] = s.DLoss,
            ["g_loss"] = s.GLoss,
            ["d_real"] = s.DReal,
            ["d_fake"] = s.DFake,
        };
        foreach (var (name, t) in terms.Zip(s.Terms)) row[name] = t;
        if (adaptive)
        {
            row["r_t"] = s.RealSign;
            row["aug_p"] = s.AugmentP;
        }
        return row;
    }
}
