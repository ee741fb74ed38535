using System.Globalization;
using System.Net;
using System.Text;
using Gan.Core.Evaluation;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Notebooks;

/// <summary>
/// A run directory as a notebook shows it: its config and summary, its metrics, its evaluations (eval.csv) and its
/// sample grids. Returned from a cell it shows as a summary, the loss curves, the latest grid and the eval table.
/// </summary>
public sealed class RunView
{
    public RunDirectory Directory { get; }
    public RunRecord Record { get; }
    public RunSummary? Summary { get; }
    public IReadOnlyList<StepRecord> Metrics { get; }
    /// <summary>eval.csv's rows by column name; empty without evaluations.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Evaluations { get; }

    public string Name => Directory.Name;
    public TrainingConfig Config => Record.Config;

    RunView(RunDirectory directory)
    {
        Directory = directory;
        Record = directory.ReadRecord();
        Summary = directory.ReadSummary();
        Metrics = File.Exists(directory.MetricsPath) ? MetricsWriter.Read(directory.MetricsPath) : [];
        Evaluations = File.Exists(directory.EvalCsvPath) ? ReadCsv(directory.EvalCsvPath) : [];
    }

    /// <summary>The run at <paramref name="path"/>; a clear error when it is not a run directory.</summary>
    public static RunView Open(string path) => new(RunDirectory.Open(path));

    /// <summary>Every run directory (one with a config.json) under <paramref name="root"/>, a sweep or a research folder, in path order.</summary>
    public static IReadOnlyList<RunView> All(string root)
    {
        if (!System.IO.Directory.Exists(root))
            throw new Core.GanException($"'{root}' is not a directory; give a run directory or a folder of runs");
        return System.IO.Directory.EnumerateFiles(root, "config.json", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).Order(StringComparer.Ordinal)
            .Select(d => Open(d!)).ToList();
    }

    static List<IReadOnlyDictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return [];
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string>)header.Zip(l.Split(','))
            .ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    /// <summary>An eval.csv column as numbers against the evaluations' steps (rows without the column are left out).</summary>
    public (double[] Steps, double[] Values) EvalSeries(string column)
    {
        var rows = Evaluations.Where(r => r.TryGetValue(column, out var v) && v.Length > 0).ToList();
        return (rows.Select(r => Parse(r["step"])).ToArray(), rows.Select(r => Parse(r[column])).ToArray());
    }

    static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>D's and G's loss over the steps, smoothed over <paramref name="smooth"/> steps, on a log scale.</summary>
    public PngImage LossPlot(int smooth = 10) => Plots.Losses($"{Name}: losses", Metrics, smooth);

    /// <summary>The newest sample grid, or null when the run wrote none.</summary>
    public PngImage? LatestGrid()
    {
        if (!System.IO.Directory.Exists(Directory.SamplesDir)) return null;
        var last = System.IO.Directory.EnumerateFiles(Directory.SamplesDir, "epoch-*.png").Order(StringComparer.Ordinal).LastOrDefault();
        return last is null ? null : SampleImages.File(last) with { Title = $"{Name}: {Path.GetFileName(last)}" };
    }

    /// <summary>eval.csv as a table of its main metrics, one row per evaluation.</summary>
    public HtmlTable EvalTable()
    {
        string[] columns = ["epoch", "step", "frechet_distance", "classes_at_share", "classes_covered", "largest_class", "max_class_fraction", "precision", "recall", "d_score_gap"];
        var present = columns.Where(c => Evaluations.Any(r => r.ContainsKey(c))).ToList();
        return new HtmlTable($"{Name}: eval.csv", present, Evaluations.Select(r => (IReadOnlyList<string>)present
            .Select(c => r.TryGetValue(c, out var v) && v.Length > 0 && double.TryParse(v, CultureInfo.InvariantCulture, out var d) ? HtmlTable.Number(d) : r.GetValueOrDefault(c, ""))
            .ToList()).ToList());
    }

    /// <summary>The first and last <paramref name="rows"/> rows of metrics.csv.</summary>
    public MetricsTable MetricsTable(int rows = 5) => new(Name, Metrics, rows);

    /// <summary>G of the newest checkpoint (its average when the run kept one), in eval mode; the caller owns it.</summary>
    public Core.Models.Generator LoadGenerator(bool average = true)
    {
        var g = RunModels.Generator(Config, Directory.LastCheckpointDir, average);
        g.eval();
        return g;
    }

    /// <summary>Evaluates the newest checkpoint's G on <paramref name="samples"/> samples against the test split.</summary>
    public EvaluationResult Evaluate(int samples = 10_000, long seed = 0)
    {
        using var evaluator = Evaluator.ForDataset(Config.Dataset, Config.DataDir);
        using var g = LoadGenerator();
        using var images = GeneratedSamples.Draw(g, samples, seed);
        return evaluator.Evaluate(images);
    }

    /// <summary>
    /// Writes the newest checkpoint's G and D as PyTorch state_dicts by running <c>gan export</c>; returns the folder.
    /// Out of process because the kernel's script loader gives TorchSharp.PyBridge (built against an older TorchSharp)
    /// a second copy of TorchSharp, whose types then do not match; the CLI binds the two as one, as any app does.
    /// So a model registered in the notebook itself is unknown to it: export such a run from a <c>gan script</c>.
    /// </summary>
    public string ExportPyTorch()
    {
        var gan = Cli.Path();
        var psi = new System.Diagnostics.ProcessStartInfo(gan, ["export", Directory.Root, "--to", "pytorch"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new Core.GanException($"could not start {gan}");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new Core.GanException($"gan export {Directory.Root} failed (exit {p.ExitCode}): {error.Trim()}{output.Result.Trim()}");
        return Path.Combine(Directory.Root, "export", "pytorch", "last");
    }

    /// <summary>The summary row, the loss plot, the newest grid and the eval table, as one HTML block.</summary>
    public string ToHtml()
    {
        var s = new StringBuilder($"<div class=\"gan-run\"><h4>{WebUtility.HtmlEncode(Name)}</h4>");
        var c = Config;
        s.Append(new HtmlTable("", ["pair", "objective", "seed", "status", "steps", "epochs", "final D loss", "final G loss", "median ms/step"], [[
            $"{c.Generator}+{c.Discriminator}", c.Objective, c.Seed.ToString(CultureInfo.InvariantCulture), Summary?.Status ?? "running",
            Summary?.Steps.ToString(CultureInfo.InvariantCulture) ?? Metrics.Count.ToString(CultureInfo.InvariantCulture),
            Summary?.Epochs.ToString(CultureInfo.InvariantCulture) ?? "", Summary is null ? "" : HtmlTable.Number(Summary.FinalDLoss),
            Summary is null ? "" : HtmlTable.Number(Summary.FinalGLoss), Summary is null ? "" : HtmlTable.Number(Summary.MedianStepMs),
        ]]).ToHtml());
        if (Metrics.Count > 0) s.Append(LossPlot().ToHtml());
        if (LatestGrid() is { } grid) s.Append(grid.ToHtml());
        if (Evaluations.Count > 0) s.Append(EvalTable().ToHtml());
        return s.Append("</div>").ToString();
    }
}
