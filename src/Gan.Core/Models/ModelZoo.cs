using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>The study's three generator/discriminator pairs, by preset name.</summary>
public sealed record PairPreset(string Name, string Generator, string Discriminator, string Outcome);

/// <summary>Builds any generator and discriminator by the study's names (G1..G3, D1..D2); any combination is allowed.</summary>
public static class ModelZoo
{
    public static readonly string[] Generators = ["G1", "G2", "G3"];
    public static readonly string[] Discriminators = ["D1", "D2"];

    public static readonly PairPreset[] Pairs =
    [
        new("g1-d1", "G1", "D1", "learned digits"),
        new("g2-d2", "G2", "D2", "collapsed to noise: D loss → 0, G loss 40-100"),
        new("g3-d2", "G3", "D2", "mode collapse: only zeros"),
    ];

    /// <summary>A preset by name, or any other combination written the same way (g2-d1 is G2 with D1).</summary>
    public static PairPreset Pair(string name)
    {
        var preset = Pairs.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (preset is not null) return preset;
        var parts = name.Split('-');
        var g = parts.Length == 2 ? Generators.FirstOrDefault(x => x.Equals(parts[0], StringComparison.OrdinalIgnoreCase)) : null;
        var d = parts.Length == 2 ? Discriminators.FirstOrDefault(x => x.Equals(parts[1], StringComparison.OrdinalIgnoreCase)) : null;
        return g is not null && d is not null
            ? new PairPreset(name.ToLowerInvariant(), g, d, "not one of the study's pairs")
            : throw new GanException($"unknown pair '{name}'; use one of {string.Join(", ", Pairs.Select(p => p.Name))} or another combination such as g2-d1, or --g G1|G2|G3 --d D1|D2");
    }

    public static string CanonicalGenerator(string name) =>
        Generators.FirstOrDefault(g => g.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new GanException($"unknown generator '{name}'; use one of {string.Join(", ", Generators)}");

    public static string CanonicalDiscriminator(string name) =>
        Discriminators.FirstOrDefault(d => d.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new GanException($"unknown discriminator '{name}'; use one of {string.Join(", ", Discriminators)}");

    /// <summary>Creates a generator with PyTorch's default initialisation drawn from the global torch RNG.</summary>
    public static Generator CreateGenerator(string name, SlopeVariant slope = SlopeVariant.Seed, int noiseDim = 100) =>
        CanonicalGenerator(name) switch
        {
            "G1" => new G1(noiseDim),
            "G2" => new G2(slope, noiseDim),
            _ => new G3(slope, noiseDim),
        };

    public static Discriminator CreateDiscriminator(string name) =>
        CanonicalDiscriminator(name) switch
        {
            "D1" => new D1(),
            _ => new D2(),
        };

    /// <summary>Whether the slope variant changes this model (only G2 and G3 have the study's LeakyReLU(True)).</summary>
    public static bool HasSlope(string name) => CanonicalGenerator(name) is "G2" or "G3";

    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());
}
