using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Data;

/// <summary>
/// Seeded shuffled mini-batches, as PyTorch's DataLoader(shuffle=True, drop_last=False): each epoch is a fresh
/// permutation drawn from this sampler's own generator, every index appears exactly once, and the last batch is
/// partial when the set size is not a multiple of the batch size (60,000 / 64 → 937 full batches and one of 32).
/// </summary>
public sealed class BatchSampler : IDisposable
{
    readonly Generator _generator;
    public int Count { get; }
    public int BatchSize { get; }
    public int BatchesPerEpoch => (Count + BatchSize - 1) / BatchSize;

    public BatchSampler(int count, int batchSize, long seed)
    {
        RequireFits(count, batchSize);
        Count = count;
        BatchSize = batchSize;
        _generator = new Generator((ulong)seed);
    }

    /// <summary>Throws a one-line <see cref="GanException"/> unless batches of <paramref name="batchSize"/> can be drawn from <paramref name="count"/> images.</summary>
    public static void RequireFits(int count, int batchSize)
    {
        if (batchSize < 1) throw new GanException($"batch size {batchSize} must be at least 1");
        if (batchSize > count) throw new GanException($"batch size {batchSize} is larger than the data set ({count} images); use a smaller --batch-size or more data");
    }

    /// <summary>The generator's state, for exact resume.</summary>
    public Tensor GetState() => _generator.get_state();
    public void SetState(Tensor state) => _generator.set_state(state);

    /// <summary>Draws the next epoch's order (a permutation of 0..Count−1) as int64 index batches.</summary>
    public long[][] NextEpoch()
    {
        using var perm = randperm(Count, generator: _generator, dtype: ScalarType.Int64);
        var order = perm.data<long>().ToArray();
        var batches = new long[BatchesPerEpoch][];
        for (int b = 0; b < batches.Length; b++)
            batches[b] = order[(b * BatchSize)..Math.Min(Count, (b + 1) * BatchSize)];
        return batches;
    }

    public void Dispose() => _generator.Dispose();
}
