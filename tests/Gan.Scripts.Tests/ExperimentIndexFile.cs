namespace Gan.Scripts.Tests;

/// <summary>runs/EXPERIMENT/index.csv read back as rows keyed by column name (the scripts never quote these values).</summary>
public sealed record ExperimentIndexFile(string[] Columns, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    public static ExperimentIndexFile Read(string experimentDir)
    {
        var lines = File.ReadAllLines(Path.Combine(experimentDir, "index.csv")).Where(l => l.Length > 0).ToArray();
        var columns = lines[0].Split(',');
        var rows = lines[1..].Select(l => (IReadOnlyDictionary<string, string>)columns.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        return new ExperimentIndexFile(columns, rows);
    }

    public IReadOnlyDictionary<string, string> Row(string variant, string seed = "0") =>
        Rows.Single(r => r["variant"] == variant && r["seed"] == seed);
}
