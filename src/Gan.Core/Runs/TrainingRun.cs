using System.Diagnostics;
using Gan.Core.Data;
using Gan.Core.Evaluation;
using Gan.Core.Interop;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>Receives a run's progress (the CLI's live display, scripts' logs). Every method has a no-op default.</summary>
public interface ITrainingObserver
{
    /// <summary>
    /// Before the first step, with the trainer, which an observer may keep and read in later calls (its models,
    /// counters, config: what an experiment measures besides metrics.csv); it must not train or change it.
    /// </summary>
    void OnStart(RunRecord record, GanTrainer trainer) { }
    void OnStep(StepRecord step) { }
    void OnEpochEnd(int epoch, string? samplePath) { }
    void OnEvaluation(int epoch, EvaluationResult result) { }
}

/// <summary>
/// Trains a config into a run directory: loads the data, builds the trainer, writes config.json first, a metrics
/// row per iteration, a sample grid per epoch, G and D weights in checkpoints/last, resumable checkpoints
/// (<see cref="CheckpointStore"/>) at every epoch end, every <see cref="TrainingConfig.CheckpointEvery"/> steps and
/// on cancellation, and summary.json last. <see cref="Resume"/> continues a run from its newest checkpoint.
/// The CLI and the experiment scripts both call this, so a script run and a CLI run leave identical directories.
/// </summary>
public static class TrainingRun
{
    /// <summary>With <c>--on-nan skip-step</c>, this many iterations in a row with a non-finite loss stop the run: skipping is not recovering it.</summary>
    public const int SkipStepPatience = 10;

