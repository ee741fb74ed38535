using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>R1 (Mescheder et al., 2018): penalises D's gradient on real data only, pushing D flat where the data is.</summary>
public sealed class R1Penalty(double gamma) : IDiscriminatorPenalty
{
    public double Gamma { get; } = gamma;

    public string Column => "r1";

    /// <summary>γ/2 · E‖∇ₓD(x)‖² at real x.</summary>
    public Tensor Compute(Func<Tensor, Tensor> d, Tensor real, Tensor fake, torch.Generator noise) =>
        Gamma / 2 * InputGradient.SquaredNorms(InputGradient.Of(d, real)).mean();
}
