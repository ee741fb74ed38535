using System.ComponentModel;
using Gan.Core;
using Gan.Core.Benchmarking;
using Gan.Core.Data;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan bench</c>: times training steps of a pair through the trainer <c>gan train</c> uses and prints median and
/// p10/p90 ms per step, images/s and resident memory; <c>--json</c> writes them for bench/compare.sh.
/// </summary>
public sealed class BenchCommand : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--pair <PAIR>"), Description("g1-d1 (default), g2-d2 or g3-d2.")]
        public string Pair { get; init; } = "g1-d1";
        [CommandOption("--steps <N>"), Description("Measured steps (default 200).")]
        public int Steps { get; init; } = 200;
        [CommandOption("--warmup <N>"), Description("Steps run first and not measured (default 20).")]
        public int Warmup { get; init; } = 20;
        [CommandOption("--threads <T>"), Description("LibTorch intra-op threads (default 1).")]
        public int Threads { get; init; } = 1;
        [CommandOption("--dataset <NAME>"), Description("mnist-sample (default), mnist, fashion-mnist.")]
        public string Dataset { get; init; } = DatasetCatalog.Sample;
        [CommandOption("--data-dir <DIR>"), Description("Any folder of MNIST-layout IDX files.")]
        public string? DataDir { get; init; }
        [CommandOption("--seed <SEED>"), Description("Default 0.")]
        public long Seed { get; init; }
        [CommandOption("--joint-d-batch"), Description("Opt-in speed-up: D scores real and fake in one forward (changes float rounding).")]
        public bool JointDBatch { get; init; }
        [CommandOption("--precision <P>"), Description("fp32 (default), fp64 or bf16-mixed (bf16-mixed! forces it on a CPU without avx512_bf16).")]
        public string Precision { get; init; } = "fp32";
        [CommandOption("--floor"), Description("Also measure the step's floor on this CPU (its products and convolutions alone, as bench/floor.csx) and print the ratio to it.")]
        public bool Floor { get; init; }
        [CommandOption("--json <FILE>"), Description("Also write the statistics to this JSON file.")]
        public string? Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Threads < 1) throw new GanException($"--threads {s.Threads} must be at least 1");
        var pair = ModelZoo.Pair(s.Pair);
        var config = new TrainingConfig
        {
            Generator = pair.Generator,
            Discriminator = pair.Discriminator,
            Dataset = s.Dataset,
            DataDir = s.DataDir,
            Seed = s.Seed,
            Threads = s.Threads,
            JointDBatch = s.JointDBatch,
            Precision = PrecisionExtensions.ResolveHere(s.Precision, Console.Error.WriteLine),
        }.Validate();
        var dataDir = DatasetCatalog.RequireDirectory(config.Dataset, config.DataDir);
        using var data = ImageDataset.Load(config.Dataset, dataDir, Split.Train);
        var r = StepBenchmark.Run(config, data, s.Steps, s.Warmup, done =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Console.IsErrorRedirected && (done % 10 == 0 || done == s.Warmup + s.Steps))
                Console.Error.Write($"\r{done}/{s.Warmup + s.Steps} steps");
        });
        if (!Console.IsErrorRedirected) Console.Error.WriteLine();
        if (s.Floor)
        {
            var floor = StepFloor.Measure(s.Pair, config.Precision, config.BatchSize, config.JointDBatch);
            r = r with { FloorMs = floor.TotalMs };
        }
        Console.WriteLine(Format(r));
        if (s.Json is not null) Json.WriteAtomic(s.Json, r);
        return ExitCodes.Ok;
    }

    static string Format(StepBenchmarkResult r)
    {
        static string MiB(long? b) => b is long v ? $"{v / 1048576.0:F1} MiB" : "n/a";
        var lines = new List<string>
        {
            $"{r.Implementation}  {r.Pair}  threads {r.Threads}  batch {r.BatchSize}  {r.Steps} steps after {r.Warmup} warm-up",
            $"  ms/step    median {r.MedianMs:F2}  p10 {r.P10Ms:F2}  p90 {r.P90Ms:F2}  mean {r.MeanMs:F2}  (CPU median {r.MedianCpuMs:F2})",
            $"  images/s   {r.ImagesPerSecond:F0} (real images trained on)",
            $"  peak RSS   {MiB(r.PeakRssBytes)}",
            $"  malloc     {(r.MallocTuned ? "large blocks kept in the heap (MallocTuning)" : "glibc defaults")}",
            $"  precision  {r.Precision}",
            $"  kernels    {r.KernelCheck}",
            $"  compute    {(r.ComputePathsPinned ? $"paths pinned, profile {r.ComputeProfile} (ComputePaths)" : "LibTorch's choice for this CPU (the default; GAN_COMPUTE_PATHS=pinned caps it at AVX2)")}",
        };
        if (r.FloorMs is double f)
            lines.Add($"  floor      {f:F2} ms (the step's products and convolutions alone); median / floor = {r.FloorRatio:F2}");
        if (r.RssGrowthPercent is double g)
            lines.Add($"  RSS step {StepBenchmark.RssEarlyStep} → {StepBenchmark.RssLateStep}: {MiB(r.RssAt500Bytes)} → {MiB(r.RssAt5000Bytes)} ({g:+0.00;-0.00}%)");
        return string.Join(Environment.NewLine, lines);
    }
}
