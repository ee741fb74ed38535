using System.Runtime.InteropServices;

namespace Gan.Core.Optim;

/// <summary>
/// The float32 square root LibTorch's <c>Tensor.sqrt</c> computes on the CPU: MKL VML's <c>vmsSqrt</c> in the mode ATen
/// passes it (high accuracy, denormals kept, errors ignored), called from libtorch_cpu, which exports it. VML is not
/// correctly rounded (3.4% of 20M random inputs differ from <see cref="MathF.Sqrt(float)"/> in the last bit), so an
/// update that must equal TorchSharp's Adam bit for bit takes √v from here; called on a short block it gives the
/// same bits as on the whole tensor, which lets a fused update take √v of a block while that block is in cache.
/// </summary>
static class LibTorchSqrt
{
    // VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE, as aten/src/ATen/cpu/vml.h calls it.
    const long AtenMode = 0x2 | 0x140000 | 0x100;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void VmsSqrt(int n, ref float a, ref float r, long mode);

    static readonly VmsSqrt? Function = Find();

    /// <summary>True when libtorch_cpu is loaded and exports MKL's vmsSqrt (LibTorch's x86 builds with MKL).</summary>
    public static bool Available => Function is not null;

    /// <summary>r[i] = √a[i] for the first <paramref name="n"/> elements, with LibTorch's rounding.</summary>
    public static void Apply(ReadOnlySpan<float> a, Span<float> r, int n)
    {
        if (Function is null) throw new InvalidOperationException("libtorch_cpu's vmsSqrt is not available");
        if (n > a.Length || n > r.Length) throw new ArgumentOutOfRangeException(nameof(n));
        if (n == 0) return;
        Function(n, ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(r), AtenMode);
    }

    static VmsSqrt? Find()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        // LibTorch is loaded by the first torch call; find it by the path it was loaded from, as a bare name may not resolve.
        using (TorchSharp.torch.zeros(1)) { }
        var path = File.ReadLines("/proc/self/maps")
            .Where(line => line.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal) && line.Contains('/'))
            .Select(line => line[line.IndexOf('/')..])
            .FirstOrDefault();
        if (path is null || !NativeLibrary.TryLoad(path, out var library) || !NativeLibrary.TryGetExport(library, "vmsSqrt", out var fn))
            return null;
        return Marshal.GetDelegateForFunctionPointer<VmsSqrt>(fn);
    }
}
