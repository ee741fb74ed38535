using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>A zero-padded <see cref="Conv2d"/> that convolves in bfloat16 (<see cref="Bf16Layer{TLeaf}"/>), with the Conv2d's geometry.</summary>
public sealed class Bf16Conv2d : Bf16Layer<Conv2d>
{
    Bf16Conv2d(Conv2d leaf) : base(nameof(Bf16Conv2d), leaf, leaf.weight, leaf.bias) { }

    /// <summary>
    /// The <see cref="MixedPrecision"/> rule for this layer: wraps a Conv2d with explicit zero padding. Reflect or
    /// replicate padding and "same"/"valid" padding stay float32 (none of the study's models has them).
    /// </summary>
    public static nn.Module<Tensor, Tensor>? Wrap(nn.IModule<Tensor, Tensor> layer) =>
        layer is Conv2d c && c.padding_mode == PaddingModes.Zeros && c.padding_type is null && c.padding is not null ? new Bf16Conv2d(c) : null;

    protected override Tensor Compute(Tensor x16, Tensor w16, Tensor? b16) =>
        nn.functional.conv2d(x16, w16, b16, Leaf.stride, Leaf.padding, Leaf.dilation, Leaf.groups);
}
