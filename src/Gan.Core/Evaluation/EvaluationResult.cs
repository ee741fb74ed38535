namespace Gan.Core.Evaluation;

/// <summary>How many samples an evaluation compared, and which real split (Fréchet distances are biased by sample counts).</summary>
public sealed record SampleCounts(int Generated, int Real, string RealDataset, string RealSplit);

/// <summary>
/// Every metric of one evaluation, with the classifier that defined them and the sample counts behind them.
/// <see cref="WallSeconds"/> covers the classifier pass over the generated set and all metrics (the real set's
/// features are computed once per <see cref="Evaluator"/>).
/// </summary>
public sealed record EvaluationResult(
    string FeatureSpace,
    ClassifierIdentity Classifier,
    SampleCounts Samples,
    double FrechetDistance,
    double ClassifierScore,
    ModeCoverage Coverage,
    PrecisionRecall PrecisionRecall,
    double WallSeconds)
{
    /// <summary>States, wherever a number is shown, that the features are ours and not Inception's.</summary>
    public const string FeatureSpaceNote =
        "Fréchet LeNet Distance: features of this repository's MNIST LeNet5 (84-d), not Inception; not comparable with published FIDs";

    /// <summary>D's train/held-out score gap, measured with an evaluation during training; null for a checkpoint's.</summary>
    public DiscriminatorGap? Discriminator { get; init; }

    /// <summary>Throws unless <paramref name="other"/> was computed with the same classifier weights (same SHA-256).</summary>
    public void RequireComparable(EvaluationResult other) => Classifier.RequireSame(other.Classifier);
}
