namespace Gan.Scripts.Tests;

/// <summary>Paths in the repository the tests run from (found by walking up to Research.sln).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string ScriptsDir => Path.Combine(Root, "scripts");
    public static string CompareRuns => Path.Combine(Root, "research", "compare-runs.fsx");

    /// <summary>The gan CLI built next to the tests (Gan.Cli is a project reference, so its gan.dll is copied here).</summary>
    public static string GanDll => Path.Combine(AppContext.BaseDirectory, "gan.dll");

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Research.sln"))) return d.FullName;
        }
        throw new InvalidOperationException($"no Research.sln above {AppContext.BaseDirectory}");
    }
}
