using Gan.Core.Benchmarking;
using Gan.Core.Data;
using Gan.Core.Training;

namespace Gan.Core.Tests.Benchmarking;

public class StepBenchmarkTests
{
    [Test]
    public void Times_the_requested_steps_of_a_pair()
    {
        using var full = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);
        using var data = full.Take(256);
        var config = new TrainingConfig { Generator = "G1", Discriminator = "D1", Threads = 1 };
        int calls = 0;
        // 256 images are 4 batches, so 6 steps cross an epoch boundary.
        var r = StepBenchmark.Run(config, data, steps: 5, warmup: 1, progress: _ => calls++);
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(6));
            Assert.That(r.Pair, Is.EqualTo("g1-d1"));
            Assert.That(r.Steps, Is.EqualTo(5));
            Assert.That(r.Threads, Is.EqualTo(1));
            Assert.That(r.P10Ms, Is.GreaterThan(0).And.LessThanOrEqualTo(r.MedianMs));
            Assert.That(r.P90Ms, Is.GreaterThanOrEqualTo(r.MedianMs));
            Assert.That(r.ImagesPerSecond, Is.EqualTo(64 * 1000.0 / r.MedianMs).Within(1e-9));
            Assert.That(r.RssAt500Bytes, Is.Null, "RSS at step 500 is only sampled when the run gets there");
        });
        if (OperatingSystem.IsLinux()) Assert.That(r.PeakRssBytes, Is.GreaterThan(0));
    }

    [TestCase(0, 1)]
    [TestCase(5, -1)]
    public void Rejects_bad_step_counts(int steps, int warmup)
    {
        using var full = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);
        var ex = Assert.Throws<GanException>(() => StepBenchmark.Run(new TrainingConfig(), full, steps, warmup));
        Assert.That(ex!.ExitCode, Is.EqualTo(ExitCodes.BadInput));
    }

    [Test]
    public void Percentile_is_nearest_rank_as_in_study_step_py()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Multiple(() =>
        {
            Assert.That(StepBenchmark.Percentile(sorted, 50), Is.EqualTo(5));   // index round(4.5) = 4, to even as Python
            Assert.That(StepBenchmark.Percentile(sorted, 10), Is.EqualTo(2));
            Assert.That(StepBenchmark.Percentile(sorted, 90), Is.EqualTo(9));
        });
    }
}
