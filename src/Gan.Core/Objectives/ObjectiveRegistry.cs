namespace Gan.Core.Objectives;

/// <summary>One registered objective: its name, a one-line description, and how to build it from its settings.</summary>
public sealed record ObjectiveEntry(string Name, string Summary, Func<ObjectiveSettings, IGanObjective> Create);

/// <summary>
/// The objectives <c>--objective</c> knows, by name. Adding one is a class and one <see cref="Register"/> line here; a
/// script registers its own the same way before it trains (and again before it resumes such a run).
/// </summary>
public static class ObjectiveRegistry
{
    /// <summary>The study's objective: BCE with the non-saturating G loss.</summary>
    public const string Default = "bce";

    static readonly List<ObjectiveEntry> Entries = [];
    static readonly HashSet<string> BuiltIn = [];

    static ObjectiveRegistry()
    {
        Register("bce", "the study's: BCE for D, non-saturating −log D(G(z)) for G (default)",
            s => new NonSaturatingBce(Check(s, "bce", number: false, smoothing: true).RealLabel));
        Register("bce-minimax", "BCE for D, minimax log(1 − D(G(z))) for G",
            s => new MinimaxBce(Check(s, "bce-minimax", number: false, smoothing: true).RealLabel));
        Register("lsgan", "least squares, targets 1 and 0",
            s => new LeastSquares(Check(s, "lsgan", number: false, smoothing: true).RealLabel));
        Register("hinge", "hinge loss for D, −D(G(z)) for G",
            s =>
            {
                Check(s, "hinge", number: false, smoothing: false);
                return new Hinge();
            });
        Register("wgan-gp", $"Wasserstein with gradient penalty; wgan-gp:λ (default λ = {WassersteinGp.DefaultLambda})",
            s => new WassersteinGp(Check(s, "wgan-gp", number: true, smoothing: false).Parameter ?? WassersteinGp.DefaultLambda));
        Register("rasgan", "relativistic average BCE",
            s =>
            {
                Check(s, "rasgan", number: false, smoothing: false);
                return new RelativisticAverageBce();
            });
        BuiltIn.UnionWith(Entries.Select(e => e.Name));
    }

    public static IReadOnlyList<ObjectiveEntry> All => Entries;

    public static IReadOnlyList<string> Names => Entries.Select(e => e.Name).ToList();

    /// <summary>
    /// Adds an objective. Registering a name again replaces that entry, so a script can run twice in one process; the
    /// built-in names (those registered here) cannot be replaced.
    /// </summary>
    public static void Register(string name, string summary, Func<ObjectiveSettings, IGanObjective> create)
    {
        var key = RegisteredName.Check("objective", name, BuiltIn);
        Entries.RemoveAll(e => e.Name == key);
        Entries.Add(new ObjectiveEntry(key, summary, create));
    }

    /// <summary>The spec in canonical form (lower case, number as written back), after checking the name and its number.</summary>
    public static string Canonical(string spec, double realLabel = 1)
    {
        var parsed = ObjectiveSpec.Parse(spec, "objective");
        Entry(parsed.Name).Create(new ObjectiveSettings(parsed.Parameter, realLabel));
        return parsed.ToString();
    }

    /// <summary>The registered name of a spec (<c>wgan-gp:5</c> → <c>wgan-gp</c>).</summary>
    public static string NameOf(string spec) => ObjectiveSpec.Parse(spec, "objective").Name;

    /// <summary>Builds the objective a spec names, for D's real label <paramref name="realLabel"/>.</summary>
    public static IGanObjective Create(string spec, double realLabel = 1)
    {
        var parsed = ObjectiveSpec.Parse(spec, "objective");
        return Entry(parsed.Name).Create(new ObjectiveSettings(parsed.Parameter, realLabel));
    }

    /// <summary>The objective the older <c>--g-loss</c> option names: non-saturating → bce, minimax → bce-minimax.</summary>
    public static string FromGeneratorLoss(string gLoss) =>
        GeneratorLosses.TryGetValue(gLoss, out var objective)
            ? objective
            : throw new GanException($"unknown G loss '{gLoss}'; use non-saturating or minimax (or --objective {string.Join("|", Names)})");

    static readonly Dictionary<string, string> GeneratorLosses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["non-saturating"] = "bce",
        ["nonsaturating"] = "bce",
        ["ns"] = "bce",
        ["minimax"] = "bce-minimax",
        ["mm"] = "bce-minimax",
    };

    static ObjectiveEntry Entry(string name) =>
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new GanException($"unknown objective '{name}'; use one of {string.Join(", ", Names)} (a script's own objective must be registered before it trains or resumes)");

    /// <summary>Refuses a number the objective does not take, and label smoothing for one without a real label.</summary>
    static ObjectiveSettings Check(ObjectiveSettings s, string name, bool number, bool smoothing)
    {
        if (!number && s.Parameter is not null)
            throw new GanException($"objective {name} takes no number; write --objective {name}");
        if (!smoothing && s.RealLabel != 1)
            throw new GanException($"label smoothing {s.RealLabel} needs a real label to smooth; {name} has none (use bce, bce-minimax or lsgan)");
        return s;
    }
}
