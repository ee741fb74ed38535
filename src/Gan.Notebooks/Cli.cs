namespace Gan.Notebooks;

/// <summary>The repository's <c>gan</c> CLI, built beside this helper (notebooks/install-kernel.sh builds both).</summary>
public static class Cli
{
    /// <summary>src/Gan.Cli/bin/Release/net10.0/gan of the repository this assembly was built in.</summary>
    public static string Path()
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(typeof(Cli).Assembly.Location)!); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Research.sln"))) continue;
            var gan = System.IO.Path.Combine(dir.FullName, "src", "Gan.Cli", "bin", "Release", "net10.0", "gan");
            return File.Exists(gan) ? gan : throw new Core.GanException($"{gan} is not built; run 'dotnet build src/Gan.Cli -c Release' (notebooks/install-kernel.sh does)");
        }
        throw new Core.GanException($"no Research.sln above {typeof(Cli).Assembly.Location}; load the helper from the repository's build");
    }
}
