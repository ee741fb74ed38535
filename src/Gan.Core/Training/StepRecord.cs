namespace Gan.Core.Training;

/// <summary>
/// One row of <c>metrics.csv</c>: one schedule iteration (k D steps and one G step for k:1, one D step and k G
/// steps for 1:k). Losses and probabilities are means over the iteration's D (or G) steps, in the run's precision as computed (a float32 widens exactly).
/// D(x) and D(G(z)) are the mean of σ(score) whatever the objective: the study's probability for BCE, a squashed score otherwise.
/// <see cref="RealSign"/> and <see cref="AugmentP"/> are D's overfitting signal and the augmentation probability it drives.
/// </summary>
public sealed record StepRecord(
    long Step,
    int Epoch,
    double DLoss,
    double GLoss,
    double DReal,
    double DFake,
    int DSteps,
    int GSteps,
    double WallMs)
{
    public const string CsvHeader = "step,epoch,d_loss,g_loss,d_real,d_fake,d_steps,g_steps,r_t,aug_p,wall_ms";

    /// <summary>The header before r_t and aug_p: such files are still read (with both NaN), not resumed.</summary>
    public const string LegacyCsvHeader = "step,epoch,d_loss,g_loss,d_real,d_fake,d_steps,g_steps,wall_ms";

    /// <summary>
    /// ADA's overfitting signal r_t = E[sign(D(x_real))], the mean over the iteration's D steps of the share of reals D
    /// scores positive minus the share it scores negative: 0 for a D that cannot tell, 1 for one sure of every real.
    /// </summary>
    public double RealSign { get; init; } = double.NaN;

    /// <summary>
    /// The probability each augmentation is applied to an image D sees, after the iteration: 0 without
    /// <c>--augment</c>, 1 for DiffAugment, ADA's adapted p.
    /// </summary>
    public double AugmentP { get; init; }

    /// <summary>
    /// The means of D's extra loss terms (gradient penalties), in the order of the trainer's <see cref="GanTrainer.TermColumns"/>;
    /// each is a metrics.csv column after <see cref="CsvHeader"/>'s. Included in D loss.
    /// </summary>
    public IReadOnlyList<double> Terms { get; init; } = [];

    public bool Equals(StepRecord? other) =>
        other is not null && (Step, Epoch, DLoss, GLoss, DReal, DFake, DSteps, GSteps, WallMs) ==
            (other.Step, other.Epoch, other.DLoss, other.GLoss, other.DReal, other.DFake, other.DSteps, other.GSteps, other.WallMs)
        && RealSign.Equals(other.RealSign) && AugmentP.Equals(other.AugmentP) && Terms.SequenceEqual(other.Terms);

    public override int GetHashCode() => HashCode.Combine(Step, Epoch, DLoss, GLoss, DReal, DFake, Terms.Count);
}
