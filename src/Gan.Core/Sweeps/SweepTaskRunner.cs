using System.Text.Json;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Core.Sweeps;

/// <summary>
/// Runs one task in this process, under the task's lock so no two processes train the same run: a finished run is
/// kept, an interrupted one resumes from its newest checkpoint (<see cref="TrainingRun.Resume"/>), a new one starts.
/// An error is also written to the task's error file for <c>gan sweep status</c>.
/// </summary>
public static class SweepTaskRunner
{
    /// <summary>Returns the exit code: <see cref="ExitCodes.Ok"/>, <see cref="ExitCodes.Interrupted"/> or <see cref="ExitCodes.Diverged"/>.</summary>
    public static int Run(SweepGrid grid, SweepTask task, CancellationToken cancel)
    {
        var files = grid.Files;
        var label = $"[{grid.Experiment}] task {task.Id} {task.Variant} seed {task.Seed}";
        using var held = SweepLock.TryAcquire(files.LockPath(task.Id))
            ?? throw new GanException($"{label} is running in another process; gan sweep status {grid.Root} shows it");
        File.Delete(files.ErrorPath(task.Id));
        try
        {
            var code = Train(task, label, cancel);
            ExperimentIndex.Write(grid.Root);
            return code;
        }
        catch (Exception e)
        {
            File.WriteAllText(files.ErrorPath(task.Id), e.Message.ReplaceLineEndings(" ") + "\n");
            throw;
        }
    }

    static int Train(SweepTask task, string label, CancellationToken cancel)
    {
        var run = new RunDirectory(task.RunDir);
        var log = new SweepLog(label, task.Config.Epochs);
        RunSummary summary;
        if (!File.Exists(run.ConfigPath))
            summary = TrainingRun.Execute(task.Config, task.RunDir, log, cancel);
        else
        {
            RequireSameSettings(task);
            var earlier = run.ReadSummary();
            if (earlier?.Status == RunSummary.Completed)
            {
                Console.WriteLine($"{label}: already completed, kept");
                return ExitCodes.Ok;
            }
            if (earlier?.Status == RunSummary.Diverged)
            {
                Console.WriteLine($"{label}: diverged earlier, kept ({earlier.Reason}); delete {task.RunDir} to train it again");
                return ExitCodes.Diverged;
            }
            var checkpoints = new CheckpointStore(run).List();
            Console.WriteLine($"{label}: resuming from {(checkpoints.Count > 0 ? Path.GetFileName(checkpoints[^1]) : "step 0 (no checkpoint yet)")}");
            summary = TrainingRun.Resume(task.RunDir, log, cancel);
        }
        Console.WriteLine($"{label}: {summary.Status}, {summary.Steps} steps in {summary.WallSeconds:F1} s, final D loss {summary.FinalDLoss:G4}, G loss {summary.FinalGLoss:G4}");
        return summary.Status switch
        {
            RunSummary.Completed => ExitCodes.Ok,
            RunSummary.Diverged => ExitCodes.Diverged,
            _ => ExitCodes.Interrupted,
        };
    }

    /// <summary>
    /// A run directory holding another config is an error, never overwritten. The thread count is not compared: it is
    /// how a task runs (split by --jobs, set by Slurm), not what it trains, and a resumed run keeps its own.
    /// </summary>
    public static void RequireSameSettings(SweepTask task)
    {
        var run = new RunDirectory(task.RunDir);
        if (!File.Exists(run.ConfigPath)) return;
        var recorded = run.ReadRecord().Config;
        var asked = task.Config with { Threads = recorded.Threads };
        if (recorded == asked) return;
        var a = JsonSerializer.SerializeToElement(recorded, Json.Options);
        var b = JsonSerializer.SerializeToElement(asked, Json.Options);
        var differences = a.EnumerateObject()
            .Select(p => (p.Name, There: p.Value.GetRawText(), Asked: b.GetProperty(p.Name).GetRawText()))
            .Where(p => p.There != p.Asked)
            .Select(p => $"{p.Name} {p.There} there, {p.Asked} asked");
        throw new GanException($"{task.RunDir} holds a run with other settings ({string.Join(", ", differences)}); use another --out or delete it");
    }
}
