using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Gan.Core.Runtime;

/// <summary>
/// What decides which kernels LibTorch runs: the CPU and its vector instruction sets, the LibTorch and oneDNN versions,
/// the CPU capability ATen dispatches to, the thread count, and the environment variables that pin compute paths as
/// the native code sees them (null = unset). A kernel check's result holds only for this combination.
/// </summary>
public sealed partial record MachineInfo(
    string Cpu,
    IReadOnlyList<string> InstructionSets,
    string LibTorch,
    string OneDnn,
    string AtenCpuCapability,
    int TorchThreads,
    IReadOnlyDictionary<string, string?> ComputeEnvironment)
{
    public const string Unknown = "unknown";

    /// <summary>The variables LibTorch, oneDNN and MKL read to choose (or pin) their code paths.</summary>
    public static readonly string[] ComputeVariables = ["ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_CBWR"];

    /// <summary>The vector extensions that select different float kernels, in the order /proc/cpuinfo names them.</summary>
    static readonly string[] VectorFlags =
        ["sse4_2", "avx", "fma", "avx2", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16"];

    public static MachineInfo Capture()
    {
        var threads = torch.get_num_threads();   // also loads LibTorch, which the native probes below need
        var onednn = NativeProbe.LibTorchString("_ZN2at18get_mkldnn_versionB5cxx11Ev");
        var version = onednn is null ? null : OneDnnVersion().Match(onednn);
        return new MachineInfo(
            CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString(),
            InstructionSetsOfCpu(),
            torch.__version__,
            version is { Success: true } ? version.Groups[1].Value : Unknown,
            NativeProbe.LibTorchString("_ZN2at18get_cpu_capabilityB5cxx11Ev") ?? Unknown,
            threads,
            ComputeVariables.ToDictionary(v => v, NativeProbe.GetEnv));
    }

    [GeneratedRegex(@"v(\d+(?:\.\d+)+)")]
    private static partial Regex OneDnnVersion();

    static string? CpuModel()
    {
        var line = CpuInfoLines().FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }

    /// <summary>From /proc/cpuinfo's flags on Linux (it lists avx512_bf16, which .NET cannot query); from .NET's intrinsics elsewhere.</summary>
    static IReadOnlyList<string> InstructionSetsOfCpu()
    {
        var flags = CpuInfoLines().FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        if (flags is not null)
        {
            var present = flags[(flags.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return VectorFlags.Where(present.Contains).ToList();
        }
        var sets = new List<string>();
        if (Sse42.IsSupported) sets.Add("sse4_2");
        if (Avx.IsSupported) sets.Add("avx");
        if (Fma.IsSupported) sets.Add("fma");
        if (Avx2.IsSupported) sets.Add("avx2");
        if (Avx512F.IsSupported) sets.Add("avx512f");
        if (Avx512DQ.IsSupported) sets.Add("avx512dq");
        if (Avx512BW.IsSupported) sets.Add("avx512bw");
        if (Avx512F.VL.IsSupported) sets.Add("avx512vl");
        if (AvxVnni.IsSupported) sets.Add("avx_vnni");
        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) sets.Add("neon");
        return sets;
    }

    static IEnumerable<string> CpuInfoLines() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0) : [];
}
