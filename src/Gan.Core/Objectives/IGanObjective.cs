using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>
/// A GAN objective: D's loss and G's loss, each a function of D's raw scores (logits: the sigmoid, where there is one,
/// belongs to the objective). Register one in <see cref="ObjectiveRegistry"/> to train it by name.
/// </summary>
public interface IGanObjective
{
    /// <summary>The registered name, as config.json records it.</summary>
    string Name { get; }

    /// <summary>L_D (a scalar) from D's scores of a real batch and of a fake batch.</summary>
    Tensor DiscriminatorLoss(Tensor real, Tensor fake);

    /// <summary>
    /// L_G (a scalar) from D's scores of a fake batch. <paramref name="real"/> is D's score of the iteration's last real
    /// batch, without gradient, when <see cref="GeneratorLossUsesReal"/>; otherwise null (no D forward is spent on it).
    /// </summary>
    Tensor GeneratorLoss(Tensor fake, Tensor? real);

    /// <summary>Whether <see cref="GeneratorLoss"/> needs D's scores of real data (relativistic objectives).</summary>
    bool GeneratorLossUsesReal => false;

    /// <summary>Terms of D's loss that need D itself (gradient penalties); each is also a metrics.csv column.</summary>
    IReadOnlyList<IDiscriminatorPenalty> Penalties => [];
}
