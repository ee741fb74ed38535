using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>Conv2d with zero padding and one group: K = in_channels·kh·kw products per output element.</summary>
public sealed class Conv2dChecker : BilinearLayerChecker<Conv2d>
{
    protected override int WeightOutputAxis => 0;
    protected override Tensor Weight(Conv2d m) => m.weight!;
    protected override Tensor? Bias(Conv2d m) => m.bias;

    protected override Tensor Apply(Conv2d m, Tensor x, Tensor w, Tensor? b) =>
        nn.functional.conv2d(x, w, b, m.stride, m.padding, m.dilation);

    protected override (Tensor A, Tensor B) WeightGradientOperands(Conv2d m, Tensor x, Tensor g) =>
        (g.flatten(2), nn.functional.unfold(x, (m.kernel_size[0], m.kernel_size[1]), (m.dilation[0], m.dilation[1]), (m.padding![0], m.padding[1]), (m.stride[0], m.stride[1])));

    public override bool Supports(nn.Module module) =>
        module is Conv2d { groups: 1, padding_mode: PaddingModes.Zeros, padding_type: null, padding: not null };

    public override string? Settings(nn.Module module) => ConvolutionSettings.Describe((Conv2d)module);
}
