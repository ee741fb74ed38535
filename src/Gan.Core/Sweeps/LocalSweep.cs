using System.Diagnostics;

namespace Gan.Core.Sweeps;

/// <summary>
/// <c>--jobs N</c>: runs the grid's unfinished tasks N at a time, each in its own gan process with the machine's cores
/// split between them, output in logs/task-ID.log. A stop signal stops launching, passes SIGTERM on to the running
/// tasks (each checkpoints and exits) and waits for them.
/// </summary>
public static class LocalSweep
{
    public static int Run(SweepGrid grid, SweepOptions options, CancellationToken cancel)
    {
        var jobs = options.Jobs ?? 1;
        var threads = options.Threads ?? Math.Max(1, Environment.ProcessorCount / jobs);
        var gan = GanCommand.Current();
        var files = grid.Files;
        Directory.CreateDirectory(files.LogsDir);
        var queue = new Queue<SweepTask>();
        foreach (var t in grid.Tasks)
        {
            var status = SweepTaskStatus.Of(files, t.Id, t.Variant, t.Seed, t.RunDir);
            if (status.State is TaskState.Done) Console.WriteLine($"[{grid.Experiment}] task {t.Id} {t.Variant} seed {t.Seed}: already completed, kept");
            else queue.Enqueue(t);
        }
        Console.WriteLine($"[{grid.Experiment}] {queue.Count} task(s) to run, {jobs} at a time with {threads} thread(s) each; logs in {files.LogsDir}");
        var running = new List<(SweepTask Task, Process Process)>();
        var failed = new List<(SweepTask Task, int Code)>();
        bool forwarded = false;
        while (queue.Count > 0 || running.Count > 0)
        {
            while (running.Count < jobs && queue.Count > 0 && !cancel.IsCancellationRequested)
            {
                var t = queue.Dequeue();
                running.Add((t, Start(options.TaskCommand(gan, t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), threads.ToString(System.Globalization.CultureInfo.InvariantCulture)), files.LogPath(t.Id))));
                Console.WriteLine($"[{grid.Experiment}] task {t.Id} {t.Variant} seed {t.Seed}: started");
            }
            if (cancel.IsCancellationRequested && !forwarded)
            {
                forwarded = true;
                foreach (var (_, p) in running) Terminate(p);
            }
            Thread.Sleep(100);
            foreach (var r in running.Where(r => r.Process.HasExited).ToList())
            {
                running.Remove(r);
                r.Process.WaitForExit();
                var code = r.Process.ExitCode;
                r.Process.Dispose();
                Console.WriteLine($"[{grid.Experiment}] task {r.Task.Id} {r.Task.Variant} seed {r.Task.Seed}: {(code == 0 ? "done" : $"exit code {code}, see {files.LogPath(r.Task.Id)}")}");
                if (code != 0) failed.Add((r.Task, code));
            }
        }
        ExperimentIndex.Write(grid.Root);
        Console.WriteLine($"[{grid.Experiment}] index: {Path.Combine(files.Root, ExperimentIndex.FileName)}");
        if (cancel.IsCancellationRequested) return ExitCodes.Interrupted;
        return failed.Count == 0 ? ExitCodes.Ok : failed[0].Code;
    }

    /// <summary>Starts a task with stdout and stderr appended to its log (a resumed task adds to the log of its first attempt).</summary>
    static Process Start(IReadOnlyList<string> command, string log)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        var p = Process.Start(info)!;
        var writer = new StreamWriter(new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        int open = 2;
        void Line(object _, DataReceivedEventArgs e)
        {
            lock (writer)
            {
                if (e.Data is not null) writer.WriteLine(e.Data);
                else if (--open == 0) writer.Dispose();
            }
        }
        p.OutputDataReceived += Line;
        p.ErrorDataReceived += Line;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>SIGTERM through kill(1): .NET's Process.Kill sends SIGKILL, which leaves no checkpoint.</summary>
    static void Terminate(Process task)
    {
        if (OperatingSystem.IsWindows() || task.HasExited) return;
        using var kill = Process.Start("kill", ["-TERM", task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
