using Gan.Core.Runs;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Scripts.Tests;

/// <summary>
/// Writes small run directories with Gan.Core's own writers (config.json, metrics.csv, summary.json, a sample grid,
/// eval.csv), with losses chosen so the expected statistics and collapse steps are known in advance:
/// <list type="bullet">
/// <item>healthy/seed-0 and seed-1: 10 steps in 2 epochs; last-epoch D loss 1.0 and 1.2, so the mean is 1.1 and the 95%
/// half-width 12.706 · 0.1414 / √2 = 1.27; fd 50, 10, 20 and 60, 30, 40 (final 30 ± 127, best 20 ± 127). Seed 1's
/// first evaluation covers 1 class and later ones 10: an early phase, not a collapse.</item>
/// <item>collapsed/seed-0: D loss below 1e-3 from step 7 to the end, G loss at the ceiling 100 from step 8, coverage 2 at
/// step 10; at the last evaluation 90% of the samples are class 0.</item>
/// <item>collapsed/seed-1: D loss dips below 1e-3 at step 5 only, then recovers: no collapse; last largest class 3 (30%).</item>
/// </list>
/// </summary>
public static class RunFixture
{
    public const int StepsPerEpoch = 5;

    public static void Write(string experimentDir)
    {
        var healthy = new TrainingConfig { Epochs = 2, TrainSubset = 320 };
        var collapsed = new TrainingConfig { Generator = "G3", Discriminator = "D1", Slope = Gan.Core.Models.SlopeVariant.Fixed, Epochs = 2, TrainSubset = 320 };
        WriteRun(Path.Combine(experimentDir, "healthy", "seed-0"), healthy with { Seed = 0 }, s => s > StepsPerEpoch ? 1.0f : 1.3f, _ => 0.8f,
            "epoch,step,fd,classes_covered,max_class_fraction,largest_class,class_counts,samples\n1,5,50,10,0.1,0,1|1|1|1|1|1|1|1|1|1,1000\n2,8,10,10,0.1,0,1|1|1|1|1|1|1|1|1|1,1000\n2,10,20,10,0.1,0,1|1|1|1|1|1|1|1|1|1,1000\n");
        WriteRun(Path.Combine(experimentDir, "healthy", "seed-1"), healthy with { Seed = 1 }, s => s > StepsPerEpoch ? 1.2f : 1.3f, _ => 0.9f,
            "epoch,step,fd,classes_covered,max_class_fraction,largest_class,class_counts,samples\n1,5,60,1,1,8,0|0|0|0|0|0|0|0|10|0,1000\n2,8,30,10,0.1,0,1|1|1|1|1|1|1|1|1|1,1000\n2,10,40,10,0.1,0,1|1|1|1|1|1|1|1|1|1,1000\n");
        WriteRun(Path.Combine(experimentDir, "collapsed", "seed-0"), collapsed with { Seed = 0 }, s => s >= 7 ? 1e-5f : 0.5f, s => s >= 8 ? 100f : 3f,
            "epoch,step,fd,classes_covered,max_class_fraction,largest_class,class_counts,samples\n1,5,300,6,0.5,0,5|1|1|1|1|1|0|0|0|0,1000\n2,10,400,2,0.9,0,9|1|0|0|0|0|0|0|0|0,1000\n");
        WriteRun(Path.Combine(experimentDir, "collapsed", "seed-1"), collapsed with { Seed = 1 }, s => s == 5 ? 1e-4f : 0.6f, _ => 2f,
            "epoch,step,fd,classes_covered,max_class_fraction,largest_class,class_counts,samples\n1,5,200,8,0.2,3,1|1|1|2|1|1|1|1|1|0,1000\n2,10,210,7,0.3,3,1|1|1|3|1|1|1|1|0|0,1000\n");
    }

    /// <summary>
    /// One run directory; <paramref name="terms"/> gives the values of D's extra loss terms per step, one per column of
    /// the config's labels (none for the study's objective).
    /// </summary>
    public static void WriteRun(string dir, TrainingConfig config, Func<int, float> dLoss, Func<int, float> gLoss, string evalCsv,
        Func<int, float[]>? terms = null)
    {
        var run = RunDirectory.Create(dir);
        config = config.Validate();
        var labels = RunLabels.Of(config);
        Json.WriteAtomic(run.ConfigPath, new RunRecord(run.Name, config,
            new DataRecord(config.Dataset, "fixture", config.TrainSubset ?? 0, new Dictionary<string, string>()),
            new Dictionary<string, long> { ["init"] = 0 }, Provenance.Capture(), DateTime.UtcNow)
        { Labels = labels });
        int steps = StepsPerEpoch * config.Epochs;
        using (var metrics = new MetricsWriter(run.MetricsPath, labels.Terms))
        {
            for (int s = 1; s <= steps; s++)
                metrics.Write(new StepRecord(s, (s - 1) / StepsPerEpoch + 1, dLoss(s), gLoss(s), 0.9f, 0.1f, 1, 1, 10.0) { Terms = terms?.Invoke(s).Select(t => (double)t).ToArray() ?? [] });
        }
        using (var scope = NewDisposeScope())
        {
            var generator = new Generator().manual_seed(config.Seed);
            SampleGrid.Save(rand(64, 1, 28, 28, generator: generator) * 2 - 1, run.SamplePath(config.Epochs));
        }
        File.WriteAllText(Path.Combine(dir, "eval.csv"), evalCsv);
        Json.WriteAtomic(run.SummaryPath, new RunSummary("completed", steps, config.Epochs, steps, steps,
            dLoss(steps), gLoss(steps), 1.0, 10.0, DateTime.UtcNow));
    }
}
