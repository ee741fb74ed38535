using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>The study's objective and the default: BCE for D, the non-saturating −log D(G(z)) for G.</summary>
/// <param name="realLabel">D's target for real data: 1, or less with one-sided label smoothing.</param>
public sealed class NonSaturatingBce(double realLabel = 1) : IGanObjective
{
    public string Name => "bce";

    /// <summary>L_D = BCE(σ(D(x)), y) + BCE(σ(D(G(z))), 0) = −mean log σ(D(x)) − mean log(1 − σ(D(G(z)))) for y = 1.</summary>
    public Tensor DiscriminatorLoss(Tensor real, Tensor fake) => Bce.Of(real, realLabel) + Bce.Of(fake, 0);

    /// <summary>L_G = BCE(σ(D(G(z))), 1) = −mean log σ(D(G(z))).</summary>
    public Tensor GeneratorLoss(Tensor fake, Tensor? real) => Bce.Of(fake, 1);
}
