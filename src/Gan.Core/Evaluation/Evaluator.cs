using System.Diagnostics;
using Gan.Core.Data;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace Gan.Core.Evaluation;

/// <summary>
/// Evaluates sets of generated images against one real split: runs the classifier over the real images once, then
/// for each generated set computes the Fréchet distance, classifier score, mode coverage and precision/recall.
/// Owns the classifier it is given.
/// </summary>
public sealed class Evaluator : IDisposable
{
    readonly EvaluationClassifier _classifier;
    readonly ClassifierOutputs _real;
    readonly Matrix<double> _realFeatures;
    readonly string _realDataset;
    readonly string _realSplit;

    public ClassifierIdentity Classifier => _classifier.Identity;
    public int RealCount => _real.Count;

    public Evaluator(EvaluationClassifier classifier, ImageDataset real)
    {
        _classifier = classifier;
        _real = classifier.Run(real.Images);
        _realFeatures = _real.FeatureMatrix();
        _realDataset = real.Name;
        _realSplit = real.Split.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// An evaluator for a data set's real split with its classifier (<see cref="EvaluationClassifier.DefaultPath"/>
    /// unless <paramref name="classifierPath"/> is given).
    /// </summary>
    public static Evaluator ForDataset(string dataset, string? dataDir, Split split = Split.Test, string? classifierPath = null)
    {
        using var real = ImageDataset.Load(dataset, DatasetCatalog.RequireDirectory(dataset, dataDir), split);
        return For(real, classifierPath);
    }

    /// <summary>
    /// An evaluator for a real set already loaded (the caller keeps it) with its data set's classifier, or
    /// <paramref name="classifierPath"/>'s.
    /// </summary>
    public static Evaluator For(ImageDataset real, string? classifierPath = null)
    {
        var classifier = EvaluationClassifier.Load(classifierPath ?? EvaluationClassifier.DefaultPath(real.Name));
        try
        {
            return new Evaluator(classifier, real);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every metric for <paramref name="generated"/> images (N,1,28,28) in [−1, 1]; a class counts in
    /// <see cref="ModeCoverage.ClassesAtShare"/> when it holds at least <paramref name="coverageShare"/> of them.
    /// </summary>
    public EvaluationResult Evaluate(Tensor generated, double coverageShare = ModeCoverage.DefaultShare)
    {
        var watch = Stopwatch.StartNew();
        using var outputs = _classifier.Run(generated);
        return Evaluate(outputs, watch, coverageShare);
    }

    EvaluationResult Evaluate(ClassifierOutputs generated, Stopwatch watch, double coverageShare)
    {
        if (generated.Count <= PrecisionRecall.DefaultK)
            throw new GanException($"evaluation needs more than {PrecisionRecall.DefaultK} generated samples (got {generated.Count})");
        var probabilities = generated.ProbabilityMatrix();
        var fd = FrechetDistance.Compute(generated.FeatureMatrix(), _realFeatures);
        var score = ClassifierScore.Compute(probabilities);
        var coverage = ModeCoverage.Compute(probabilities, coverageShare);
        var pr = PrecisionRecall.Compute(_real.Features, generated.Features);
        return new EvaluationResult(
            EvaluationResult.FeatureSpaceNote,
            _classifier.Identity,
            new SampleCounts(generated.Count, _real.Count, _realDataset, _realSplit),
            fd, score, coverage, pr, watch.Elapsed.TotalSeconds);
    }

    public void Dispose()
    {
        _real.Dispose();
        _classifier.Dispose();
    }
}
