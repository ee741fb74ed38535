using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>The one place a command or trainer turns a thread-count knob into LibTorch's intra-op thread count.</summary>
public static class TorchThreads
{
    /// <summary>Sets LibTorch's intra-op threads; 0 keeps LibTorch's default. Fixed threads are needed for bit-identical runs.</summary>
    public static void Use(int threads)
    {
        if (threads < 0) throw new GanException($"--threads {threads} must be 0 (LibTorch's default) or positive");
        if (threads > 0) set_num_threads(threads);
    }
}
