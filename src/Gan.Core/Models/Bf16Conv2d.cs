using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A zero-padded <see cref="Conv2d"/> that convolves in bfloat16, as <see cref="Bf16Linear"/> multiplies: bf16 input,
/// weight and bias, float32 sums, float32 output, and the Conv2d's own float32 parameters under the same names.
/// </summary>
public sealed class Bf16Conv2d : nn.Module<Tensor, Tensor>
{
    // Owns the parameters and the geometry; not a registered submodule, which would rename them "leaf.weight".
    readonly Conv2d _leaf;

    Bf16Conv2d(Conv2d leaf) : base(nameof(Bf16Conv2d))
    {
        _leaf = leaf;
        register_parameter("weight", leaf.weight);
        if (leaf.bias is not null) register_parameter("bias", leaf.bias);
    }

    /// <summary>
    /// The <see cref="MixedPrecision"/> rule for this layer: wraps a Conv2d with explicit zero padding. Reflect or
    /// replicate padding and "same"/"valid" padding stay float32 (none of the study's models has them).
    /// </summary>
    public static nn.Module<Tensor, Tensor>? Wrap(nn.IModule<Tensor, Tensor> layer) =>
        layer is Conv2d c && c.padding_mode == PaddingModes.Zeros && c.padding_type is null && c.padding is not null ? new Bf16Conv2d(c) : null;

    public override Tensor forward(Tensor x)
    {
        using var x16 = x.to(ScalarType.BFloat16);
        using var w16 = _leaf.weight.to(ScalarType.BFloat16);
        using var b16 = _leaf.bias?.to(ScalarType.BFloat16);
        using var y16 = nn.functional.conv2d(x16, w16, b16, _leaf.stride, _leaf.padding, _leaf.dilation, _leaf.groups);
        return y16.to(ScalarType.Float32);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _leaf.Dispose();
        base.Dispose(disposing);
    }
}
