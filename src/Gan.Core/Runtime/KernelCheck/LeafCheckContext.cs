using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// What one leaf check needs besides the module: the precision under test, seeded random inputs (so a check is
/// reproducible), whether the backward pass is checked, and the choice of rows and units the float64 references use.
/// </summary>
public sealed class LeafCheckContext(KernelPrecision precision, bool backward, long seed) : IDisposable
{
    readonly torch.Generator _tensors = new((ulong)seed);
    readonly Random _indices = new((int)seed);

    public KernelPrecision Precision { get; } = precision;
    public bool Backward { get; } = backward;

    /// <summary>Standard normal values in the tested precision; the float64 side gets the same values, widened exactly.</summary>
    public Tensor Normal(long[] shape) => randn(shape, dtype: Precision.DType, generator: _tensors);

    /// <summary>The batch rows whose float64 reference is computed: the first, the last and two random ones; all rows of a small batch.</summary>
    public Tensor Rows(long batch) => Sample(batch, 4);

    /// <summary>
    /// About <paramref name="keep"/> of <paramref name="count"/> indices, sorted, in four runs of consecutive indices: at
    /// the start, at the end and at two random places (blocked kernels keep their edge cases at block boundaries, and a
    /// run of columns reads a few cache lines per row where scattered ones read most of a large matrix); all of them
    /// when <paramref name="keep"/> ≥ <paramref name="count"/>.
    /// </summary>
    public Tensor Sample(long count, long keep)
    {
        if (keep >= count) return arange(count, dtype: ScalarType.Int64);
        long run = Math.Max(1, keep / 4);
        var starts = new[] { 0, count - run, _indices.NextInt64(0, count - run + 1), _indices.NextInt64(0, count - run + 1) };
        var picked = new SortedSet<long>(starts.SelectMany(s => Enumerable.Range(0, (int)run).Select(i => s + i)));
        return tensor(picked.ToArray());
    }

    public void Dispose() => _tensors.Dispose();
}
