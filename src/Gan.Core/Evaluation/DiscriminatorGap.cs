using Gan.Core.Training;

namespace Gan.Core.Evaluation;

/// <summary>
/// D's overfitting signal at an evaluation (ADA's Figure 1): its mean raw score on the first <see cref="Images"/>
/// training reals and on as many held-out reals (the test split), in eval mode without augmentation. A D that
/// memorises its training set scores those higher than reals it never saw: <see cref="Gap"/> grows.
/// </summary>
public sealed record DiscriminatorGap(int Images, double Train, double HeldOut)
{
    /// <summary>Train − held-out: about 0 while D generalises.</summary>
    public double Gap => Train - HeldOut;

    /// <summary>Scores <paramref name="trainer"/>'s D on its first n training reals and the first n of <paramref name="heldOut"/>, n = min(<paramref name="limit"/>, both counts).</summary>
    public static DiscriminatorGap Measure(GanTrainer trainer, Data.ImageDataset heldOut, int limit)
    {
        int n = Math.Min(limit, Math.Min(trainer.TrainingImages.Count, heldOut.Count));
        using var train = trainer.TrainingImages.Images[..n];
        using var held = heldOut.Images[..n];
        return new DiscriminatorGap(n, trainer.MeanScore(train), trainer.MeanScore(held));
    }
}
