using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Core.Sweeps;

/// <summary>A task's progress as plain log lines (start, each epoch's last losses), prefixed with its label.</summary>
public sealed class SweepLog(string label, int epochs) : ITrainingObserver
{
    StepRecord? _last;

    public void OnStart(RunRecord record, GanTrainer trainer) =>
        Console.WriteLine($"{label}: {trainer.IterationsPerEpoch} steps/epoch × {epochs} epoch(s) on {record.Data.TrainCount} images");

    public void OnStep(StepRecord step) => _last = step;

    public void OnEpochEnd(int epoch, string? samplePath)
    {
        if (_last is { } s)
            Console.WriteLine($"{label}: epoch {epoch}/{epochs} D {s.DLoss:F4} G {s.GLoss:F4} D(x) {s.DReal:F3} D(G(z)) {s.DFake:F3}");
    }
}
