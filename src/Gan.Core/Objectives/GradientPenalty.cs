using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>
/// WGAN-GP's penalty (Gulrajani et al., 2017) on the norm of D's gradient at points between real and fake samples;
/// one ε per sample, drawn on the CPU from the run's noise stream so every device sees the same numbers.
/// </summary>
public sealed class GradientPenalty(double weight) : IDiscriminatorPenalty
{
    public double Weight { get; } = weight;

    public string Column => "gp";

    /// <summary>λ · E[(‖∇D(x̂)‖₂ − 1)²] at x̂ = ε·x + (1 − ε)·G(z), ε ~ U[0, 1] per sample.</summary>
    public Tensor Compute(Func<Tensor, Tensor> d, Tensor real, Tensor fake, torch.Generator noise)
    {
        var shape = new long[real.dim()];
        Array.Fill(shape, 1L);
        shape[0] = real.shape[0];
        var eps = rand(shape, generator: noise).to(real.dtype, real.device);
        var between = eps * real + (1 - eps) * fake;
        var norms = InputGradient.SquaredNorms(InputGradient.Of(d, between)).sqrt();
        return Weight * (norms - 1).square().mean();
    }
}
