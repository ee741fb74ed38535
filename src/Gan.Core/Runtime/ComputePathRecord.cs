namespace Gan.Core.Runtime;

/// <summary>The compute paths a run used: pinned or the CPU's own, the variables as LibTorch saw them, and the CPU.</summary>
public sealed record ComputePathRecord(bool Pinned, IReadOnlyDictionary<string, string?> Variables, string CpuModel, IReadOnlyList<string> CpuSimd);
