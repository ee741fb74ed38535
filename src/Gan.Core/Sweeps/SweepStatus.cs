using System.Globalization;
using System.Text;

namespace Gan.Core.Sweeps;

/// <summary><c>gan sweep status runs/EXPERIMENT</c>: every task of the grid's task list with its <see cref="SweepTaskStatus"/>.</summary>
public static class SweepStatus
{
    public static IReadOnlyList<SweepTaskStatus> Read(string experimentDir)
    {
        var files = new SweepFiles(experimentDir);
        if (!File.Exists(files.TasksCsv))
            throw new GanException($"'{experimentDir}' has no sweep task list ({Path.Combine(SweepFiles.Dir, "tasks.csv")}); give runs/EXPERIMENT of a script run with this version, or run the script once");
        return File.ReadLines(files.TasksCsv).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            if (f.Length != 4 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var id) || !long.TryParse(f[2], CultureInfo.InvariantCulture, out var seed))
                throw new GanException($"{files.TasksCsv}: malformed line '{line}'; rerun the script with --list to rewrite it");
            return SweepTaskStatus.Of(files, id, f[1], seed, Path.Combine(files.Root, f[3]));
        }).ToList();
    }

    public static string Format(IReadOnlyList<SweepTaskStatus> tasks)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"task",4}  {"variant",-20} {"seed",5}  {"state",-11}  detail"));
        foreach (var t in tasks)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{t.Id,4}  {t.Variant,-20} {t.Seed,5}  {t.State.ToString().ToLowerInvariant(),-11}  {t.Detail}"));
        var counts = tasks.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        sb.Append(CultureInfo.InvariantCulture, $"{tasks.Count} task(s): {string.Join(", ", counts)}");
        return sb.ToString();
    }
}
