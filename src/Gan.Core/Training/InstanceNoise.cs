using static TorchSharp.torch;

namespace Gan.Core.Training;

/// <summary>
/// Instance noise (<c>--instance-noise σ0[:T]</c>, Sønderby et al. 2017): D sees its images plus Gaussian noise of
/// σ = σ0 · max(0, 1 − t/T) at D step t (σ0 throughout without T), drawn on the CPU from the run's noise stream.
/// </summary>
public sealed class InstanceNoise(double sigma0, long annealSteps) : ITrainingHook
{
    /// <summary>σ at D step <paramref name="dSteps"/>: σ0 · max(0, 1 − t/T), or σ0 without annealing.</summary>
    public double Sigma(long dSteps) => sigma0 * (annealSteps > 0 ? Math.Max(0, 1 - (double)dSteps / annealSteps) : 1);

    /// <summary>The images themselves once σ has annealed to 0, so a finished schedule draws nothing.</summary>
    public Tensor BeforeD(Tensor images, GanTrainer trainer, Generator noise)
    {
        double sigma = Sigma(trainer.DStepsTaken);
        return sigma > 0 ? images + sigma * randn(images.shape, generator: noise).to(images.dtype, images.device) : images;
    }
}
