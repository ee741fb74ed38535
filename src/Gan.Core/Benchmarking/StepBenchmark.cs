using System.Diagnostics;
using System.Runtime.InteropServices;
using Gan.Core.Data;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Core.Benchmarking;

/// <summary>
/// Times training steps through <see cref="GanTrainer"/>, the code path <c>gan train</c> uses, without writing a run
/// directory: <c>warmup</c> steps first (not measured), then <c>steps</c> measured ones, crossing epochs as needed.
/// Resident memory is sampled after steps 500 and 5,000 (counted from the first step) for the flat-memory check.
/// </summary>
public static class StepBenchmark
{
    public const int RssEarlyStep = 500;
    public const int RssLateStep = 5000;

    /// <summary>Runs the benchmark; <paramref name="progress"/> gets the number of steps done after each one.</summary>
    public static StepBenchmarkResult Run(TrainingConfig config, ImageDataset data, int steps, int warmup, Action<int>? progress = null)
    {
        if (steps < 1) throw new GanException($"--steps {steps} must be at least 1");
        if (warmup < 0) throw new GanException($"--warmup {warmup} must be 0 or more");
        KernelCheckSummary? kernelCheck = null;
        using var trainer = new GanTrainer(config, data, checkModels: (g, d) => kernelCheck = KernelCheck.RequireForTraining(config, data.Count, g, d));
        int total = warmup + steps, done = 0;
        var times = new List<double>(steps);
        var cpuTimes = new List<double>(steps);
        long? rssEarly = null, rssLate = null;
        var watch = new Stopwatch();
        while (done < total)
        {
            using var epoch = trainer.TrainEpoch().GetEnumerator();
            while (done < total)
            {
                var cpu0 = Environment.CpuUsage.TotalTime;
                watch.Restart();
                if (!epoch.MoveNext()) break;
                double ms = watch.Elapsed.TotalMilliseconds;
                double cpuMs = (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
                done++;
                if (done > warmup)
                {
                    times.Add(ms);
                    cpuTimes.Add(cpuMs);
                }
                if (done == RssEarlyStep) rssEarly = ProcessMemory.CurrentRssBytes();
                if (done == RssLateStep) rssLate = ProcessMemory.CurrentRssBytes();
                progress?.Invoke(done);
            }
        }

        times.Sort();
        cpuTimes.Sort();
        double median = Percentile(times, 50);
        return new StepBenchmarkResult(
            $"gan (TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}){(trainer.Config.JointDBatch ? " --joint-d-batch" : "")}" +
            (trainer.Config.Precision == Precision.Fp32 ? "" : $" --precision {trainer.Config.Precision.Name()}"),
            $"{trainer.Config.Generator}+{trainer.Config.Discriminator}".ToLowerInvariant().Replace('+', '-'),
            TorchSharp.torch.get_num_threads(),
            trainer.Config.BatchSize,
            warmup,
            steps,
            median,
            Percentile(times, 10),
            Percentile(times, 90),
            times.Average(),
            Percentile(cpuTimes, 50),
            trainer.Config.BatchSize * 1000.0 / median,
            ProcessMemory.PeakRssBytes(),
            rssEarly,
            rssLate,
            rssEarly is long a && rssLate is long b ? 100.0 * (b - a) / a : null,
            Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"),
            MallocTuning.Applied,
            ComputePaths.Pinned,
            CpuInfo.Model,
            trainer.Config.Precision.Name(),
            ComputePaths.Profile)
        {
            KernelCheck = kernelCheck,
        };
    }


    /// <summary>Nearest-rank percentile of sorted values (the rule study_step.py uses too).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        int i = (int)Math.Round(q / 100.0 * (sorted.Count - 1), MidpointRounding.ToEven);
        return sorted[Math.Clamp(i, 0, sorted.Count - 1)];
    }
}
