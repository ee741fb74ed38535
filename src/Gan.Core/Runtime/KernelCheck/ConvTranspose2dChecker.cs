using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// ConvTranspose2d with one group: weight (in, out, kh, kw), so output units are its axis 1; at most in_channels·kh·kw
/// products per output element. LibTorch 2.10's float32 kernel for it is wrong on some AVX-512 CPUs (G3's shapes).
/// </summary>
public sealed class ConvTranspose2dChecker : BilinearLayerChecker<ConvTranspose2d>
{
    protected override int WeightOutputAxis => 1;
    protected override Tensor Weight(ConvTranspose2d m) => m.weight!;
    protected override Tensor? Bias(ConvTranspose2d m) => m.bias;

    protected override Tensor Apply(ConvTranspose2d m, Tensor x, Tensor w, Tensor? b) =>
        nn.functional.conv_transpose2d(x, w, b, m.stride, m.padding, m.output_padding, m.dilation);

    /// <summary>dW[i, o, tap] = Σ x[i, p]·g[o, p·stride + tap·dilation − padding]: the windows unfold takes from g over x's positions.</summary>
    protected override (Tensor A, Tensor B) WeightGradientOperands(ConvTranspose2d m, Tensor x, Tensor g) =>
        (x.flatten(2), nn.functional.unfold(g, (m.kernel_size[0], m.kernel_size[1]), (m.dilation[0], m.dilation[1]), (m.padding![0], m.padding[1]), (m.stride[0], m.stride[1])));

    public override bool Supports(nn.Module module) =>
        module is ConvTranspose2d { groups: 1, padding_mode: PaddingModes.Zeros, padding: not null };

    public override string? Settings(nn.Module module) => ConvolutionSettings.Describe((ConvTranspose2d)module);
}
