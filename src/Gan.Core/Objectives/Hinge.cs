using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Gan.Core.Objectives;

/// <summary>The hinge loss (Lim and Ye, 2017; Miyato et al., 2018), usually paired with spectral normalisation.</summary>
public sealed class Hinge : IGanObjective
{
    public string Name => "hinge";

    /// <summary>L_D = mean relu(1 − D(x)) + mean relu(1 + D(G(z))).</summary>
    public Tensor DiscriminatorLoss(Tensor real, Tensor fake) => relu(1 - real).mean() + relu(1 + fake).mean();

    /// <summary>L_G = −mean D(G(z)).</summary>
    public Tensor GeneratorLoss(Tensor fake, Tensor? real) => -fake.mean();
}
