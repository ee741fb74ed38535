using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>The Wasserstein critic loss with gradient penalty (WGAN-GP, Gulrajani et al., 2017).</summary>
/// <param name="lambda">The penalty's weight λ (10 in the paper).</param>
public sealed class WassersteinGp(double lambda = WassersteinGp.DefaultLambda) : IGanObjective
{
    public const double DefaultLambda = 10;

    public string Name => "wgan-gp";

    public double Lambda { get; } = lambda;

    /// <summary>L_D = mean D(G(z)) − mean D(x); the penalty λ·E[(‖∇D(x̂)‖₂ − 1)²] is <see cref="Penalties"/>' term.</summary>
    public Tensor DiscriminatorLoss(Tensor real, Tensor fake) => fake.mean() - real.mean();

    /// <summary>L_G = −mean D(G(z)).</summary>
    public Tensor GeneratorLoss(Tensor fake, Tensor? real) => -fake.mean();

    public IReadOnlyList<IDiscriminatorPenalty> Penalties => [new GradientPenalty(Lambda)];
}
