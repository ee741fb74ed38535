namespace Gan.Core.Data;

/// <summary>Where a named data set lives and whether it is there.</summary>
public sealed record DatasetLocation(string Name, string Directory, bool Found, string Note);

/// <summary>
/// The named data sets: <c>mnist-sample</c> (embedded in the repository), <c>mnist</c> (./data/mnist, downloadable),
/// <c>fashion-mnist</c> (Debian's dataset-fashion-mnist, or ./data/fashion-mnist), or any folder of IDX files
/// given with --data-dir.
/// </summary>
public static class DatasetCatalog
{
    public const string Sample = "mnist-sample";
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion-mnist";
    public static readonly string[] Names = [Sample, Mnist, FashionMnist];
    const string DebianFashion = "/usr/share/datasets/fashion-mnist";

    /// <summary>The repository's data folder: found by walking up from the working directory and then from the binaries.</summary>
    public static string RepoDataDir()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (Directory.Exists(Path.Combine(d.FullName, "data", Sample)))
                    return Path.Combine(d.FullName, "data");
            }
        }
        return Path.Combine(Environment.CurrentDirectory, "data");
    }

    static IEnumerable<string> Candidates(string name) => name switch
    {
        Sample => [Path.Combine(RepoDataDir(), Sample)],
        Mnist => [Path.Combine(Environment.CurrentDirectory, "data", Mnist), Path.Combine(RepoDataDir(), Mnist)],
        FashionMnist => [Path.Combine(Environment.CurrentDirectory, "data", FashionMnist), Path.Combine(RepoDataDir(), FashionMnist), DebianFashion],
        _ => [],
    };

    static bool HasIdx(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateFiles(dir, "train-images-idx3-ubyte*").Any();

    /// <summary>Resolves a data set name (and an optional explicit directory) to a folder of IDX files.</summary>
    public static DatasetLocation Resolve(string name, string? dataDir = null)
    {
        if (dataDir is not null)
        {
            if (!Directory.Exists(dataDir))
                throw new GanException($"--data-dir '{dataDir}' does not exist; point it at a folder holding train-images-idx3-ubyte[.gz] and the other three IDX files");
            return new DatasetLocation(name, Path.GetFullPath(dataDir), HasIdx(dataDir), "--data-dir");
        }
        if (!Names.Contains(name))
            throw new GanException($"unknown data set '{name}'; use one of {string.Join(", ", Names)}, or --data-dir DIR for any folder of IDX files");
        var candidates = Candidates(name).ToList();
        var found = candidates.FirstOrDefault(HasIdx);
        if (found is not null)
            return new DatasetLocation(name, found, true, "found");
        var hint = name switch
        {
            Mnist => "run 'gan data download mnist' (needs internet) or pass --data-dir",
            FashionMnist => "run 'apt-get install dataset-fashion-mnist' or 'gan data download fashion-mnist', or pass --data-dir",
            _ => "the repository's data/mnist-sample folder is missing; run from inside the repository clone",
        };
        return new DatasetLocation(name, candidates[0], false, hint);
    }

    /// <summary>Like <see cref="Resolve"/>, but a missing data set is an error that says how to get it.</summary>
    public static string RequireDirectory(string name, string? dataDir = null)
    {
        var loc = Resolve(name, dataDir);
        if (!loc.Found)
            throw new GanException(dataDir is null
                ? $"data set '{name}' not found (looked in {loc.Directory}); {loc.Note}"
                : $"--data-dir '{dataDir}' holds no train-images-idx3-ubyte[.gz]; point it at a folder of MNIST-layout IDX files");
        return loc.Directory;
    }

    public static IReadOnlyList<DatasetLocation> List() => Names.Select(n => Resolve(n)).ToList();
}
