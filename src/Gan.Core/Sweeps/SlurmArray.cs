using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gan.Core.Sweeps;

/// <summary>
/// <c>--slurm</c>: the grid's unfinished tasks as one sbatch job array. Each array task runs <c>gan script ... --task
/// $SLURM_ARRAY_TASK_ID</c> with one LibTorch thread per allocated CPU. <c>--requeue</c> lets Slurm put a preempted
/// task back in the queue: the task gets SIGTERM, checkpoints and exits (<see cref="StopSignal"/>), and its next
/// start resumes from that checkpoint (<see cref="SweepTaskRunner"/>).
/// </summary>
public static class SlurmArray
{
    public static int Run(SweepGrid grid, SweepOptions options, SlurmResources resources)
    {
        var files = grid.Files;
        var pending = grid.Tasks.Where(t => SweepTaskStatus.Of(files, t.Id, t.Variant, t.Seed, t.RunDir).State != TaskState.Done).Select(t => t.Id).ToList();
        if (pending.Count == 0)
        {
            Console.WriteLine($"[{grid.Experiment}] every task is completed; nothing to submit");
            return ExitCodes.Ok;
        }
        var script = Script(grid, options, resources, pending, GanCommand.Current());
        if (options.DryRun)
        {
            Console.Write(script);
            return ExitCodes.Ok;
        }
        Directory.CreateDirectory(files.LogsDir);
        Runs.AtomicFile.WriteAllText(files.SbatchPath, script);
        Console.WriteLine($"[{grid.Experiment}] {pending.Count} task(s) in {files.SbatchPath}");
        return Submit(files.SbatchPath);
    }

    public static string Script(SweepGrid grid, SweepOptions options, SlurmResources resources, IReadOnlyList<int> tasks, IReadOnlyList<string> gan)
    {
        var files = grid.Files;
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name=gan-{grid.Experiment}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={Ranges(tasks)}\n");
        sb.Append("#SBATCH --requeue\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={resources.Time}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={resources.Memory}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={resources.Cpus}\n");
        sb.Append("#SBATCH --ntasks=1\n");
        if (resources.Partition is not null) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={resources.Partition}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={Quote(Environment.CurrentDirectory)}\n");
        // Appending keeps the log of a task's first attempt when Slurm requeues it.
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Quote(Path.Combine(files.LogsDir, "task-%a.log"))}\n");
        sb.Append("#SBATCH --open-mode=append\n");
        sb.Append("export NO_COLOR=1\n");
        // exec: gan itself receives Slurm's SIGTERM, not a shell that would not pass it on before the SIGKILL.
        var command = options.TaskCommand(gan, "$SLURM_ARRAY_TASK_ID", options.Threads?.ToString(CultureInfo.InvariantCulture) ?? "$SLURM_CPUS_PER_TASK");
        sb.Append("exec ").AppendJoin(' ', command.Select(a => a.StartsWith('$') ? $"\"{a}\"" : Quote(a))).Append('\n');
        return sb.ToString();
    }

    /// <summary>sbatch's array syntax for a sorted id list: 0-3,5,7-8.</summary>
    public static string Ranges(IReadOnlyList<int> ids)
    {
        var parts = new List<string>();
        for (int i = 0; i < ids.Count;)
        {
            int j = i;
            while (j + 1 < ids.Count && ids[j + 1] == ids[j] + 1) j++;
            parts.Add(j == i ? ids[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{ids[i]}-{ids[j]}"));
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>A POSIX shell word: bare when safe, else single-quoted.</summary>
    static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+%@".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";

    static int Submit(string path)
    {
        var info = new ProcessStartInfo("sbatch") { UseShellExecute = false };
        info.ArgumentList.Add(path);
        try
        {
            using var p = Process.Start(info)!;
            p.WaitForExit();
            if (p.ExitCode != 0) throw new GanException($"sbatch {path} failed with exit code {p.ExitCode}; its message is above", ExitCodes.Unexpected);
            return ExitCodes.Ok;
        }
        catch (Win32Exception)
        {
            throw new GanException("sbatch not found; submit from a Slurm login node, or add --dry-run to print the script");
        }
    }
}
