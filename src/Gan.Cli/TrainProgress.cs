using System.Diagnostics;
using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Gan.Core.Training;
using Spectre.Console;

namespace Gan.Cli;

/// <summary>
/// Shows a run's progress: a live Spectre.Console display (epoch, step, steps/s, ETA, current losses) on a terminal,
/// plain log lines (every 10 s and at each epoch's end) when output is redirected.
/// </summary>
public static class TrainProgress
{
    /// <summary>Runs <paramref name="train"/> (a new run or a resume of <paramref name="config"/>) under the display.</summary>
    public static RunSummary Run(TrainingConfig config, Func<ITrainingObserver, RunSummary> train, bool plain)
    {
        bool live = !plain && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!live)
            return train(new PlainObserver(config.Epochs));

        RunSummary? summary = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: 1);
                summary = train(new LiveObserver(task, config.Epochs));
            });
        return summary!;
    }

    sealed class LiveObserver(ProgressTask task, int epochs) : ITrainingObserver
    {
        readonly Stopwatch _watch = new();
        int _perEpoch;

        public void OnStart(RunRecord record, GanTrainer trainer)
        {
            _perEpoch = trainer.IterationsPerEpoch;
            task.MaxValue = (double)_perEpoch * epochs;
            _watch.Start();
        }

        public void OnStep(StepRecord s)
        {
            task.Value = s.Step;
            var rate = s.Step / Math.Max(_watch.Elapsed.TotalSeconds, 1e-9);
            task.Description = $"epoch {s.Epoch}/{epochs} step {s.Step}/{(long)_perEpoch * epochs} {rate:F1} it/s  D {s.DLoss:F4}  G {s.GLoss:F4}";
        }

        public void OnEvaluation(int epoch, EvaluationResult result) =>
            AnsiConsole.WriteLine($"epoch {epoch}/{epochs} eval: {EvaluationTable.OneLine(result)}");
    }

    sealed class PlainObserver(int epochs) : ITrainingObserver
    {
        readonly Stopwatch _watch = new();
        TimeSpan _lastLog;
        long _total;

        public void OnStart(RunRecord record, GanTrainer trainer)
        {
            _total = (long)trainer.IterationsPerEpoch * epochs;
            _watch.Start();
            Console.WriteLine($"run {record.Name}: {_total} steps ({trainer.IterationsPerEpoch} per epoch), {record.Data.TrainCount} images");
        }

        public void OnStep(StepRecord s)
        {
            if (_watch.Elapsed - _lastLog < TimeSpan.FromSeconds(10)) return;
            _lastLog = _watch.Elapsed;
            var rate = s.Step / Math.Max(_watch.Elapsed.TotalSeconds, 1e-9);
            var eta = TimeSpan.FromSeconds((_total - s.Step) / Math.Max(rate, 1e-9));
            Console.WriteLine($"epoch {s.Epoch}/{epochs} step {s.Step}/{_total} {rate:F1} it/s eta {eta:hh\\:mm\\:ss} D {s.DLoss:F4} G {s.GLoss:F4} D(x) {s.DReal:F3} D(G(z)) {s.DFake:F3}");
        }

        public void OnEpochEnd(int epoch, string? samplePath)
        {
            Console.WriteLine($"epoch {epoch}/{epochs} done{(samplePath is null ? "" : $", samples: {samplePath}")}");
        }

        public void OnEvaluation(int epoch, EvaluationResult result) =>
            Console.WriteLine($"epoch {epoch}/{epochs} eval: {EvaluationTable.OneLine(result)}");
    }
}
