using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// What one leaf check needs besides the module: the precision under test, seeded random inputs (so a check is
/// reproducible), whether the backward pass is checked, and the choice of rows and units the float64 references use.
/// </summary>
public sealed class LeafCheckContext(KernelPrecision precision, bool backward, long seed) : IDisposable
{
    /// <summary>Rows of a batch the per-sample references recompute: the first, the last and this many random others.</summary>
    public const int RandomRows = 2;

    readonly torch.Generator _tensors = new((ulong)seed);
    readonly Random _indices = new((int)seed);

    public KernelPrecision Precision { get; } = precision;
    public bool Backward { get; } = backward;

    /// <summary>Standard normal values in the tested precision; the float64 side gets the same values, widened exactly.</summary>
    public Tensor Normal(long[] shape) => randn(shape, dtype: Precision.DType, generator: _tensors);

    /// <summary>
    /// The batch rows whose float64 reference is computed: first and last (where blocked kernels keep their edge cases)
    /// and <see cref="RandomRows"/> random ones; all rows of a small batch.
    /// </summary>
    public Tensor Rows(long batch) => Sample(batch, 2 + RandomRows);

    /// <summary>
    /// <paramref name="keep"/> of <paramref name="count"/> indices, sorted: the first, the last and random ones between;
    /// all of them when <paramref name="keep"/> ≥ <paramref name="count"/>.
    /// </summary>
    public Tensor Sample(long count, long keep)
    {
        if (keep >= count) return arange(count, dtype: ScalarType.Int64);
        var picked = new SortedSet<long> { 0, count - 1 };
        while (picked.Count < Math.Max(keep, 2)) picked.Add(_indices.NextInt64(1, count - 1));
        return tensor(picked.ToArray());
    }

    public void Dispose() => _tensors.Dispose();
}
