namespace Gan.Core.Runtime;

/// <summary>
/// The compute paths a run used: pinned or the CPU's own, the variables as LibTorch saw them, the CPU, and which
/// pinned profile (<c>avx2</c>, or <c>avx512-bf16</c> for bf16-mixed; null when not pinned or recorded before profiles).
/// </summary>
public sealed record ComputePathRecord(bool Pinned, IReadOnlyDictionary<string, string?> Variables, string CpuModel, IReadOnlyList<string> CpuSimd,
    string? Profile = null);
