using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Gan.Core.Models;

/// <summary>
/// The study's discriminators: images (N,1,28,28) → raw scores (N), logits. The study's final Sigmoid belongs to its
/// objective (<see cref="Objectives.NonSaturatingBce"/> applies it before BCE), so other objectives get the raw score.
/// The study's <c>.squeeze()</c> is written as a squeeze of the last dimension only, so N = 1 still gives shape (1).
/// </summary>
public abstract class Discriminator(string name) : Module<Tensor, Tensor>(name);

/// <summary>D1: the simple MLP discriminator (784 → 256 → 256 → 1), LeakyReLU(0.2). 267,009 parameters.</summary>
public sealed class D1 : Discriminator
{
    readonly Module<Tensor, Tensor> disc;

    public D1() : base(nameof(D1))
    {
        disc = Sequential(
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

    public D2() : base(nameof(D2))
    {
        features = Sequential(
            Conv2d(1, 32, kernel_size: 3), LeakyReLU(0.2),
            Conv2d(32, 64, kernel_size: 3), LeakyReLU(0.2));
        classifier = Sequential(
            Linear(64 * 24 * 24, 1024), LeakyReLU(0.2),
            Linear(1024, 512), LeakyReLU(0.2),
            Linear(512, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => classifier.forward(features.forward(x).flatten(1)).squeeze(-1);
}
