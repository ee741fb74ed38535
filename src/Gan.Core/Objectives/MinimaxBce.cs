using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>BCE for D and Goodfellow et al.'s original minimax G loss, which saturates while D rejects G's samples easily.</summary>
/// <param name="realLabel">D's target for real data: 1, or less with one-sided label smoothing.</param>
public sealed class MinimaxBce(double realLabel = 1) : IGanObjective
{
    public string Name => "bce-minimax";

    /// <summary>L_D = BCE(σ(D(x)), y) + BCE(σ(D(G(z))), 0), as <see cref="NonSaturatingBce"/>.</summary>
    public Tensor DiscriminatorLoss(Tensor real, Tensor fake) => Bce.Of(real, realLabel) + Bce.Of(fake, 0);

    /// <summary>L_G = −BCE(σ(D(G(z))), 0) = mean log(1 − σ(D(G(z)))).</summary>
    public Tensor GeneratorLoss(Tensor fake, Tensor? real) => -Bce.Of(fake, 0);
}
