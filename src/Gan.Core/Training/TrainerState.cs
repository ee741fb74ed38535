namespace Gan.Core.Training;

/// <summary>
/// Everything of a <see cref="GanTrainer"/> besides weights and optimizer moments that decides what it does next:
/// the counters, the position inside the current epoch and the state of every random generator it draws from.
/// Restoring it into a trainer built from the same config continues with exactly the same random draws.
/// </summary>
/// <param name="Step">Iterations (metric rows) done.</param>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="DStepsTaken">D steps taken, skipped ones included.</param>
/// <param name="GStepsTaken">G steps taken, skipped ones included.</param>
/// <param name="SkippedSteps">Updates skipped for a non-finite loss.</param>
/// <param name="BatchIndex">Next real batch of the epoch in progress; null between epochs.</param>
/// <param name="DataOrderRng">The data-order generator: at the start of the epoch in progress (its permutation is drawn again on restore), or now when between epochs.</param>
/// <param name="NoiseRng">The training-noise generator.</param>
/// <param name="GlobalRng">The global torch generator (used for initialisation only, saved so nothing can drift).</param>
/// <param name="Augment">The <c>--augment</c> augmentation's adaptive state (ADA's p); null without one.</param>
public sealed record TrainerState(
    long Step,
    int Epoch,
    long DStepsTaken,
    long GStepsTaken,
    long SkippedSteps,
    int? BatchIndex,
    byte[] DataOrderRng,
    byte[] NoiseRng,
    byte[] GlobalRng,
    Augmentation.AugmentState? Augment = null);
