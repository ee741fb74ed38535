using Gan.Core.Data;
using Gan.Core.Training;

namespace Gan.Core.Evaluation;

/// <summary>
/// Evaluation during training (<see cref="TrainingConfig.EvalEvery"/>): every N epochs and after the last, draws
/// <see cref="TrainingConfig.EvalSamples"/> samples from the evaluation noise stream, evaluates them against the test
/// split, measures D's train/held-out score gap (<see cref="DiscriminatorGap"/>) on as many test reals, and appends a
/// row to <c>eval.csv</c>. The test split is whole whatever <see cref="TrainingConfig.TrainSubset"/>. It draws nothing from the training streams, so losses are bit-identical
/// with evaluation on or off. Create it before the trainer: building the classifier uses the global torch RNG, which
/// the trainer reseeds for model initialisation.
/// </summary>
public sealed class PeriodicEvaluation : IDisposable
{
    readonly TrainingConfig _config;
    /// <summary>The test split, loaded once: the evaluator's real features and D's held-out reals.</summary>
    readonly ImageDataset _heldOut;
    readonly Evaluator _evaluator;

    public PeriodicEvaluation(TrainingConfig config)
    {
        _config = config;
        _heldOut = ImageDataset.Load(config.Dataset, DatasetCatalog.RequireDirectory(config.Dataset, config.DataDir), Split.Test);
        try
        {
            _evaluator = Evaluator.For(_heldOut);
        }
        catch
        {
            _heldOut.Dispose();
            throw;
        }
    }

    public bool IsDue(int epoch) => epoch % _config.EvalEvery == 0 || epoch == _config.Epochs;

    public EvaluationResult Run(GanTrainer trainer, string csvPath)
    {
        var seed = SeedStreams.Evaluation(_config.Seed);
        using var samples = GeneratedSamples.Draw(trainer.SampleGenerator, _config.EvalSamples, seed);
        var result = _evaluator.Evaluate(samples) with { Discriminator = DiscriminatorGap.Measure(trainer, _heldOut, _config.EvalSamples) };
        EvalCsv.Append(csvPath, trainer.Epoch, trainer.Step, seed, result);
        return result;
    }

    public void Dispose()
    {
        _evaluator.Dispose();
        _heldOut.Dispose();
    }
}
