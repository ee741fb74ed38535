using System.Diagnostics;
using Gan.Core.Runs;

namespace Gan.Scripts.Tests;

/// <summary>A script's grid through the gan CLI as a user runs it: --list, --slurm --dry-run, --jobs, SIGTERM and resume, gan sweep status.</summary>
public class SweepCliTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    static readonly string KToOne = Path.Combine(Repo.ScriptsDir, "k-to-1.csx");
    string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("gan-sweep-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    ProcessResult Gan(params string[] args) => ChildProcess.Dotnet(_dir, Timeout, [Repo.GanDll, .. args]);

    ProcessResult KToOneQuick(params string[] args) => Gan(["script", KToOne, "--", "--quick", .. args]);

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Test]
    public void List_keeps_task_ids_when_variants_are_chosen_and_a_dry_run_prints_the_array_without_writing()
    {
        var all = KToOneQuick("--list");
        Assert.That(all.ExitCode, Is.EqualTo(0), all.StdErr);
        Assert.That(Lines(all.StdOut)[1..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3]),
            Is.EqualTo(new[] { new[] { "0", "k1", "0" }, ["1", "k2", "0"], ["2", "k3", "0"], ["3", "k5", "0"], ["4", "1to2", "0"] }));
        var some = KToOneQuick("--variants", "1to2,k5", "--list");
        Assert.That(Lines(some.StdOut)[1..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]), Is.EqualTo(new[] { "3", "4" }));

        var dry = KToOneQuick("--variants", "k1,k2,k5", "--slurm", "--dry-run", "--time", "00:10:00", "--cpus-per-task", "1");
        Assert.That(dry.ExitCode, Is.EqualTo(0), dry.StdErr);
        var script = Lines(dry.StdOut);
        Assert.That(script, Does.Contain("#SBATCH --array=0-1,3").And.Contain("#SBATCH --requeue").And.Contain("#SBATCH --time=00:10:00").And.Contain("#SBATCH --cpus-per-task=1"));
        Assert.That(script[^1], Does.EndWith($"k-to-1.csx -- --quick --variants k1,k2,k5 --task \"$SLURM_ARRAY_TASK_ID\" --threads \"$SLURM_CPUS_PER_TASK\""));
        Assert.That(Directory.Exists(Path.Combine(_dir, "runs")), Is.False, "a dry run writes nothing");

        var stray = KToOneQuick("--mem", "2G");
        Assert.That(stray.ExitCode, Is.EqualTo(2));
        Assert.That(stray.StdErr.Trim(), Is.EqualTo("gan: error: k-to-1.csx: --mem go with --slurm"));
    }

    [Test]
    public void Jobs_2_runs_every_task_once_in_its_own_process_and_a_second_call_keeps_them()
    {
        var r = KToOneQuick("--variants", "k1,k5", "--jobs", "2");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Contain("2 task(s) to run, 2 at a time with 1 thread(s) each"));
        var experiment = Path.Combine(_dir, "runs", "k-to-1");
        foreach (var (variant, steps, id) in new[] { ("k1", 4L, 0), ("k5", 1L, 3) })
        {
            var summary = new RunDirectory(Path.Combine(experiment, variant, "seed-0")).ReadSummary();
            Assert.That((summary?.Status, summary?.Steps), Is.EqualTo(("completed", steps)), variant);
            Assert.That(File.ReadAllText(Path.Combine(experiment, "logs", $"task-{id}.log")), Does.Contain($"task {id} {variant} seed 0: completed"));
        }
        Assert.That(ExperimentIndexFile.Read(experiment).Rows.Select(row => row["status"]), Is.EqualTo(new[] { "completed", "completed" }));

        var again = KToOneQuick("--variants", "k1,k5", "--jobs", "2");
        Assert.That(again.StdOut, Does.Contain("task 0 k1 seed 0: already completed, kept").And.Contain("0 task(s) to run"));
        var status = Gan("sweep", "status", "runs/k-to-1");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.StdErr);
        Assert.That(Lines(status.StdOut)[^1], Is.EqualTo("2 task(s): 2 done"));
    }

    [Test]
    public void A_task_stopped_by_SIGTERM_checkpoints_exits_130_and_resumes_to_the_uninterrupted_run()
    {
        string[] task = ["script", KToOne, "--", "--quick", "--subset", "2048", "--epochs", "3", "--task", "0", "--threads", "1"];
        var metrics = Path.Combine(_dir, "runs", "k-to-1", "k1", "seed-0", "metrics.csv");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in (string[])[Repo.GanDll, .. task]) info.ArgumentList.Add(a);
        using (var p = Process.Start(info)!)
        {
            var output = p.StandardOutput.ReadToEndAsync();
            // metrics.csv is flushed at each epoch's checkpoint: 32 rows (plus the header) means epoch 1 of 3 is done.
            var until = DateTime.UtcNow + Timeout;
            while (!(File.Exists(metrics) && File.ReadLines(metrics).Count() > 32) && !p.HasExited && DateTime.UtcNow < until) Thread.Sleep(100);
            Assert.That(p.HasExited, Is.False, "the task finished before it could be stopped");
            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.That(p.WaitForExit(Timeout), Is.True);
            Assert.That(p.ExitCode, Is.EqualTo(130), output.Result);
        }
        var status = Lines(Gan("sweep", "status", "runs/k-to-1").StdOut);
        Assert.That(status[1], Does.Match(@"^0\s+k1\s+0\s+interrupted\s+last checkpoint step-0+\d+$"));
        Assert.That(status[2], Does.Match(@"^1\s+k2\s+0\s+pending$"));

        var resumed = Gan(task);
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.StdErr);
        Assert.That(resumed.StdOut, Does.Contain("resuming from step-"));
        var whole = Gan([.. task, "--out", "whole"]);
        Assert.That(whole.ExitCode, Is.EqualTo(0), whole.StdErr);
        static IEnumerable<string> Losses(string path) => File.ReadLines(path).Select(l => string.Join(',', l.Split(',')[..^1]));
        Assert.That(Losses(metrics), Is.EqualTo(Losses(Path.Combine(_dir, "whole", "k-to-1", "k1", "seed-0", "metrics.csv"))));
        Assert.That(Losses(metrics).Count(), Is.EqualTo(97), "96 steps, each once");
    }
}
