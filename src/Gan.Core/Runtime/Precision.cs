using static TorchSharp.torch;

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
    /// <summary>
    /// Everything in float64: the same run (the same float32 initial weights, data and noise, widened) computed with
    /// rounding about 10⁻⁹ of float32's, so a last-bit difference between kernels stays a last-bit difference. The
    /// reference an fp32 result is held against, and what the regression trajectories are recorded in.
    /// </summary>
    Fp64,
}

public static class PrecisionExtensions
{
    /// <summary>The CPU flag whose native bf16 dot products (AVX512_BF16) make bf16-mixed faster than fp32.</summary>
    public const string Bf16CpuFlag = "avx512_bf16";

    /// <summary>Appended to <c>bf16-mixed</c> to use it on a CPU without <see cref="Bf16CpuFlag"/> (same numbers, slow).</summary>
    public const string ForceMark = "!";

    public static string Name(this Precision p) => p switch
    {
        Precision.Fp32 => "fp32",
        Precision.Bf16Mixed => "bf16-mixed",
        Precision.Fp64 => "fp64",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    /// <summary>The dtype of a run's weights, activations and optimizer state: float64 for fp64, else float32 (bf16-mixed keeps float32 masters).</summary>
    public static ScalarType DType(this Precision p) => p == Precision.Fp64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <summary>Parses <c>fp32</c>, <c>fp64</c> or <c>bf16-mixed</c> (the last with or without <see cref="ForceMark"/>); returns whether it was forced.</summary>
    public static (Precision Precision, bool Forced) ParseRequest(string s)
    {
        var forced = s.EndsWith(ForceMark, StringComparison.Ordinal);
        var name = (forced ? s[..^ForceMark.Length] : s).ToLowerInvariant();
        return name switch
        {
            "fp32" => (Precision.Fp32, forced),
            "fp64" or "float64" => (Precision.Fp64, forced),
            "bf16-mixed" or "bf16" => (Precision.Bf16Mixed, forced),
            _ => throw new GanException($"unknown --precision '{s}'; use fp32 (the default), fp64 or bf16-mixed"),
        };
    }

    /// <summary>
    /// What a request runs as on a CPU with or without native bf16: bf16-mixed without it falls back to fp32, saying
    /// so through <paramref name="say"/>, unless forced.
    /// </summary>
    public static Precision Resolve(string request, bool cpuHasBf16, Action<string> say)
    {
        var (precision, forced) = ParseRequest(request);
        if (precision != Precision.Bf16Mixed || cpuHasBf16 || forced) return precision;
        say($"this CPU has no {Bf16CpuFlag}: bf16-mixed would be slower than fp32 here, so this run uses fp32 " +
            $"(--precision bf16-mixed{ForceMark} forces bf16-mixed)");
        return Precision.Fp32;
    }

    /// <summary><see cref="Resolve"/> on this machine's CPU.</summary>
    public static Precision ResolveHere(string request, Action<string> say) =>
        Resolve(request, CpuInfo.Has(Bf16CpuFlag), say);
}
