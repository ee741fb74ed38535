using System.Runtime.InteropServices;

namespace Gan.Core.Runtime;

/// <summary>
/// LibTorch picks its SIMD kernels from the CPU: ATen's vectorised kernels (ATEN_CPU_CAPABILITY), oneDNN's
/// convolutions and bf16 products (ONEDNN_MAX_CPU_ISA) and MKL's GEMMs (MKL_ENABLE_INSTRUCTIONS, MKL_CBWR). By default
/// <c>gan</c> lets it: those are the fastest paths (AMX for bf16 where the CPU has it), the kernel check holds each one
/// the models use against float64 before training, and the regression suite's float64 trajectories agree across
/// paths within a tolerance far below any change of the maths. <c>GAN_COMPUTE_PATHS=pinned</c> caps all of them at
/// AVX2 instead: fp32 runs on two CPUs then come closer, not identical (MKL and oneDNN still dispatch by CPU vendor and
/// model, and a last-bit difference grows through training), at a cost of up to 40-100% of the speed on AVX-512 CPUs.
/// Each library reads its variable once, through native getenv, when it first runs a kernel: a managed
/// Environment.SetEnvironmentVariable never reaches it, so the pins are written with libc's setenv, before LibTorch loads.
/// </summary>
public static class ComputePaths
{
    /// <summary><c>native</c> (the default: LibTorch chooses by CPU) or <c>pinned</c> (the AVX2 profile below).</summary>
    public const string ChoiceVariable = "GAN_COMPUTE_PATHS";

    /// <summary>The pinned code paths, by the variable each library reads; a null value is removed.</summary>
    public static readonly IReadOnlyList<(string Variable, string? Value)> Pins =
    [
        ("ATEN_CPU_CAPABILITY", "avx2"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
        ("MKL_ENABLE_INSTRUCTIONS", "AVX2"),
        // Any MKL_CBWR branch, even AUTO, switches MKL to its reproducible mode, whose reductions round differently.
        ("MKL_CBWR", null),
    ];

    /// <summary>
    /// The paths a bf16-mixed run is pinned to on a CPU with AVX512_BF16. Only oneDNN's cap moves: ATen multiplies
    /// bf16 through oneDNN, whose AVX512_CORE_BF16 kernels ran D2's big layer in a few tens of ms where, capped at
    /// AVX2, ATen's portable bf16 GEMM took 0.7-27 s; ATen's casts were no faster with avx512 than avx2 (within the
    /// noise of a shared machine), so ATen and MKL keep the fp32 profile's AVX2 and bf16-mixed's float32 parts (BatchNorm,
    /// losses, Adam, the evaluation classifier) run the kernels an fp32 run does. Capping oneDNN below AMX keeps one
    /// seed's numbers the same on AVX512_BF16 machines with and without AMX. A process runs one precision, so this costs
    /// fp32 runs nothing.
    /// </summary>
    public static readonly IReadOnlyList<(string Variable, string? Value)> Bf16Pins =
    [
        ("ATEN_CPU_CAPABILITY", "avx2"),
        ("ONEDNN_MAX_CPU_ISA", "AVX512_CORE_BF16"),
        ("MKL_ENABLE_INSTRUCTIONS", "AVX2"),
        ("MKL_CBWR", null),
    ];

    /// <summary>Whether this process pinned the paths (recorded in run provenance and benchmark results).</summary>
    public static bool Pinned { get; private set; }

    /// <summary>Which pins this process set: <c>avx2</c>, <c>avx512-bf16</c>, or null when not pinned.</summary>
    public static string? Profile { get; private set; }

    /// <summary>
    /// The pins for a precision: <see cref="Bf16Pins"/> for bf16-mixed on a CPU with AVX512_BF16, else <see cref="Pins"/>
    /// (bf16-mixed forced on a CPU without it keeps the AVX2 profile, so the profile name never claims kernels the CPU lacks).
    /// </summary>
    public static (string Profile, IReadOnlyList<(string Variable, string? Value)> Pins) For(Precision precision, bool cpuHasBf16) =>
        precision == Precision.Bf16Mixed && cpuHasBf16 ? ("avx512-bf16", Bf16Pins) : ("avx2", Pins);

    /// <summary>
    /// Pins the paths when <see cref="ChoiceVariable"/> is <c>pinned</c>; otherwise leaves LibTorch to choose, with
    /// whatever compute-path variables the caller set. What <c>gan</c>, scripts and the test assemblies do at start.
    /// Returns whether the paths are pinned.
    /// </summary>
    public static bool Apply(Precision precision = Precision.Fp32)
    {
        if (Pinned) return true;
        var choice = Environment.GetEnvironmentVariable(ChoiceVariable);
        if (string.IsNullOrEmpty(choice) || string.Equals(choice, "native", StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.Equals(choice, "pinned", StringComparison.OrdinalIgnoreCase))
            throw new GanException($"{ChoiceVariable}={choice} is not a choice; use native (the default: the CPU's own kernels) or pinned (capped at AVX2)");
        return Pin(precision);
    }

    /// <summary>
    /// Pins the paths whatever the caller's compute-path variables say; a second call does nothing. Refuses once
    /// LibTorch is loaded: its libraries may have read the variables by then.
    /// </summary>
    public static bool Pin(Precision precision = Precision.Fp32)
    {
        if (Pinned) return true;
        var (profile, pins) = For(precision, CpuInfo.Has(PrecisionExtensions.Bf16CpuFlag));
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Profile = profile;
            return Pinned = SetAll(pins, static (name, value) => Environment.SetEnvironmentVariable(name, value));
        }
        RefuseAfterLoad(LibTorchLoaded());
        Profile = profile;
        return Pinned = SetAll(pins, static (name, value) =>
        {
            if ((value is null ? UnsetEnv(name) : SetEnv(name, value, 1)) != 0) throw new InvalidOperationException($"setenv {name} failed");
            // Child processes (a script's gan, a test's CLI run) get .NET's copy of the environment.
            Environment.SetEnvironmentVariable(name, value);
        });
    }

    static bool SetAll(IReadOnlyList<(string Variable, string? Value)> pins, Action<string, string?> set)
    {
        foreach (var (name, value) in pins) set(name, value);
        return true;
    }

    /// <summary>Each compute-path variable as the native libraries see it (null when unset).</summary>
    public static IReadOnlyDictionary<string, string?> NativeValues() =>
        Pins.ToDictionary(p => p.Variable, p => NativeGetEnv(p.Variable));

    /// <summary>What a run records: whether the paths were pinned, the native values, and the CPU they ran on.</summary>
    public static ComputePathRecord Capture() => new(Pinned, NativeValues(), CpuInfo.Model, CpuInfo.SimdFeatures, Profile);

    static string? NativeGetEnv(string name)
    {
        if (OperatingSystem.IsWindows()) return Environment.GetEnvironmentVariable(name);
        var p = GetEnv(name);
        return p == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(p);
    }

    internal static void RefuseAfterLoad(bool libTorchLoaded)
    {
        if (libTorchLoaded)
            throw new GanException($"LibTorch was loaded before its compute paths were pinned; call Gan.Core.Runtime.NativeRuntime.Initialize() before the first torch call, or leave {ChoiceVariable} unset to run on the CPU's own paths");
    }

    /// <summary>Whether this process has mapped LibTorch's CPU library (Linux; false where /proc is absent).</summary>
    internal static bool LibTorchLoaded()
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Any(l => l.Contains("libtorch_cpu", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "unsetenv")]
    static extern int UnsetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "getenv")]
    static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
