using System.Runtime.InteropServices;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using TorchSharp;

namespace Gan.Core.Tests.Reliability;

/// <summary>
/// The recovery promise, end to end: a real <c>gan train</c> process killed with SIGKILL mid-epoch and resumed with
/// <c>--resume</c> ends with the same metrics.csv losses and the same final weights, byte for byte, as a run that was
/// never interrupted (fixed seed and threads), and with every step exactly once.
/// </summary>
public class KillAndResumeTests
{
    // 1,024 images = 16 batches per epoch, 3 epochs, a checkpoint every 5 iterations. Rows reach the disk just before
    // each checkpoint is written, so killing as soon as KillAfterRows rows show leaves metrics.csv ahead of the newest
    // checkpoint (resume must cut it back); waiting for the checkpoint's folder lands the kill after a mid-epoch one.
    const int Steps = 48;
    const int KillAfterRows = 20;

    // Ctrl+C must land well before the end even when the machine is busy: a SIGINT handled after the last step
    // (seen once under CI load with 28 steps left) finishes the run normally instead.
    const int CtrlCEpochs = 10;
    const int CtrlCSteps = CtrlCEpochs * 16;

    [TestCase("1", true, TestName = "Killed mid-epoch after a mid-epoch checkpoint, k=1: resume is bit-identical")]
    [TestCase("2", true, TestName = "Killed mid-epoch after a mid-epoch checkpoint, k=2: resume is bit-identical")]
    [TestCase("1", false, TestName = "Killed as soon as rows reach the disk, ahead of the checkpoint counting them: resume is bit-identical")]
    // The resumed process must find bf16-mixed in the run's config.json and pin the same compute paths before LibTorch loads.
    [TestCase("1", true, "bf16-mixed!", TestName = "Killed mid-epoch after a mid-epoch checkpoint, bf16-mixed: float32 checkpoints, resume is bit-identical")]
    [TestCase("1", true, "fp64", TestName = "Killed mid-epoch after a mid-epoch checkpoint, fp64: float64 checkpoints and Adam state, resume is bit-identical")]
    public void Killed_and_resumed_run_matches_an_uninterrupted_run_bit_for_bit(string k, bool afterMidEpochCheckpoint, string precision = "fp32")
    {
        using var tmp = new TempDir();
        string[] train = ["train", "--pair", "g1-d1", "--k", k, "--epochs", "3", "--subset", "1024", "--seed", "11", "--threads", "1",
            "--checkpoint-every", "5", "--keep-checkpoints", "2", "--sample-every", "100", "--precision", precision, "--plain"];
        int steps = k == "1" ? Steps : Steps / 2;

        var whole = GanCli.Run(tmp.Path, [.. train, "--out", "whole"]);
        Assert.That(whole.ExitCode, Is.EqualTo(0), whole.ToString());

        var killed = new RunDirectory(tmp["killed"]);
        int killAt = KillAfterRows / int.Parse(k);
        var midEpochCheckpoint = Path.Combine(killed.CheckpointsDir, $"{CheckpointStore.Prefix}{killAt:D9}");
        using (var p = GanCli.Start(tmp.Path, [.. train, "--out", "killed"]))
        {
            while (!p.HasExited && (afterMidEpochCheckpoint ? !Directory.Exists(midEpochCheckpoint) : MetricRows(killed.MetricsPath) < killAt))
                Thread.Sleep(5);
            Assert.That(p.HasExited, Is.False, "the run finished before it could be killed; make it longer");
            p.Kill();
            p.WaitForExit();
        }
        Assert.That(File.Exists(killed.SummaryPath), Is.False, "a killed run has no summary");
        var halfWritten = Directory.EnumerateDirectories(killed.CheckpointsDir, ".*").Select(Path.GetFileName).ToList();
        TestContext.Out.WriteLine($"temporary checkpoint folders left by the kill: {(halfWritten.Count == 0 ? "none" : string.Join(", ", halfWritten))}");
        Assert.That(MetricRows(killed.MetricsPath), Is.LessThan(steps));
        var from = new CheckpointStore(killed).Latest(killed.ReadRecord().Config)!;
        TestContext.Out.WriteLine($"killed with {MetricRows(killed.MetricsPath)} rows on disk; resuming from {Path.GetFileName(from.Directory)} " +
            $"(epoch {from.Manifest.Trainer.Epoch + 1}, next batch {from.Manifest.Trainer.BatchIndex?.ToString() ?? "-"})");
        if (afterMidEpochCheckpoint)
            Assert.That(from.Manifest.Trainer.BatchIndex, Is.Not.Null, "the resume starts mid-epoch");

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
        Assert.That(killed.ReadRecord().Config!.Precision, Is.EqualTo(PrecisionExtensions.ParseRequest(precision).Precision));
        var dtype = PrecisionExtensions.ParseRequest(precision).Precision.DType();
        using (var g = ModelZoo.CreateGenerator("G1"))
        {
            g.to(dtype);
            Checkpoint.LoadGenerator(g, killed.LastCheckpointDir);
            Assert.That(g.parameters().Select(p => p.dtype), Is.All.EqualTo(dtype), $"checkpoints hold {dtype} weights");
        }
        Assert.That(new CheckpointStore(killed).List(), Has.Count.EqualTo(2), "only the newest --keep-checkpoints are kept");
        Assert.That(Directory.EnumerateDirectories(killed.CheckpointsDir, ".*"), Is.Empty, "no temporary checkpoint folder left");
    }

