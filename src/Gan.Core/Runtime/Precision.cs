namespace Gan.Core.Runtime;

/// <summary>The arithmetic a run's matrix products and convolutions use.</summary>
public enum Precision
{
    /// <summary>Everything in float32: the study's arithmetic, and the default.</summary>
    Fp32,
    /// <summary>
    /// Linear and Conv2d layers multiply in bfloat16 (inputs and weights rounded to 8 significant bits, sums in float32)
    /// and hand float32 on; weights, Adam state, BatchNorm, losses and checkpoints stay float32 (<see cref="Models.MixedPrecision"/>).
    /// </summary>
    Bf16Mixed,
}

public static class PrecisionExtensions
{
    /// <summary>The CPU flag whose native bf16 dot products (AVX512_BF16) make bf16-mixed faster than fp32.</summary>
    public const string Bf16CpuFlag = "avx512_bf16";

    /// <summary>Appended to <c>bf16-mixed</c> to use it on a CPU without <see cref="Bf16CpuFlag"/> (same numbers, slow).</summary>
    public const string ForceMark = "!";

    public static string Name(this Precision p) => p == Precision.Fp32 ? "fp32" : "bf16-mixed";

    /// <summary>Parses <c>fp32</c> or <c>bf16-mixed</c>, with or without <see cref="ForceMark"/>; returns whether it was forced.</summary>
    public static (Precision Precision, bool Forced) ParseRequest(string s)
    {
        var forced = s.EndsWith(ForceMark, StringComparison.Ordinal);
        var name = (forced ? s[..^ForceMark.Length] : s).ToLowerInvariant();
        return name switch
        {
            "fp32" => (Precision.Fp32, forced),
            "bf16-mixed" or "bf16" => (Precision.Bf16Mixed, forced),
            _ => throw new GanException($"unknown --precision '{s}'; use fp32 (the default) or bf16-mixed"),
        };
    }

    /// <summary>
    /// What a request runs as on a CPU with or without native bf16: bf16-mixed without it falls back to fp32, saying
    /// so through <paramref name="say"/>, unless forced.
    /// </summary>
    public static Precision Resolve(string request, bool cpuHasBf16, Action<string> say)
    {
        var (precision, forced) = ParseRequest(request);
        if (precision == Precision.Fp32 || cpuHasBf16 || forced) return precision;
        say($"this CPU has no {Bf16CpuFlag}: bf16-mixed would be slower than fp32 here, so this run uses fp32 " +
            $"(--precision bf16-mixed{ForceMark} forces bf16-mixed)");
        return Precision.Fp32;
    }

    /// <summary><see cref="Resolve"/> on this machine's CPU.</summary>
    public static Precision ResolveHere(string request, Action<string> say) =>
        Resolve(request, CpuInfo.Has(Bf16CpuFlag), say);
}
