namespace Gan.Core.Evaluation;

/// <summary>
/// What a classifier's weights are: written next to them as <c>NAME.json</c> by <c>gan classifier train</c>.
/// <see cref="Sha256"/> is the checksum of the <c>.pt</c> file, the classifier's identity in every evaluation.
/// </summary>
public sealed record ClassifierCard(
    string Dataset,
    int TrainImages,
    int TestImages,
    double TestAccuracy,
    ClassifierTrainingOptions Training,
    string FeatureLayer,
    int FeatureDim,
    string Sha256,
    DateTime TrainedUtc);
