using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// A model whose leaf modules the kernel check walks, in training or evaluation mode, with per-sample input
/// <see cref="SampleShape"/>, at these batch sizes, forward only or forward and backward. <see cref="Model"/> builds a
/// fresh one, which the check disposes, or returns a <see cref="Borrowed"/> one (a trainer's G or D), whose values and
/// mode the check restores. An informational target tests kernels no model uses.
/// </summary>
public sealed record KernelCheckTarget(
    string Name,
    Func<nn.Module<Tensor, Tensor>> Model,
    long[] SampleShape,
    bool Training,
    IReadOnlyList<long> BatchSizes,
    bool Backward,
    bool Informational = false)
{
    public bool Borrowed { get; init; }
}
