using System.Globalization;
using System.Text;
using Gan.Core.Data;

namespace Gan.Core.Sweeps;

/// <summary>
/// An experiment's variants × seeds as numbered tasks. A task's id is its place in the full grid (variant-major, in
/// the order the script declares variants and seeds), so choosing a few variants does not renumber the others and
/// a re-listed grid keeps its ids.
/// </summary>
public sealed class SweepGrid
{
    SweepGrid(string experiment, string root, IReadOnlyList<SweepTask> tasks)
    {
        Experiment = experiment;
        Root = root;
        Tasks = tasks;
    }

    public string Experiment { get; }
    /// <summary>runs/EXPERIMENT, as given (relative paths stay relative to the working directory).</summary>
    public string Root { get; }
    /// <summary>The selected tasks, in id order.</summary>
    public IReadOnlyList<SweepTask> Tasks { get; }
    public SweepFiles Files => new(Root);

    /// <summary>
    /// Builds the grid and validates every config and data set first, so a bad value fails in a second, not hours
    /// into a sweep. <paramref name="chosen"/> names the variants to keep (null: all).
    /// </summary>
    public static SweepGrid Build(string experiment, string script, string root, IReadOnlyList<Variant> variants, IReadOnlyList<string>? chosen, IReadOnlyList<long> seeds)
    {
        foreach (var name in chosen ?? [])
        {
            if (variants.All(v => v.Name != name))
                throw new GanException($"{script}: unknown variant '{name}'; choose from {string.Join(", ", variants.Select(v => v.Name))}");
        }
        var tasks = new List<SweepTask>();
        for (int v = 0; v < variants.Count; v++)
        {
            if (chosen is not null && !chosen.Contains(variants[v].Name)) continue;
            for (int s = 0; s < seeds.Count; s++)
            {
                var seed = seeds[s];
                var config = (variants[v].Config with { Seed = seed }).Validate();
                tasks.Add(new SweepTask(v * seeds.Count + s, variants[v].Name, seed, config, Path.Combine(root, variants[v].Name, $"seed-{seed}")));
            }
        }
        foreach (var (dataset, dir) in tasks.Select(t => (t.Config.Dataset, t.Config.DataDir)).Distinct())
            DatasetCatalog.RequireDirectory(dataset, dir);
        return new SweepGrid(experiment, root, tasks);
    }

    public SweepTask Task(int id) =>
        Tasks.FirstOrDefault(t => t.Id == id)
        ?? throw new GanException($"--task {id}: no such task in this grid; --list shows the ids ({string.Join(", ", Tasks.Select(t => t.Id))})");

    /// <summary>The --list table: task id, variant, seed, run directory.</summary>
    public string Listing()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"task",4}  {"variant",-20} {"seed",5}  run directory"));
        foreach (var t in Tasks)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{t.Id,4}  {t.Variant,-20} {t.Seed,5}  {t.RunDir}"));
        return sb.ToString().TrimEnd();
    }

    /// <summary>Records the task list in .sweep/tasks.csv, for <c>gan sweep status</c>.</summary>
    public void WriteTaskList()
    {
        var sb = new StringBuilder("task,variant,seed,path\n");
        foreach (var t in Tasks)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Id},{t.Variant},{t.Seed},{Path.GetRelativePath(Root, t.RunDir).Replace('\\', '/')}\n");
        Runs.AtomicFile.WriteAllText(Files.TasksCsv, sb.ToString());
    }
}
