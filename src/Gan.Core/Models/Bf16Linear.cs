using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A <see cref="Linear"/> that multiplies in bfloat16: input, weight and bias are rounded to bf16 for the product
/// (summed in float32 by every CPU kernel LibTorch has for it) and the output is handed on as float32. It registers
/// the Linear's own float32 parameters under the same names, so state_dict keys, checkpoints, the optimizer's
/// parameters and their gradients (which arrive in float32 through the casts) are the Linear's.
/// </summary>
public sealed class Bf16Linear : nn.Module<Tensor, Tensor>
{
    // Owns the parameters; deliberately not a registered submodule, which would rename them "leaf.weight".
    readonly Linear _leaf;

    Bf16Linear(Linear leaf) : base(nameof(Bf16Linear))
    {
        _leaf = leaf;
        register_parameter("weight", leaf.weight);
        if (leaf.bias is not null) register_parameter("bias", leaf.bias);
    }

    /// <summary>The <see cref="MixedPrecision"/> rule for this layer: wraps a Linear, leaves anything else alone.</summary>
    public static nn.Module<Tensor, Tensor>? Wrap(nn.IModule<Tensor, Tensor> layer) => layer is Linear l ? new Bf16Linear(l) : null;

    public override Tensor forward(Tensor x)
    {
        using var x16 = x.to(ScalarType.BFloat16);
        using var w16 = _leaf.weight.to(ScalarType.BFloat16);
        using var b16 = _leaf.bias?.to(ScalarType.BFloat16);
        using var y16 = nn.functional.linear(x16, w16, b16);
        return y16.to(ScalarType.Float32);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _leaf.Dispose();
        base.Dispose(disposing);
    }
}
