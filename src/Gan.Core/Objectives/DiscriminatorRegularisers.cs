namespace Gan.Core.Objectives;

/// <summary>One registered D regulariser: its name, default weight, a description, and how to build it from a weight.</summary>
public sealed record RegulariserEntry(string Name, double DefaultWeight, string Summary, Func<double, IDiscriminatorPenalty> Create);

/// <summary>The gradient penalties <c>--d-reg NAME[:WEIGHT]</c> adds to any objective's D loss, by name.</summary>
public static class DiscriminatorRegularisers
{
    static readonly List<RegulariserEntry> Entries =
    [
        new("r1", 10, "γ/2 · E‖∇ₓD(x)‖² on real data (Mescheder et al., 2018); r1:γ", gamma => new R1Penalty(gamma)),
    ];

    static readonly HashSet<string> BuiltIn = [.. Entries.Select(e => e.Name)];

    public static IReadOnlyList<RegulariserEntry> All => Entries;

    /// <summary>
    /// Adds a regulariser, which <c>--d-reg NAME[:WEIGHT]</c> then names. Registering a name again replaces that entry,
    /// so a script can run twice in one process; the built-in names cannot be replaced.
    /// </summary>
    public static void Register(RegulariserEntry entry)
    {
        var key = RegisteredName.Check("D regulariser", entry.Name, BuiltIn);
        Entries.RemoveAll(e => e.Name == key);
        Entries.Add(entry with { Name = key });
    }

    /// <summary>The spec with its weight written out (r1 → r1:10), after checking the name.</summary>
    public static string Canonical(string spec)
    {
        var parsed = ObjectiveSpec.Parse(spec, "--d-reg");
        return new ObjectiveSpec(parsed.Name, parsed.Parameter ?? Entry(parsed.Name).DefaultWeight).ToString();
    }

    public static IDiscriminatorPenalty Create(string spec)
    {
        var parsed = ObjectiveSpec.Parse(spec, "--d-reg");
        var entry = Entry(parsed.Name);
        return entry.Create(parsed.Parameter ?? entry.DefaultWeight);
    }

    /// <summary>D's extra loss terms in a run: the objective's own penalties, then the <c>--d-reg</c> regulariser's.</summary>
    public static IReadOnlyList<IDiscriminatorPenalty> PenaltiesOf(IGanObjective objective, string? dRegulariser) =>
        [.. objective.Penalties, .. dRegulariser is null ? [] : new[] { Create(dRegulariser) }];

    static RegulariserEntry Entry(string name) =>
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new GanException($"unknown D regulariser '{name}'; use {string.Join(", ", Entries.Select(e => $"{e.Name}[:weight]"))}");
}
