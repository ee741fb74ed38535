using Gan.Core.Runs;
using Gan.Core.Sweeps;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Sweeps;

/// <summary>Each state <c>gan sweep status</c> shows, from the files a task leaves behind.</summary>
public class SweepTaskStatusTests
{
    TempDirectory _dir = null!;
    SweepFiles _files = null!;

    [SetUp]
    public void Create()
    {
        _dir = new TempDirectory();
        _files = new SweepFiles(_dir.Path);
    }

    [TearDown] public void Delete() => _dir.Dispose();

    RunDirectory Started(string name)
    {
        var run = new RunDirectory(Path.Combine(_dir.Path, name));
        Directory.CreateDirectory(run.CheckpointsDir);
        File.WriteAllText(run.ConfigPath, "{}");
        return run;
    }

    static void Finish(RunDirectory run, string status, string? reason = null) =>
        Json.WriteAtomic(run.SummaryPath, new RunSummary(status, 40, 1, 40, 40, 1.25f, 0.5f, 3, 70, DateTime.UtcNow) { Reason = reason });

    (TaskState, string) Of(int id, RunDirectory run)
    {
        var s = SweepTaskStatus.Of(_files, id, "v", 0, run.Root);
        return (s.State, s.Detail);
    }

    [Test]
    public void Pending_interrupted_and_done_follow_the_run_directory()
    {
        var run = new RunDirectory(Path.Combine(_dir.Path, "v", "seed-0"));
        Assert.That(Of(0, run), Is.EqualTo((TaskState.Pending, "")));
        run = Started("v/seed-0");
        Assert.That(Of(0, run), Is.EqualTo((TaskState.Interrupted, "no checkpoint yet")));
        Directory.CreateDirectory(Path.Combine(run.CheckpointsDir, "step-000000012"));
        Directory.CreateDirectory(Path.Combine(run.CheckpointsDir, "step-000000030"));
        Assert.That(Of(0, run), Is.EqualTo((TaskState.Interrupted, "last checkpoint step-000000030")));
        Finish(run, RunSummary.Interrupted);
        Assert.That(Of(0, run).Item1, Is.EqualTo(TaskState.Interrupted));
        Finish(run, RunSummary.Completed);
        Assert.That(Of(0, run), Is.EqualTo((TaskState.Done, "40 steps, D loss 1.25, G loss 0.5")));
    }

    [Test]
    public void A_held_task_lock_is_running_and_an_error_file_or_divergence_is_failed()
    {
        var run = Started("v/seed-0");
        using (SweepLock.TryAcquire(_files.LockPath(3)))
            Assert.That(Of(3, run), Is.EqualTo((TaskState.Running, "no checkpoint yet")));
        Directory.CreateDirectory(Path.GetDirectoryName(_files.ErrorPath(3))!);
        File.WriteAllText(_files.ErrorPath(3), "data set 'mnist' not found\n");
        Assert.That(Of(3, run), Is.EqualTo((TaskState.Failed, "data set 'mnist' not found")));
        File.Delete(_files.ErrorPath(3));
        Finish(run, RunSummary.Diverged, "training diverged at step 7");
        Assert.That(Of(3, run), Is.EqualTo((TaskState.Failed, "training diverged at step 7")));
    }
}
