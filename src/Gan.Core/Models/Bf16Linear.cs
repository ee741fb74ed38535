using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>A <see cref="Linear"/> that multiplies in bfloat16 (<see cref="Bf16Layer{TLeaf}"/>).</summary>
public sealed class Bf16Linear : Bf16Layer<Linear>
{
    Bf16Linear(Linear leaf) : base(nameof(Bf16Linear), leaf, leaf.weight, leaf.bias) { }

    /// <summary>The <see cref="MixedPrecision"/> rule for this layer: wraps a Linear, leaves anything else alone.</summary>
    public static nn.Module<Tensor, Tensor>? Wrap(nn.IModule<Tensor, Tensor> layer) => layer is Linear l ? new Bf16Linear(l) : null;

    protected override Tensor Compute(Tensor x16, Tensor w16, Tensor? b16) => nn.functional.linear(x16, w16, b16);
}
