using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>The study's three generator/discriminator pairs, by preset name.</summary>
public sealed record PairPreset(string Name, string Generator, string Discriminator, string Outcome);

/// <summary>A registered generator: its name, whether the slope variant changes it, and how to build it.</summary>
public sealed record GeneratorEntry(string Name, bool HasSlope, Func<SlopeVariant, int, Generator> Create);

/// <summary>A registered discriminator: its name and how to build it with the regularisers it is asked for.</summary>
public sealed record DiscriminatorEntry(string Name, Func<DiscriminatorOptions, Discriminator> Create);

/// <summary>
/// The models training can build, by name: the study's (G1..G3, D1..D2) and named variants (G2-BN) are registered
/// here; a script registers its own with <see cref="RegisterGenerator"/> or <see cref="RegisterDiscriminator"/> before
/// it trains (and again before it resumes such a run). Any generator can train against any discriminator.
/// </summary>
public static class ModelZoo
{
    /// <summary>The names registered here, which nothing may replace.</summary>
    static readonly HashSet<string> BuiltIn = new(["G1", "G2", "G2-BN", "G3", "D1", "D2"], StringComparer.OrdinalIgnoreCase);

    static readonly List<GeneratorEntry> GeneratorEntries =
    [
        new("G1", false, (_, noise) => new G1(noise)),
        new("G2", true, (slope, noise) => new G2(slope, noise)),
        new("G2-BN", true, (slope, noise) => new G2BN(slope, noise)),
        new("G3", true, (slope, noise) => new G3(slope, noise)),
    ];

    static readonly List<DiscriminatorEntry> DiscriminatorEntries =
    [
        new("D1", options => new D1(options)),
        new("D2", options => new D2(options)),
    ];

    public static IReadOnlyList<string> Generators => GeneratorEntries.Select(e => e.Name).ToList();
    public static IReadOnlyList<string> Discriminators => DiscriminatorEntries.Select(e => e.Name).ToList();

    public static readonly PairPreset[] Pairs =
    [
        new("g1-d1", "G1", "D1", "learned digits"),
        new("g2-d2", "G2", "D2", "collapsed to noise: D loss → 0, G loss 40-100"),
        new("g3-d2", "G3", "D2", "mode collapse: only zeros"),
    ];

    /// <summary>
    /// Adds a generator (a script's own model). Registering a name again replaces that entry, so a script can run twice
    /// in one process; a built-in name, or a discriminator's, is an error.
    /// </summary>
    public static void RegisterGenerator(string name, bool hasSlope, Func<SlopeVariant, int, Generator> create)
    {
        CheckFree(name, Find(DiscriminatorEntries, name, e => e.Name) is not null);
        GeneratorEntries.RemoveAll(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        GeneratorEntries.Add(new GeneratorEntry(name, hasSlope, create));
    }

    /// <summary>Adds a discriminator (a script's own model), with the same rules as <see cref="RegisterGenerator"/>.</summary>
    public static void RegisterDiscriminator(string name, Func<DiscriminatorOptions, Discriminator> create)
    {
        CheckFree(name, Find(GeneratorEntries, name, e => e.Name) is not null);
        DiscriminatorEntries.RemoveAll(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        DiscriminatorEntries.Add(new DiscriminatorEntry(name, create));
    }

    static void CheckFree(string name, bool takenByTheOtherKind)
    {
        if (BuiltIn.Contains(name) || takenByTheOtherKind)
            throw new GanException($"model '{name}' is registered already; choose another name");
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or '+'))
            throw new GanException($"model name '{name}' must be non-empty, without spaces, slashes or '+'");
    }

    /// <summary>A preset by name, or any other combination written the same way (g2-d1 is G2 with D1, g2-bn-d2 is G2-BN with D2).</summary>
    public static PairPreset Pair(string name)
    {
        var preset = Pairs.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (preset is not null) return preset;
        var match = (from g in GeneratorEntries
                     from d in DiscriminatorEntries
                     where $"{g.Name}-{d.Name}".Equals(name, StringComparison.OrdinalIgnoreCase)
                     select (G: g.Name, D: d.Name)).FirstOrDefault();
        return match.G is not null
            ? new PairPreset(name.ToLowerInvariant(), match.G, match.D, "not one of the study's pairs")
            : throw new GanException($"unknown pair '{name}'; use one of {string.Join(", ", Pairs.Select(p => p.Name))} or another combination such as g2-d1, or --g {string.Join("|", Generators)} --d {string.Join("|", Discriminators)}");
    }

    /// <summary>
    /// The pair that <c>--pair NAME</c> or <c>--g G --d D</c> name, the one parser of those options for every command
    /// and script; null when neither is given.
    /// </summary>
    public static PairPreset? PairOf(string? pair, string? generator, string? discriminator)
    {
        if (pair is not null)
            return generator is null && discriminator is null ? Pair(pair) : throw new GanException("give either --pair or --g/--d, not both");
        if (generator is null && discriminator is null) return null;
        if (generator is null || discriminator is null)
            throw new GanException("--g and --d go together (for example --g G3 --d D1); or use --pair");
        var (g, d) = (CanonicalGenerator(generator), CanonicalDiscriminator(discriminator));
        return Pairs.FirstOrDefault(p => p.Generator == g && p.Discriminator == d)
            ?? new PairPreset($"{g}-{d}".ToLowerInvariant(), g, d, "not one of the study's pairs");
    }

    public static string CanonicalGenerator(string name) => GeneratorEntry(name).Name;

    public static string CanonicalDiscriminator(string name) => DiscriminatorEntry(name).Name;

    /// <summary>Creates a generator with PyTorch's default initialisation drawn from the global torch RNG.</summary>
    public static Generator CreateGenerator(string name, SlopeVariant slope = SlopeVariant.Seed, int noiseDim = 100) =>
        GeneratorEntry(name).Create(slope, noiseDim);

    /// <summary>Creates a discriminator with PyTorch's default initialisation drawn from the global torch RNG.</summary>
    public static Discriminator CreateDiscriminator(string name, DiscriminatorOptions? options = null) =>
        DiscriminatorEntry(name).Create(options ?? DiscriminatorOptions.None);

    /// <summary>Whether the slope variant changes this model (G2, G2-BN and G3 have the study's LeakyReLU(True)).</summary>
    public static bool HasSlope(string name) => GeneratorEntry(name).HasSlope;

    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    static GeneratorEntry GeneratorEntry(string name) =>
        Find(GeneratorEntries, name, e => e.Name)
        ?? throw new GanException($"unknown generator '{name}'; use one of {string.Join(", ", Generators)}");

    static DiscriminatorEntry DiscriminatorEntry(string name) =>
        Find(DiscriminatorEntries, name, e => e.Name)
        ?? throw new GanException($"unknown discriminator '{name}'; use one of {string.Join(", ", Discriminators)}");

    static T? Find<T>(List<T> entries, string name, Func<T, string> nameOf) where T : class =>
        entries.FirstOrDefault(e => nameOf(e).Equals(name, StringComparison.OrdinalIgnoreCase));
}
