namespace Gan.Core.Sweeps;

/// <summary>
/// Where a sweep keeps its bookkeeping inside runs/EXPERIMENT: the task list, per-task locks (held while a task runs)
/// and error lines, the task logs, and the sbatch script. Run directories stay as <see cref="Runs.RunDirectory"/> lays them out.
/// </summary>
public sealed class SweepFiles(string experimentDir)
{
    public const string Dir = ".sweep";

    public string Root { get; } = Path.GetFullPath(experimentDir);
    public string TasksCsv => Path.Combine(Root, Dir, "tasks.csv");
    public string LogsDir => Path.Combine(Root, "logs");
    public string SbatchPath => Path.Combine(Root, "sweep.sbatch");
    public string LockPath(int task) => Path.Combine(Root, Dir, $"task-{task}.lock");
    public string ErrorPath(int task) => Path.Combine(Root, Dir, $"task-{task}.error");
    public string LogPath(int task) => Path.Combine(LogsDir, $"task-{task}.log");
}
