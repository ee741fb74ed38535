using System.Reflection;

namespace Gan.Core.Sweeps;

/// <summary>
/// How to start the gan CLI that runs this process again, for tasks in child processes and sbatch scripts: the
/// apphost itself, or <c>dotnet gan.dll</c> when gan.dll was started through dotnet.
/// </summary>
public static class GanCommand
{
    public static IReadOnlyList<string> Current()
    {
        var entry = Assembly.GetEntryAssembly();
        var process = Environment.ProcessPath;
        if (entry?.GetName().Name != "gan" || process is null)
            throw new GanException("--jobs and --slurm start tasks with the gan CLI; run the script with `gan script SCRIPT -- ARGS`");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entry.Location] : [process];
    }
}
