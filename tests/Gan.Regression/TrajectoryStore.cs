using System.Globalization;
using System.Runtime.CompilerServices;

namespace Gan.Regression;

/// <summary>
/// The recorded float64 trajectories, one <c>trajectories/&lt;case&gt;.json</c> per case beside this file. A missing file
/// fails its test; <c>GAN_RECORD_TRAJECTORIES=1</c> writes what the case computed instead (README.md, "Recording").
/// A failing case leaves what it computed in <c>trajectories/__mismatch__/</c> (git ignores it) for a diff.
/// <c>GAN_REGRESSION_DEVIATIONS=FILE</c> appends each case's worst deviation to FILE, tab-separated, which is how the
/// compute-path matrix measures the rounding drift (<c>compute-matrix.sh</c>).
/// </summary>
public static class TrajectoryStore
{
    public const string RecordVariable = "GAN_RECORD_TRAJECTORIES";
    public const string DeviationLogVariable = "GAN_REGRESSION_DEVIATIONS";

    public static string Directory { get; } = Path.Combine(SourceDirectory(), "trajectories");

    static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string PathOf(string caseName) => Path.Combine(Directory, caseName + ".json");

    public static bool Recording => Environment.GetEnvironmentVariable(RecordVariable) == "1";

    public static Trajectory? Load(string caseName)
    {
        var path = PathOf(caseName);
        return File.Exists(path) ? Trajectory.FromJson(File.ReadAllText(path), path) : null;
    }

    public static void Save(Trajectory t) => Write(PathOf(t.Case), t);

    public static void SaveMismatch(Trajectory t) => Write(Path.Combine(Directory, "__mismatch__", t.Case + ".json"), t);

    static void Write(string path, Trajectory t)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, t.ToJson());
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Appends "test, case, worst deviation, where" to the deviation log, when one is asked for.</summary>
    public static void Log(string test, string caseName, TrajectoryDeviation d)
    {
        var log = Environment.GetEnvironmentVariable(DeviationLogVariable);
        if (string.IsNullOrEmpty(log)) return;
        File.AppendAllText(log, string.Create(CultureInfo.InvariantCulture, $"{test}\t{caseName}\t{d.Worst:E3}\t{d.WorstWhere ?? "-"}\n"));
    }
}
