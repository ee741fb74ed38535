using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>
/// RaSGAN (Jolicoeur-Martineau, 2018): D judges whether real data is more realistic than fake data on average, and
/// G gets gradient from the real scores too. C is D's raw score.
/// </summary>
public sealed class RelativisticAverageBce : IGanObjective
{
    public string Name => "rasgan";

    /// <summary>L_D = BCE(σ(C(x) − mean C(G(z))), 1) + BCE(σ(C(G(z)) − mean C(x)), 0).</summary>
    public Tensor DiscriminatorLoss(Tensor real, Tensor fake) =>
        Bce.Of(real - fake.mean(), 1) + Bce.Of(fake - real.mean(), 0);

    /// <summary>L_G = BCE(σ(C(G(z)) − mean C(x)), 1) + BCE(σ(C(x) − mean C(G(z))), 0).</summary>
    public Tensor GeneratorLoss(Tensor fake, Tensor? real)
    {
        ArgumentNullException.ThrowIfNull(real);
        return Bce.Of(fake - real.mean(), 1) + Bce.Of(real - fake.mean(), 0);
    }

    public bool GeneratorLossUsesReal => true;
}
