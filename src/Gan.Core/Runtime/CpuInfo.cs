using System.Runtime.Intrinsics.X86;

namespace Gan.Core.Runtime;

/// <summary>The CPU's model and the SIMD instruction sets that decide which LibTorch kernels run (for provenance and <c>gan doctor</c>).</summary>
public static class CpuInfo
{
    /// <summary>The flags LibTorch's kernel choice depends on, in /proc/cpuinfo's spelling.</summary>
    static readonly string[] Relevant =
        ["sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_bf16", "amx_tile", "avx_vnni"];

    static readonly Lazy<(string Model, string[] Flags, string Identity)> Info = new(Read);

    public static string Model => Info.Value.Model;

    /// <summary>Vendor, family, model number and stepping: model names such as "AMD EPYC" cover several generations.</summary>
    public static string Identity => Info.Value.Identity;

    /// <summary>The relevant SIMD flags this CPU has, e.g. avx2, avx512f, avx512_bf16.</summary>
    public static IReadOnlyList<string> SimdFeatures => Info.Value.Flags;

    public static bool Has(string flag) => SimdFeatures.Contains(flag);

    static (string, string[], string) Read()
    {
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
            var flags = Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var identity = string.Join(' ', new[] { "vendor_id", "cpu family", "model", "stepping" }.Select(f =>
                lines.FirstOrDefault(l => l.Split(':', 2)[0].Trim() == f)?.Split(':', 2)[1].Trim() ?? "-"));
            return (Field("model name"), Relevant.Where(flags.Contains).ToArray(), identity);
        }
        catch (IOException)
        {
            // No /proc (macOS, Windows): what .NET's own CPU detection reports.
            var known = new (string, bool)[]
            {
                ("sse4_2", Sse42.IsSupported), ("avx", Avx.IsSupported), ("fma", Fma.IsSupported), ("avx2", Avx2.IsSupported),
                ("avx512f", Avx512F.IsSupported), ("avx512bw", Avx512BW.IsSupported), ("avx512vl", Avx512F.VL.IsSupported),
            };
            return (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), known.Where(k => k.Item2).Select(k => k.Item1).ToArray(),
                System.Runtime.InteropServices.RuntimeInformation.OSDescription);
        }
    }
}
