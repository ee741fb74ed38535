using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// A model whose leaf modules the kernel check walks: built fresh by <see cref="Create"/> (the check changes its copy,
/// never a training model), in training or evaluation mode, with per-sample input <see cref="SampleShape"/>, at these
/// batch sizes, forward only or forward and backward. An informational target tests kernels no model uses.
/// </summary>
public sealed record KernelCheckTarget(
    string Name,
    Func<nn.Module<Tensor, Tensor>> Create,
    long[] SampleShape,
    bool Training,
    IReadOnlyList<long> BatchSizes,
    bool Backward,
    bool Informational = false);
