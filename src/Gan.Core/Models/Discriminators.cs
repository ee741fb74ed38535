using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Gan.Core.Models;

/// <summary>
/// The study's discriminators: images (N,1,28,28) → raw scores (N), logits. The study's final Sigmoid belongs to its
/// objective (<see cref="Objectives.NonSaturatingBce"/> applies it before BCE), so other objectives get the raw score.
/// The study's <c>.squeeze()</c> is written as a squeeze of the last dimension only, so N = 1 still gives shape (1).
/// </summary>
public abstract class Discriminator(string name) : Module<Tensor, Tensor>(name)
{
    /// <summary>
    /// The layers of a D in call order with <paramref name="options"/> applied: each Linear and Conv2d spectrally
    /// normalised, dropout after each hidden activation. With no options, exactly the given layers.
    /// </summary>
    protected static Module<Tensor, Tensor> Layers(DiscriminatorOptions options, params Module<Tensor, Tensor>[] layers)
    {
        var built = new List<Module<Tensor, Tensor>>();
        foreach (var layer in layers)
        {
            built.Add(options.SpectralNorm && layer is TorchSharp.Modules.Linear or TorchSharp.Modules.Conv2d ? new SpectralNorm(layer) : layer);
            if (options.Dropout > 0 && layer is TorchSharp.Modules.LeakyReLU)
                built.Add(Dropout(options.Dropout));
        }
        return Sequential(built.ToArray());
    }
}

/// <summary>D1: the simple MLP discriminator (784 → 256 → 256 → 1), LeakyReLU(0.2). 267,009 parameters.</summary>
public sealed class D1 : Discriminator
{
    readonly Module<Tensor, Tensor> disc;

    public D1(DiscriminatorOptions? options = null) : base(nameof(D1))
    {
        disc = Layers(options ?? DiscriminatorOptions.None,
            Linear(784, 256), LeakyReLU(0.2),
            Linear(256, 256), LeakyReLU(0.2),
            Linear(256, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => disc.forward(x.view(-1, 784)).squeeze(-1);
}

/// <summary>
/// D2 ("Discriminator"): two 3×3 convolutions (1 → 32 → 64 channels, 28 → 24) then an MLP on the
/// 36,864 flattened features (→ 1024 → 512 → 1). 38,293,889 parameters, 26× G2's.
/// </summary>
public sealed class D2 : Discriminator
{
    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> classifier;

    public D2(DiscriminatorOptions? options = null) : base(nameof(D2))
    {
        var o = options ?? DiscriminatorOptions.None;
        // Dropout goes between the MLP's layers only: the convolutions' features feed it whole.
        features = Layers(o with { Dropout = 0 },
            Conv2d(1, 32, kernel_size: 3), LeakyReLU(0.2),
            Conv2d(32, 64, kernel_size: 3), LeakyReLU(0.2));
        classifier = Layers(o,
            Linear(64 * 24 * 24, 1024), LeakyReLU(0.2),
            Linear(1024, 512), LeakyReLU(0.2),
            Linear(512, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => classifier.forward(features.forward(x).flatten(1)).squeeze(-1);
}
