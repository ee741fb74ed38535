using Gan.Core.Runs;

namespace Gan.Core.Sweeps;

/// <summary>
/// One task's state read from disk: running while a process holds its lock; done or failed (diverged) from its
/// summary.json; failed from its error file; interrupted when a run was started and nothing finished it
/// (<see cref="Detail"/> names the checkpoint it will resume from); pending when it never started.
/// </summary>
public sealed record SweepTaskStatus(int Id, string Variant, long Seed, string RunDir, TaskState State, string Detail)
{
    public static SweepTaskStatus Of(SweepFiles files, int id, string variant, long seed, string runDir)
    {
        var (state, detail) = Read(files, id, new RunDirectory(runDir));
        return new SweepTaskStatus(id, variant, seed, runDir, state, detail);
    }

    static (TaskState, string) Read(SweepFiles files, int id, RunDirectory run)
    {
        bool started = File.Exists(run.ConfigPath);
        if (SweepLock.IsHeld(files.LockPath(id)))
            return (TaskState.Running, started ? LastCheckpoint(run) : "starting");
        var summary = started ? run.ReadSummary() : null;
        if (summary?.Status == RunSummary.Completed)
            return (TaskState.Done, $"{summary.Steps} steps, D loss {summary.FinalDLoss:G4}, G loss {summary.FinalGLoss:G4}");
        if (File.Exists(files.ErrorPath(id)))
            return (TaskState.Failed, File.ReadLines(files.ErrorPath(id)).FirstOrDefault() ?? "");
        if (summary?.Status == RunSummary.Diverged)
            return (TaskState.Failed, summary.Reason ?? "diverged");
        return started ? (TaskState.Interrupted, LastCheckpoint(run)) : (TaskState.Pending, "");
    }

    static string LastCheckpoint(RunDirectory run)
    {
        var list = new CheckpointStore(run).List();
        return list.Count > 0 ? $"last checkpoint {Path.GetFileName(list[^1])}" : "no checkpoint yet";
    }
}
