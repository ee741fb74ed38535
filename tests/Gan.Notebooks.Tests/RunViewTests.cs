using Gan.Core;
using Gan.Core.Runs;
using Gan.Core.Training;
using Gan.Notebooks;
using static TorchSharp.torch;

namespace Gan.Notebooks.Tests;

/// <summary>A real (small) run directory as the notebooks see it, and the sample grid as a grayscale picture.</summary>
public class RunViewTests
{
    string _root = null!;

    [OneTimeSetUp]
    public void Train()
    {
        Gan.Core.Runtime.NativeRuntime.Initialize();
        _root = Directory.CreateTempSubdirectory("gan-notebook-").FullName;
        foreach (var seed in new long[] { 0, 1 })
            TrainingRun.Execute(new TrainingConfig { Seed = seed, Epochs = 2, TrainSubset = 256, Threads = 1, EvalEvery = 1, EvalSamples = 200, TensorBoard = false },
                Path.Combine(_root, "sweep", $"seed-{seed}"));
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    [Test]
    public void A_sweep_folder_lists_its_runs_with_metrics_and_evaluations()
    {
        var runs = RunView.All(_root);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.Config.Seed), Is.EqualTo(new long[] { 0, 1 }));
            Assert.That(runs.Select(r => r.Metrics.Count), Is.All.EqualTo(8), "2 epochs of 4 batches");
            Assert.That(runs[0].EvalSeries("frechet_distance").Steps, Is.EqualTo(new double[] { 4, 8 }));
            Assert.That(runs[0].EvalTable().Columns, Does.Contain("frechet_distance").And.Contain("classes_at_share").And.Contain("d_score_gap"));
            Assert.That(runs[0].MetricsTable(2).ToTable().Rows.Select(r => r[0]), Is.EqualTo(new[] { "1", "2", "7", "8" }));
            Assert.That(runs[0].ToHtml(), Does.Contain("data:image/png;base64,").And.Contain("<table"));
        });
    }

    [Test]
    public void A_folder_that_is_not_a_run_is_a_clear_error()
    {
        var e = Assert.Throws<GanException>(() => RunView.Open(Path.Combine(_root, "sweep")));
        Assert.That(e!.Message, Does.Contain("sweep"));
        Assert.Throws<GanException>(() => RunView.All(Path.Combine(_root, "missing")));
    }

    [Test]
    public void A_sample_grid_is_a_grayscale_png_of_eight_per_row()
    {
        using var images = full(16, 1, 28, 28, 1.0f);
        var grid = SampleImages.Grid(images);
        using var bitmap = SkiaSharp.SKBitmap.Decode(grid.Png);
        Assert.Multiple(() =>
        {
            Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((8 * 30 + 2, 2 * 30 + 2)), "28 pixels and 2 of padding each");
            Assert.That(bitmap.ColorType, Is.EqualTo(SkiaSharp.SKColorType.Gray8));
            Assert.That(bitmap.GetPixel(2 + 14, 2 + 14).Red, Is.EqualTo(255), "1 maps to white");
        });
    }
}
