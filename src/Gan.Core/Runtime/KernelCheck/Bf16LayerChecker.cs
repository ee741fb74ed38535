using Gan.Core.Models;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// A bf16-mixed layer (<see cref="Bf16Layer{TLeaf}"/>) checked as its float32 layer is, against the same float64
/// references, with bounds for bfloat16 factors and result (<see cref="KernelPrecision.Bf16Mixed"/>): the oneDNN bf16
/// kernels a bf16-mixed run multiplies with get tested like the float32 ones.
/// </summary>
public sealed class Bf16LayerChecker<TLeaf>(BilinearLayerChecker<TLeaf> inner) : ILeafChecker where TLeaf : nn.Module<Tensor, Tensor>
{
    public string? Settings(nn.Module module) => inner.Settings(((Bf16Layer<TLeaf>)module).Leaf) + ", bf16";

    public KernelPrecision? OwnPrecision => KernelPrecision.Bf16Mixed;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context) =>
        inner.Check(module, ((Bf16Layer<TLeaf>)module).Leaf, inputShape, context);
}
