namespace Gan.Core.Sweeps;

/// <summary>
/// Runs a script's grid the way <see cref="SweepOptions"/> asks: --list prints the tasks, --task ID runs one,
/// --jobs N runs them in N local processes (<see cref="LocalSweep"/>), --slurm submits a job array
/// (<see cref="SlurmArray"/>), and by default every task runs here in turn. Finished tasks are kept and interrupted
/// ones resume, so any of these can be repeated after a stop. Returns the exit code (130 when interrupted).
/// </summary>
public static class Sweep
{
    public static int Run(SweepGrid grid, SweepOptions options)
    {
        var modes = new[] { options.List, options.Task is not null, options.Jobs is not null, options.Slurm is not null }.Count(m => m);
        if (modes > 1) throw new GanException("give at most one of --list, --task, --jobs and --slurm");
        if (options.DryRun && options.Slurm is null) throw new GanException("--dry-run goes with --slurm (it prints the sbatch script instead of submitting it)");
        if (options.Jobs is < 1) throw new GanException($"--jobs {options.Jobs}: give at least 1 task at a time");
        if (options.List)
        {
            Console.WriteLine(grid.Listing());
            return ExitCodes.Ok;
        }
        if (options.Task is int id)
        {
            var task = grid.Task(id);
            grid.WriteTaskList();
            using var taskStop = new StopSignal();
            return SweepTaskRunner.Run(grid, task, taskStop.Token);
        }
        // Every existing run is checked before the first task starts, so a changed setting fails in a second, not hours in.
        foreach (var t in grid.Tasks) SweepTaskRunner.RequireSameSettings(t);
        if (options.Slurm is { } resources)
        {
            if (!options.DryRun) grid.WriteTaskList();
            return SlurmArray.Run(grid, options, resources);
        }
        grid.WriteTaskList();
        using var stop = new StopSignal();
        if (options.Jobs is not null) return LocalSweep.Run(grid, options, stop.Token);

        Console.WriteLine($"[{grid.Experiment}] {grid.Tasks.Count} run(s) into {grid.Files.Root}");
        int code = ExitCodes.Ok;
        foreach (var t in grid.Tasks)
        {
            var result = SweepTaskRunner.Run(grid, t, stop.Token);
            if (result == ExitCodes.Interrupted) return result;
            if (result != ExitCodes.Ok) code = result;
        }
        ExperimentIndex.Write(grid.Root);
        Console.WriteLine($"[{grid.Experiment}] index: {Path.Combine(grid.Files.Root, ExperimentIndex.FileName)}");
        return code;
    }
}
