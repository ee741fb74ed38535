namespace Gan.Core.Benchmarking;

/// <summary>
/// What <see cref="StepBenchmark"/> measured: per-step wall time over the measured steps (one step = fetch a batch,
/// the D step, the G step and the four logged scalars), throughput in real images per second, and resident memory.
/// <see cref="MedianCpuMs"/> is the process's CPU time per step (all threads, spin-waits included): unlike wall time
/// it hardly moves when other processes compete for the cores, so it is the steadier figure on a shared machine.
/// The JSON form (camelCase) has the same keys as bench/pytorch/study_step.py's, so bench/compare.sh reads both.
/// </summary>
public sealed record StepBenchmarkResult(
    string Implementation,
    string Pair,
    int Threads,
    int BatchSize,
    int Warmup,
    int Steps,
    double MedianMs,
    double P10Ms,
    double P90Ms,
    double MeanMs,
    double MedianCpuMs,
    double ImagesPerSecond,
    long? PeakRssBytes,
    long? RssAt500Bytes,
    long? RssAt5000Bytes,
    double? RssGrowthPercent,
    string? OmpWaitPolicy,
    bool MallocTuned,
    bool ComputePathsPinned,
    string Machine,
    string Precision = "fp32",
    string? ComputeProfile = null)
{
    /// <summary>The kernel check the benchmark started with (<see cref="Runtime.KernelCheck"/>).</summary>
    public Runtime.KernelCheckSummary? KernelCheck { get; init; }

    /// <summary>The step's floor on this CPU (<see cref="StepFloor"/>), when it was measured too.</summary>
    public double? FloorMs { get; init; }

    /// <summary>Median ms per step over the floor: how far the step is from its products and convolutions alone.</summary>
    public double? FloorRatio => FloorMs is double f && f > 0 ? MedianMs / f : null;
}
