using System.Globalization;
using System.Text;
using Gan.Core.Models;
using Gan.Core.Runs;

namespace Gan.Core.Sweeps;

/// <summary>
/// runs/EXPERIMENT/index.csv: one row per run directory found under the experiment (VARIANT/seed-N), with the
/// variant's settings, the seed, the path, the final losses and, when the run has an eval.csv, its last row's metrics.
/// Rebuilt from the directories each time, so it always lists exactly what is on disk.
/// </summary>
public static class ExperimentIndex
{
    public const string FileName = "index.csv";

    static readonly string[] Fixed =
    [
        "variant", "seed", "generator", "discriminator", "slope", "objective", "d_reg", "d_steps", "g_steps", "learning_rate",
        "learning_rate_d", "learning_rate_g", "beta1_d", "beta1_g", "batch_size", "epochs", "train_images", "status", "steps", "final_d_loss", "final_g_loss", "wall_s", "path",
    ];

    /// <summary>
    /// Rebuilds the index under <see cref="SweepLock"/>: tasks finishing at once each rebuild it, and the lock makes the
    /// last writer one that saw every summary written before it, so no finished run is left out.
    /// </summary>
    public static void Write(string experimentDir)
    {
        using var _ = SweepLock.Acquire(Path.Combine(experimentDir, SweepFiles.Dir, "index.lock"));
        var c = CultureInfo.InvariantCulture;
        var rows = new List<Dictionary<string, string>>();
        var evalColumns = new List<string>();
        foreach (var config in Directory.EnumerateFiles(experimentDir, "config.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var run = new RunDirectory(Path.GetDirectoryName(config)!);
            var record = run.ReadRecord();
            var summary = run.ReadSummary();
            var k = record.Config;
            var labels = record.Labels ?? RunLabels.Of(k);
            var rel = Path.GetRelativePath(experimentDir, run.Root);
            var row = new Dictionary<string, string>
            {
                ["variant"] = Path.GetDirectoryName(rel) is { Length: > 0 } v ? v.Replace('\\', '/') : rel,
                ["seed"] = k.Seed.ToString(c),
                ["generator"] = k.Generator,
                ["discriminator"] = k.Discriminator,
                ["slope"] = labels.HasSlope ? k.Slope.Name() : "",
                ["objective"] = k.Objective,
                ["d_reg"] = k.DRegulariser ?? "",
                ["d_steps"] = k.DSteps.ToString(c),
                ["g_steps"] = k.GSteps.ToString(c),
                ["learning_rate"] = k.LearningRate.ToString("R", c),
                ["learning_rate_d"] = k.DLearningRate.ToString("R", c),
                ["learning_rate_g"] = k.GLearningRate.ToString("R", c),
                ["beta1_d"] = k.DBeta1.ToString("R", c),
                ["beta1_g"] = k.GBeta1.ToString("R", c),
                ["batch_size"] = k.BatchSize.ToString(c),
                ["epochs"] = k.Epochs.ToString(c),
                ["train_images"] = record.Data.TrainCount.ToString(c),
                ["status"] = summary?.Status ?? "unfinished",
                ["steps"] = summary?.Steps.ToString(c) ?? "",
                ["final_d_loss"] = summary?.FinalDLoss.ToString("R", c) ?? "",
                ["final_g_loss"] = summary?.FinalGLoss.ToString("R", c) ?? "",
                ["wall_s"] = summary?.WallSeconds.ToString("F1", c) ?? "",
                ["path"] = rel.Replace('\\', '/'),
            };
            foreach (var (name, value) in LastEvalRow(Path.Combine(run.Root, "eval.csv")))
            {
                var column = "final_" + name;
                if (!evalColumns.Contains(column)) evalColumns.Add(column);
                row[column] = value;
            }
            rows.Add(row);
        }
        var columns = Fixed.Concat(evalColumns).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', columns));
        foreach (var row in rows)
            sb.AppendLine(string.Join(',', columns.Select(col => Quote(row.GetValueOrDefault(col, "")))));
        AtomicFile.WriteAllText(Path.Combine(experimentDir, FileName), sb.ToString());
    }

    /// <summary>The last row of an eval.csv (every column but epoch and step); nothing when the run was not evaluated.</summary>
    static IEnumerable<(string Name, string Value)> LastEvalRow(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2) return [];
        var header = lines[0].Split(',');
        var last = lines[^1].Split(',');
        if (last.Length != header.Length)
            throw new GanException($"{path}: last row has {last.Length} columns, the header {header.Length}; rerun the evaluation");
        return header.Zip(last).Where(p => p.First is not ("epoch" or "step")).Select(p => (p.First, p.Second)).ToList();
    }

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
