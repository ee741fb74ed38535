using System.Diagnostics;
using Gan.Core.Data;
using Gan.Core.Evaluation;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>Receives a run's progress (the CLI's live display, scripts' logs). Every method has a no-op default.</summary>
public interface ITrainingObserver
{
    void OnStart(RunRecord record, int iterationsPerEpoch) { }
    void OnStep(StepRecord step) { }
    void OnEpochEnd(int epoch, string? samplePath) { }
    void OnEvaluation(int epoch, EvaluationResult result) { }
}

/// <summary>
/// Trains a config into a run directory: loads the data, builds the trainer, writes config.json first, a metrics
/// row per iteration, a sample grid per epoch, G and D weights in checkpoints/last, and summary.json last.
/// The CLI and the experiment scripts both call this, so a script run and a CLI run leave identical directories.
/// </summary>
public static class TrainingRun
{
    public static RunSummary Execute(TrainingConfig config, string outDir, ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        config = config.Validate();
        observer ??= new NullObserver();
        var dataDir = DatasetCatalog.RequireDirectory(config.Dataset, config.DataDir);
        using var full = ImageDataset.Load(config.Dataset, dataDir, Split.Train);
        using var data = config.TrainSubset is int n ? full.Take(n) : full.Take(full.Count);
        using var evaluation = config.EvalEvery > 0 ? new PeriodicEvaluation(config) : null;
        using var trainer = new GanTrainer(config, data);

        var run = RunDirectory.Create(outDir);
        var record = new RunRecord(
            run.Name,
            trainer.Config,
            new DataRecord(config.Dataset, dataDir, data.Count, data.FileMd5),
            new Dictionary<string, long>
            {
                ["init"] = SeedStreams.Init(config.Seed),
                ["noise"] = SeedStreams.Noise(config.Seed),
                ["dataOrder"] = SeedStreams.DataOrder(config.Seed),
                ["fixedNoise"] = SeedStreams.FixedNoise(config.Seed),
            },
            Provenance.Capture(),
            DateTime.UtcNow);
        Json.WriteAtomic(run.ConfigPath, record);
        observer.OnStart(record, trainer.IterationsPerEpoch);

        var wall = Stopwatch.StartNew();
        var stepMs = new List<double>();
        StepRecord? last = null;
        string status = "completed";
        using (var metrics = new MetricsWriter(run.MetricsPath))
        {
            for (int e = 1; e <= config.Epochs && status == "completed"; e++)
            {
                foreach (var step in trainer.TrainEpoch())
                {
                    metrics.Write(step);
                    stepMs.Add(step.WallMs);
                    last = step;
                    observer.OnStep(step);
                    if (cancel.IsCancellationRequested) { status = "interrupted"; break; }
                }
                metrics.Flush();
                string? sample = null;
                if (status == "completed" && (e % config.SampleEvery == 0 || e == config.Epochs))
                {
                    using var images = trainer.Generate(trainer.FixedNoise);
                    sample = run.SamplePath(e);
                    SampleGrid.Save(images, sample);
                }
                Checkpoint.SaveWeights(trainer, run.LastCheckpointDir);
                observer.OnEpochEnd(e, sample);
                if (status == "completed" && evaluation is not null && evaluation.IsDue(e))
                    observer.OnEvaluation(e, evaluation.Run(trainer, run.EvalCsvPath));
            }
        }

        stepMs.Sort();
        var summary = new RunSummary(
            status,
            trainer.Step,
            trainer.Epoch,
            trainer.DStepsTaken,
            trainer.GStepsTaken,
            last?.DLoss ?? float.NaN,
            last?.GLoss ?? float.NaN,
            wall.Elapsed.TotalSeconds,
            stepMs.Count > 0 ? stepMs[stepMs.Count / 2] : double.NaN,
            DateTime.UtcNow);
        Json.WriteAtomic(run.SummaryPath, summary);
        return summary;
    }

    sealed class NullObserver : ITrainingObserver;
}
