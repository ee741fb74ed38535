namespace Gan.Core.Training;

/// <summary>
/// One row of <c>metrics.csv</c>: one schedule iteration (k D steps and one G step for k:1, one D step and k G
/// steps for 1:k). Losses and probabilities are means over the iteration's D (or G) steps, in float32 as computed.
/// </summary>
public sealed record StepRecord(
    long Step,
    int Epoch,
    float DLoss,
    float GLoss,
    float DReal,
    float DFake,
    int DSteps,
    int GSteps,
    double WallMs)
{
    public const string CsvHeader = "step,epoch,d_loss,g_loss,d_real,d_fake,d_steps,g_steps,wall_ms";
}