    [Platform("Linux,MacOsX")]
    [TestCase(2, TestName = "Ctrl+C (SIGINT) writes a checkpoint at the step it stopped and resume finishes the run")]
    [TestCase(15, TestName = "SIGTERM (Slurm's preemption signal) writes a checkpoint at the step it stopped and resume finishes the run")]
    public void A_stop_signal_writes_a_checkpoint_at_the_step_it_stopped_and_resume_finishes_the_run(int signal)
    {
        using var tmp = new TempDir();
        var run = new RunDirectory(tmp["run"]);
        InheritDefaultSigint();
        using (var p = GanCli.Start(tmp.Path, "train", "--pair", "g1-d1", "--epochs", CtrlCEpochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--subset", "1024", "--threads", "1",
            "--checkpoint-every", "5", "--sample-every", "100", "--plain", "--out", "run"))
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            while (!p.HasExited && MetricRows(run.MetricsPath) < KillAfterRows)
                Thread.Sleep(5);
            Assert.That(p.HasExited, Is.False, "the run finished before it could be interrupted");
            Assert.That(Kill(p.Id, signal), Is.EqualTo(0));
            Assert.That(p.WaitForExit(TimeSpan.FromMinutes(2)), Is.True);
            Assert.That(p.ExitCode, Is.EqualTo(ExitCodes.Interrupted), stdout.Result + stderr.Result);
        }
        var summary = run.ReadSummary()!;
        Assert.That(summary.Status, Is.EqualTo(RunSummary.Interrupted));
        Assert.That(summary.Steps, Is.LessThan(CtrlCSteps));
        Assert.That(Path.GetFileName(new CheckpointStore(run).List()[^1]), Is.EqualTo($"step-{summary.Steps:D9}"), "checkpoint at the very step Ctrl+C stopped");
        Assert.That(MetricsWriter.Read(run.MetricsPath), Has.Count.EqualTo(summary.Steps));

        // What a crash in the middle of writing a checkpoint leaves: a hidden temporary folder, never used, removed on resume.
        var halfWritten = Path.Combine(run.CheckpointsDir, $".{CheckpointStore.Prefix}{CtrlCSteps + 1:D9}.4242.tmp");
        Directory.CreateDirectory(halfWritten);
        File.WriteAllText(Path.Combine(halfWritten, "G.pt"), "half a file");

        var resumed = GanCli.Run(tmp.Path, "train", "--resume", "run", "--plain");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.ToString());
        Assert.That(Directory.Exists(halfWritten), Is.False);
        Assert.That(MetricsWriter.Read(run.MetricsPath).Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, CtrlCSteps).Select(i => (long)i)));
        Assert.That(run.ReadSummary()!.Status, Is.EqualTo(RunSummary.Completed));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    /// <summary>
    /// A test run started in the background of a non-interactive shell (<c>.ci/run &amp;</c>) has SIGINT ignored, and
    /// children inherit that: gan then rightly ignores Ctrl+C, as any program started with <c>nohup … &amp;</c> should.
    /// To test gan's handler, give the child the default disposition. Only when SIGINT is ignored here: then .NET
    /// installed no handler of its own that this would replace.
    /// </summary>
    static void InheritDefaultSigint()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return;
        var ignored = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        if ((ignored & (1UL << (2 - 1))) != 0) Signal(2, IntPtr.Zero);
    }

    [DllImport("libc", EntryPoint = "signal")]
    static extern IntPtr Signal(int signal, IntPtr handler);

    /// <summary>Everything of a row but its wall time, with floats compared by their bits (NaN included).</summary>
    static string Losses(StepRecord r) =>
        $"{r.Step},{r.Epoch},{BitConverter.DoubleToInt64Bits(r.DLoss)},{BitConverter.DoubleToInt64Bits(r.GLoss)}," +
        $"{BitConverter.DoubleToInt64Bits(r.DReal)},{BitConverter.DoubleToInt64Bits(r.DFake)},{r.DSteps},{r.GSteps}";

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
