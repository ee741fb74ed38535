using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Gan.Core.Runtime;
using TorchSharp;

namespace Gan.Core.Runs;

/// <summary>What produced a run: package versions, git commit, machine, thread count, malloc settings and compute paths.</summary>
public sealed record Provenance(
    string GanCore,
    string TorchSharp,
    string LibTorch,
    string DotNet,
    string? GitCommit,
    bool? GitDirty,
    string Os,
    string Machine,
    int ProcessorCount,
    int TorchThreads,
    bool MallocTuned,
    ComputePathRecord ComputePaths,
    string CommandLine)
{
    /// <summary>The kernel check the run started with (<see cref="Runtime.KernelCheck"/>); null in runs written before it existed.</summary>
    public KernelCheckSummary? KernelCheck { get; init; }

    public static Provenance Capture()
    {
        var (commit, dirty) = Git();
        return new Provenance(
            Version(typeof(Provenance).Assembly),
            Version(typeof(torch).Assembly),
            torch.__version__,
            RuntimeInformation.FrameworkDescription,
            commit,
            dirty,
            RuntimeInformation.OSDescription,
            Environment.MachineName,
            Environment.ProcessorCount,
            torch.get_num_threads(),
            MallocTuning.Applied,
            Runtime.ComputePaths.Capture(),
            Environment.CommandLine);
    }

    static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? a.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The commit of the working directory's repository and whether it has uncommitted changes; nulls without git.</summary>
    static (string?, bool?) Git()
    {
        var commit = RunGit("rev-parse HEAD");
        if (commit is null) return (null, null);
        var status = RunGit("status --porcelain --untracked-files=no");
        return (commit, status is null ? null : status.Length > 0);
    }

    static string? RunGit(string args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(5000) || p.ExitCode != 0) return null;
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
