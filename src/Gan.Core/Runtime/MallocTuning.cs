using System.Runtime.InteropServices;

namespace Gan.Core.Runtime;

/// <summary>
/// glibc's malloc serves blocks above a (dynamic, at most 32 MB) threshold with fresh mmaps and gives freed heap top
/// back to the kernel above 128 KB, so every step's large activations and gradients (D2's 36,864-wide layer) are
/// page-faulted and zeroed anew: gan bench --pair g2-d2 counted about 150,000 minor faults (600 MB) per step.
/// Keeping them in the heap (mmap threshold and trim threshold 1 GB, top pad 256 MB) cut faults 3×, system time
/// from 3.6 s to 1.2 s and the G2+D2 step by about 20%. Only the three together help; the trim settings alone made
/// it slower. The cost is up to 1 GB of freed memory kept for reuse instead of returned. Must run before LibTorch
/// allocates; it changes where memory comes from, never what is computed.
/// </summary>
public static class MallocTuning
{
    /// <summary>Set to any value to keep glibc's defaults (also kept when a MALLOC_*_ variable is set).</summary>
    public const string OptOutVariable = "GAN_DEFAULT_MALLOC";

    const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3;
    const int OneGiB = 1 << 30;

    /// <summary>Whether this process runs with the settings (recorded in run provenance and benchmark results).</summary>
    public static bool Applied { get; private set; }

    /// <summary>Applies the settings on Linux/glibc unless opted out; returns whether all three were accepted.</summary>
    public static bool KeepLargeBlocksInHeap()
    {
        if (!OperatingSystem.IsLinux() || UserChoseMalloc()) return false;
        try
        {
            Applied = Mallopt(MmapThreshold, OneGiB) == 1
                & Mallopt(TrimThreshold, OneGiB) == 1
                & Mallopt(TopPad, OneGiB / 4) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            Applied = false; // a libc without mallopt (musl): nothing to tune
        }
        return Applied;
    }

    static bool UserChoseMalloc() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OptOutVariable))
        || Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(k => k.StartsWith("MALLOC_", StringComparison.Ordinal))
        || (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc", StringComparison.Ordinal);

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int param, int value);
}
