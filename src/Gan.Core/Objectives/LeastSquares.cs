using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>LSGAN (Mao et al., 2017): least squares on the raw score, targets 1 for real and 0 for fake.</summary>
/// <param name="realLabel">D's target for real data: 1, or less with one-sided label smoothing.</param>
public sealed class LeastSquares(double realLabel = 1) : IGanObjective
{
    public string Name => "lsgan";

    /// <summary>L_D = ½ mean (D(x) − y)² + ½ mean D(G(z))², y = 1 unless smoothed.</summary>
    public Tensor DiscriminatorLoss(Tensor real, Tensor fake) =>
        0.5 * (real - realLabel).square().mean() + 0.5 * fake.square().mean();

    /// <summary>L_G = ½ mean (D(G(z)) − 1)².</summary>
    public Tensor GeneratorLoss(Tensor fake, Tensor? real) => 0.5 * (fake - 1).square().mean();
}