    /// <summary>Trains <paramref name="config"/> into a new run directory, with <paramref name="parts"/> (default: what the config names).</summary>
    public static RunSummary Execute(TrainingConfig config, string outDir, ITrainingObserver? observer = null, CancellationToken cancel = default,
        TrainingParts? parts = null)
    {
        config = config.Validate();
        var dataDir = DatasetCatalog.RequireDirectory(config.Dataset, config.DataDir);
        using var full = ImageDataset.Load(config.Dataset, dataDir, Split.Train);
        using var data = config.TrainSubset is int n ? full.Take(n) : full.Take(full.Count);
        using var evaluation = config.EvalEvery > 0 ? new PeriodicEvaluation(config) : null;
        KernelCheckSummary? kernelCheck = null;
        using var trainer = new GanTrainer(config, data, parts, (g, d) => kernelCheck = KernelCheck.RequireForTraining(config, data.Count, g, d));
        if (config.InitFrom is string init) PyTorchStateDicts.Load(trainer.G, trainer.D, init);

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
                ["evaluation"] = SeedStreams.Evaluation(config.Seed),
            },
            Provenance.Capture() with { KernelCheck = kernelCheck },
            DateTime.UtcNow)
        {
            Labels = RunLabels.Of(trainer.Config),
        };
        Json.WriteAtomic(run.ConfigPath, record);
        return Train(trainer, evaluation, run, record, observer ?? new NullObserver(), cancel, [], 0);
    }

    /// <summary>
    /// Continues the run in <paramref name="runDir"/> from its newest checkpoint with the config it was started with:
    /// metrics.csv is cut back to the checkpoint's step, and with a fixed seed and thread count the continuation draws
    /// exactly the random numbers the uninterrupted run would have. Without any checkpoint it starts over from step 0.
    /// A run trained with its own <paramref name="parts"/> resumes with the same parts.
    /// </summary>
    public static RunSummary Resume(string runDir, ITrainingObserver? observer = null, CancellationToken cancel = default,
        TrainingParts? parts = null)
    {
        var run = RunDirectory.Open(runDir);
        var record = run.ReadRecord();
        if (record.Config is null || record.Data is null)
            throw new GanException($"{run.ConfigPath}: no config or data record; restore the file or start a new run");
        var done = run.ReadSummary();
        if (done?.Status == RunSummary.Completed)
            throw new GanException($"run '{runDir}' already completed ({done.Steps} steps); nothing to resume");
        var config = record.Config.Validate();
        var store = new CheckpointStore(run);
        store.DeleteTemporaries();
        var checkpoint = store.Latest(config);

        var dataDir = DatasetCatalog.RequireDirectory(config.Dataset, config.DataDir);
        using var full = ImageDataset.Load(config.Dataset, dataDir, Split.Train);
        foreach (var (file, md5) in record.Data.FileMd5)
        {
            if (!full.FileMd5.TryGetValue(file, out var now) || now != md5)
                throw new GanException($"{Path.Combine(dataDir, file)}: differs from the file the run started with (MD5 {md5}); restore that data set to resume");
        }
        using var data = config.TrainSubset is int n ? full.Take(n) : full.Take(full.Count);
        using var evaluation = config.EvalEvery > 0 ? new PeriodicEvaluation(config) : null;
        using var trainer = new GanTrainer(config, data, parts, (g, d) => KernelCheck.RequireForTraining(config, data.Count, g, d));
        if (checkpoint is not null) CheckpointStore.Restore(checkpoint, trainer);
        else if (config.InitFrom is string init) PyTorchStateDicts.Load(trainer.G, trainer.D, init);
        var earlier = MetricsWriter.TruncateTo(run.MetricsPath, trainer.Step, trainer.TermColumns);
        EvalCsv.TruncateTo(run.EvalCsvPath, trainer.Step);
        if (done is not null) File.Delete(run.SummaryPath);
        return Train(trainer, evaluation, run, record, observer ?? new NullObserver(), cancel, earlier, checkpoint?.Manifest.WallSeconds ?? 0);
    }

    static RunSummary Train(GanTrainer trainer, PeriodicEvaluation? evaluation, RunDirectory run, RunRecord record, ITrainingObserver observer, CancellationToken cancel,
        IReadOnlyList<StepRecord> earlier, double earlierSeconds)
    {
        var config = trainer.Config;
        var store = new CheckpointStore(run);
        if (config.TensorBoard) observer = new TensorBoardLog(run.TensorBoardDir, trainer.TermColumns, observer);
        observer.OnStart(record, trainer);

        var wall = Stopwatch.StartNew();
        double Seconds() => earlierSeconds + wall.Elapsed.TotalSeconds;
        var stepMs = earlier.Select(r => r.WallMs).ToList();
        StepRecord? last = earlier.Count > 0 ? earlier[^1] : null;
        string status = RunSummary.Completed;
        string? reason = null;
        int nonFiniteInARow = 0;
        double? gap = null;
        using (var metrics = new MetricsWriter(run.MetricsPath, trainer.TermColumns))
        {
            // Rows reach the disk before any checkpoint that counts them, so a checkpoint never points past metrics.csv.
            string? SaveCheckpoint(StepRecord? at)
            {
                metrics.Flush();
                var bad = trainer.FirstNonFiniteTensor();
                if (bad is not null) return Divergence(at, $"parameter {bad} is not finite", store);
                store.Save(trainer, Seconds(), config.KeepCheckpoints);
                return null;
            }

            while (trainer.Epoch < config.Epochs && status == RunSummary.Completed)
            {
                int epoch = trainer.Epoch + 1;
                foreach (var step in trainer.TrainEpoch())
                {
                    metrics.Write(step);
                    stepMs.Add(step.WallMs);
                    last = step;
                    observer.OnStep(step);
                    if (NonFinite(step) is string what)
                    {
                        var bad = trainer.FirstNonFiniteTensor();
                        if (bad is not null) reason = Divergence(step, $"{what} and parameter {bad} is not finite", store);
                        else if (config.OnNan == NanPolicy.Stop) reason = Divergence(step, what, store);
                        else if (++nonFiniteInARow >= SkipStepPatience)
                            reason = Divergence(step, $"{what}, the {nonFiniteInARow}th step in a row with a non-finite loss (skipping updates is not recovering)", store);
                    }
                    else
                    {
                        nonFiniteInARow = 0;
                        if (config.CheckpointEvery > 0 && step.Step % config.CheckpointEvery == 0 && trainer.EpochInProgress)
                            reason = SaveCheckpoint(step);
                    }
                    if (reason is not null) { status = RunSummary.Diverged; break; }
                    if (cancel.IsCancellationRequested) { status = RunSummary.Interrupted; break; }
                }
                if (status == RunSummary.Diverged) break;
                string? sample = null;
                if (status == RunSummary.Completed && (epoch % config.SampleEvery == 0 || epoch == config.Epochs))
                {
                    using var images = trainer.Generate(trainer.FixedNoise);
                    sample = run.SamplePath(epoch);
                    SampleGrid.Save(images, sample);
                }
                // Before the epoch's checkpoint: a run killed while evaluating redoes the evaluation on resume.
                if (status == RunSummary.Completed && evaluation is not null && evaluation.IsDue(epoch))
                {
                    var result = evaluation.Run(trainer, run.EvalCsvPath);
                    gap = result.Discriminator?.Gap;
                    observer.OnEvaluation(epoch, result);
                }
                reason = SaveCheckpoint(last);
                if (reason is not null) { status = RunSummary.Diverged; break; }
                Checkpoint.SaveWeights(trainer, run.LastCheckpointDir);
                observer.OnEpochEnd(epoch, sample);
            }
            metrics.Flush();
        }

        stepMs.Sort();
        var summary = new RunSummary(
            status,
            trainer.Step,
            trainer.Epoch,
            trainer.DStepsTaken,
            trainer.GStepsTaken,
            // The summary shows losses as float32 in every precision; metrics.csv keeps an fp64 run's exact values.
            (float)(last?.DLoss ?? double.NaN),
            (float)(last?.GLoss ?? double.NaN),
            Seconds(),
            stepMs.Count > 0 ? stepMs[stepMs.Count / 2] : double.NaN,
            DateTime.UtcNow)
        {
            SkippedSteps = trainer.SkippedSteps,
            Reason = reason,
            FinalRealSign = last?.RealSign,
            FinalAugmentP = last?.AugmentP,
            FinalDScoreGap = gap,
        };
        Json.WriteAtomic(run.SummaryPath, summary);
        return summary;
    }

    /// <summary>The first of a row's values that is NaN or infinite, named as docs/run-directories.md's metrics columns, or null.</summary>
    static string? NonFinite(StepRecord s) =>
        !double.IsFinite(s.DLoss) ? $"D loss is {s.DLoss}"
        : !double.IsFinite(s.GLoss) ? $"G loss is {s.GLoss}"
        : !double.IsFinite(s.DReal) ? $"D(x) is {s.DReal}"
        : !double.IsFinite(s.DFake) ? $"D(G(z)) is {s.DFake}"
        : null;

    /// <summary>The one-line divergence message: where, what, and which checkpoint is still good.</summary>
    static string Divergence(StepRecord? at, string what, CheckpointStore store)
    {
        var good = store.List();
        var keep = good.Count > 0
            ? $"last good checkpoint {good[^1]} is kept"
            : "no checkpoint was written before it";
        var where = at is null ? "before the first step" : $"at step {at.Step} (epoch {at.Epoch})";
        return $"training diverged {where}: {what}; {keep}; lower --lr, or pass --on-nan skip-step to skip non-finite updates";
    }

    sealed class NullObserver : ITrainingObserver;
}
