using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>
/// What <c>--augment</c> puts in front of D: applied to every image D sees (real and fake, in the D step and the G
/// step), drawing from the run's noise stream. <see cref="Probability"/> is the chance that each of its augmentations
/// is applied to an image: 1 for DiffAugment, adapted during training for ADA, which <see cref="Observe"/> feeds with
/// D's scores on each D step's reals. Its state (<see cref="Capture"/>) goes into every checkpoint, so a resumed run
/// continues with the same p. As a training hook it augments what D sees and observes each D step.
/// </summary>
public interface IDiscriminatorAugment : ITrainingHook
{
    /// <summary>The probability each augmentation is applied to an image now: metrics.csv's <c>aug_p</c>.</summary>
    double Probability { get; }

    Tensor Apply(Tensor images, Generator generator);

    /// <summary>After each D step: r = E[sign(D(x_real))] over its <paramref name="images"/> reals.</summary>
    void Observe(double realSign, long images);

    AugmentState Capture();

    void Restore(AugmentState state);

    Tensor ITrainingHook.BeforeD(Tensor images, GanTrainer trainer, Generator noise) => Apply(images, noise);

    void ITrainingHook.AfterDStep(GanTrainer trainer, double realSign, long reals) => Observe(realSign, reals);
}

/// <summary>
/// An augmentation's adaptive state for a checkpoint: p, and the reals' sign sum and count since its last adjustment
/// (ADA adjusts every <see cref="AdaptiveAugment.Interval"/> D steps).
/// </summary>
public sealed record AugmentState(double P, double SignSum, long Images, int Steps);
