namespace Gan.Core.Training;

/// <summary>
/// One row of <c>metrics.csv</c>: one schedule iteration (k D steps and one G step for k:1, one D step and k G
/// steps for 1:k). Losses and probabilities are means over the iteration's D (or G) steps, in the run's precision as computed (a float32 widens exactly).
/// D(x) and D(G(z)) are the mean of σ(score) whatever the objective: the study's probability for BCE, a squashed score otherwise.
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
    public const string CsvHeader = "step,epoch,d_loss,g_loss,d_real,d_fake,d_steps,g_steps,wall_ms";

    /// <summary>
    /// The means of D's extra loss terms (gradient penalties), in the order of the trainer's <see cref="GanTrainer.TermColumns"/>;
    /// each is a metrics.csv column after <see cref="CsvHeader"/>'s. Included in D loss.
    /// </summary>
    public IReadOnlyList<double> Terms { get; init; } = [];

    public bool Equals(StepRecord? other) =>
        other is not null && (Step, Epoch, DLoss, GLoss, DReal, DFake, DSteps, GSteps, WallMs) ==
            (other.Step, other.Epoch, other.DLoss, other.GLoss, other.DReal, other.DFake, other.DSteps, other.GSteps, other.WallMs)
        && Terms.SequenceEqual(other.Terms);

    public override int GetHashCode() => HashCode.Combine(Step, Epoch, DLoss, GLoss, DReal, DFake, Terms.Count);
}
