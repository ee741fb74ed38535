using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Notebooks;

/// <summary>
/// Shows training as it happens: after each epoch it hands the update callback the loss curves so far and the epoch's
/// sample grid, for a cell to put in its displayed output (<c>display(...).Update(...)</c> in .NET Interactive).
/// </summary>
public sealed class EpochDisplay(Action<object> update, string name = "training") : ITrainingObserver
{
    readonly List<StepRecord> _steps = [];

    /// <summary>The last picture handed over (null before the first epoch ends), for a cell to show once more at the end.</summary>
    public object? Last { get; private set; }

    public void OnStep(StepRecord step) => _steps.Add(step);

    public void OnEpochEnd(int epoch, string? samplePath)
    {
        var plot = Plots.Losses($"{name}: epoch {epoch}", _steps);
        Last = samplePath is null ? plot : new Figure([plot, SampleImages.File(samplePath)]);
        update(Last);
    }

    public void OnEvaluation(int epoch, EvaluationResult result) { }
}

/// <summary>Several pictures side by side, shown as one HTML block.</summary>
public sealed record Figure(IReadOnlyList<PngImage> Images);
