using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Core.Tests.Reliability;

/// <summary>
/// The recovery promise, end to end: a real <c>gan train</c> process killed with SIGKILL mid-epoch and resumed with
/// <c>--resume</c> ends with the same metrics.csv losses and the same final weights, byte for byte, as a run that was
/// never interrupted (fixed seed and threads), and with every step exactly once.
/// </summary>
public class KillAndResumeTests
{
    // 1,024 images = 16 batches per epoch, 3 epochs; rows reach the disk at each checkpoint (every 5 steps), so the
    // kill lands in epoch 2 somewhere after the checkpoint that first shows KillAfterRows rows.
    const int Steps = 48;
    const int KillAfterRows = 20;

    [TestCase("1")]
    [TestCase("2")]
    public void Killed_and_resumed_run_matches_an_uninterrupted_run_bit_for_bit(string k)
    {
        using var tmp = new TempDir();
        string[] train = ["train", "--pair", "g1-d1", "--k", k, "--epochs", "3", "--subset", "1024", "--seed", "11", "--threads", "1",
            "--checkpoint-every", "5", "--keep-checkpoints", "2", "--sample-every", "100", "--plain"];
        int steps = k == "1" ? Steps : Steps / 2;

        var whole = GanCli.Run(tmp.Path, [.. train, "--out", "whole"]);
        Assert.That(whole.ExitCode, Is.EqualTo(0), whole.ToString());

        var killed = new RunDirectory(tmp["killed"]);
        using (var p = GanCli.Start(tmp.Path, [.. train, "--out", "killed"]))
        {
            while (!p.HasExited && MetricRows(killed.MetricsPath) < KillAfterRows / int.Parse(k))
                Thread.Sleep(5);
            Assert.That(p.HasExited, Is.False, "the run finished before it could be killed; make it longer");
            p.Kill();
            p.WaitForExit();
        }
        Assert.That(File.Exists(killed.SummaryPath), Is.False, "a killed run has no summary");
        Assert.That(MetricRows(killed.MetricsPath), Is.LessThan(steps));
        TestContext.Out.WriteLine($"killed with {MetricRows(killed.MetricsPath)} rows on disk; resuming from {Path.GetFileName(new CheckpointStore(killed).List()[^1])}");

        var resumed = GanCli.Run(tmp.Path, "train", "--resume", "killed", "--plain");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.ToString());

        var expected = MetricsWriter.Read(tmp["whole/metrics.csv"]);
        var actual = MetricsWriter.Read(killed.MetricsPath);
        Assert.That(actual.Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, steps).Select(i => (long)i)), "every step exactly once");
        Assert.That(actual.Select(Losses), Is.EqualTo(expected.Select(Losses)), "loss columns bit-identical");
        foreach (var file in new[] { "G.pt", "D.pt" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(killed.LastCheckpointDir, file)),
                Is.EqualTo(File.ReadAllBytes(tmp[$"whole/checkpoints/last/{file}"])), $"final {file} bit-identical");
        }
        Assert.That(killed.ReadSummary()!.Status, Is.EqualTo(RunSummary.Completed));
        Assert.That(new CheckpointStore(killed).List(), Has.Count.EqualTo(2), "only the newest --keep-checkpoints are kept");
        Assert.That(Directory.EnumerateDirectories(killed.CheckpointsDir, ".*"), Is.Empty, "no temporary checkpoint folder left");
    }

    /// <summary>Everything of a row but its wall time, with floats compared by their bits (NaN included).</summary>
    static string Losses(StepRecord r) =>
        $"{r.Step},{r.Epoch},{BitConverter.SingleToInt32Bits(r.DLoss)},{BitConverter.SingleToInt32Bits(r.GLoss)}," +
        $"{BitConverter.SingleToInt32Bits(r.DReal)},{BitConverter.SingleToInt32Bits(r.DFake)},{r.DSteps},{r.GSteps}";

    static int MetricRows(string path)
    {
        if (!File.Exists(path)) return 0;
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(s);
        int rows = -1;
        while (reader.ReadLine() is not null) rows++;
        return Math.Max(rows, 0);
    }
}
