using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Gan.Core.Models;

/// <summary>
/// The study's generators. Each maps noise (N, noiseDim) to images (N,1,28,28) in [−1, 1] (Tanh output).
/// Sequential indices match the study's PyTorch listing, so state_dict keys (<c>gen.0.weight</c>, ...) do too.
/// </summary>
public abstract class Generator(string name, int noiseDim) : Module<Tensor, Tensor>(name)
{
    public int NoiseDim { get; } = noiseDim;
}

/// <summary>G1: the simple MLP generator (100 → 256 → 256 → 784), ReLU hidden units. 293,136 parameters.</summary>
public sealed class G1 : Generator
{
    readonly Module<Tensor, Tensor> gen;

    public G1(int noiseDim = 100) : base(nameof(G1), noiseDim)
    {
        gen = Sequential(
            Linear(noiseDim, 256), ReLU(inplace: true),
            Linear(256, 256), ReLU(inplace: true),
            Linear(256, 784), Tanh());
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) => gen.forward(z).view(-1, 1, 28, 28);
}

/// <summary>
/// G2 ("Generator_Linear"): the larger MLP (100 → 256 → 512 → 1024 → 784). With the study's slope 1.0 every
/// hidden activation is the identity, so the whole net is one affine map followed by Tanh. 1,486,352 parameters.
/// </summary>
public sealed class G2 : Generator
{
    readonly Module<Tensor, Tensor> gen;

    public G2(SlopeVariant slope = SlopeVariant.Seed, int noiseDim = 100) : base(nameof(G2), noiseDim)
    {
        var s = slope.NegativeSlope();
        gen = Sequential(
            Linear(noiseDim, 256), LeakyReLU(s),
            Linear(256, 512), LeakyReLU(s),
            Linear(512, 1024), LeakyReLU(s),
            Linear(1024, 784), Tanh());
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) => gen.forward(z).view(-1, 1, 28, 28);
}

/// <summary>
/// G2-BN: G2 with BatchNorm1d after each hidden Linear (before its LeakyReLU), the write-up's open question whether
/// normalisation lets the large MLP generator learn against D2. 1,489,936 parameters.
/// </summary>
public sealed class G2BN : Generator
{
    readonly Module<Tensor, Tensor> gen;

    public G2BN(SlopeVariant slope = SlopeVariant.Seed, int noiseDim = 100) : base("G2-BN", noiseDim)
    {
        var s = slope.NegativeSlope();
        gen = Sequential(
            Linear(noiseDim, 256), BatchNorm1d(256), LeakyReLU(s),
            Linear(256, 512), BatchNorm1d(512), LeakyReLU(s),
            Linear(512, 1024), BatchNorm1d(1024), LeakyReLU(s),
            Linear(1024, 784), Tanh());
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) => gen.forward(z).view(-1, 1, 28, 28);
}

/// <summary>
/// G3 ("Generator_Conv"): linear expansion to a 22×22 map, then transposed convolutions up to 28×28, each
/// followed by BatchNorm and LeakyReLU (identity with the study's slope 1.0), and a final Tanh. 150,911 parameters.
/// The transposed convolutions are <see cref="ConvTranspose2dAsConv"/>, not LibTorch's ConvTranspose2d, whose float32
/// kernel (oneDNN 3.7) was reported wrong for batches ≥ 2 on an AVX-512 machine; this form is checked against float64.
/// </summary>
public sealed class G3 : Generator
{
    readonly Module<Tensor, Tensor> expand;
    readonly Module<Tensor, Tensor> gen;

    public G3(SlopeVariant slope = SlopeVariant.Seed, int noiseDim = 100) : base(nameof(G3), noiseDim)
    {
        var s = slope.NegativeSlope();
        expand = Sequential(
            Linear(noiseDim, 256), LeakyReLU(s),
            Linear(256, 484), LeakyReLU(s));
        gen = Sequential(
            new ConvTranspose2dAsConv(1, 4, kernel_size: 3), BatchNorm2d(4), LeakyReLU(s),   // 22 → 24
            new ConvTranspose2dAsConv(4, 8, kernel_size: 3), BatchNorm2d(8), LeakyReLU(s),   // 24 → 26
            new ConvTranspose2dAsConv(8, 4, kernel_size: 3), BatchNorm2d(4), LeakyReLU(s),   // 26 → 28
            new ConvTranspose2dAsConv(4, 1, kernel_size: 1), BatchNorm2d(1), LeakyReLU(s),   // 28 → 28
            Tanh());
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) => gen.forward(expand.forward(z).view(-1, 1, 22, 22));
}
