using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A layer that computes in bfloat16 around a float32 <typeparamref name="TLeaf"/>: input, weight and bias are rounded
/// to bf16 for the product (summed in float32 by every CPU kernel LibTorch has for it) and the output is handed on as
/// float32. It registers the leaf's own float32 parameters under the same names, so state_dict keys, checkpoints, the
/// optimizer's parameters and their gradients (which arrive in float32 through the casts) are the leaf's.
/// </summary>
public abstract class Bf16Layer<TLeaf> : nn.Module<Tensor, Tensor> where TLeaf : nn.Module<Tensor, Tensor>
{
    // Owns the parameters (and any geometry); deliberately not a registered submodule, which would rename them "leaf.weight".
    internal TLeaf Leaf { get; }

    readonly TorchSharp.Modules.Parameter _weight;
    readonly TorchSharp.Modules.Parameter? _bias;
    readonly Bf16Copy _weightCopy;
    readonly Bf16Copy? _biasCopy;

    protected Bf16Layer(string name, TLeaf leaf, TorchSharp.Modules.Parameter weight, TorchSharp.Modules.Parameter? bias) : base(name)
    {
        Leaf = leaf;
        _weight = weight;
        _bias = bias;
        _weightCopy = new Bf16Copy(weight);
        _biasCopy = bias is null ? null : new Bf16Copy(bias);
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
    }

    /// <summary>The leaf's operation on bf16 input, weight and bias.</summary>
    protected abstract Tensor Compute(Tensor x16, Tensor w16, Tensor? b16);

    public override Tensor forward(Tensor x)
    {
        using var x16 = x.to(ScalarType.BFloat16);
        if (Bf16CastCache.Current is { } casts)
            return Run(x16, casts.Get(_weightCopy, _weight), _bias is null ? null : casts.Get(_biasCopy!, _bias));
        using var w16 = _weight.to(ScalarType.BFloat16);
        using var b16 = _bias?.to(ScalarType.BFloat16);
        return Run(x16, w16, b16);
    }

    Tensor Run(Tensor x16, Tensor w16, Tensor? b16)
    {
        using var y16 = Compute(x16, w16, b16);
        return y16.to(ScalarType.Float32);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weightCopy.Dispose();
            _biasCopy?.Dispose();
            Leaf.Dispose();
        }
        base.Dispose(disposing);
    }
}
