namespace Gan.Core.Models;

/// <summary>
/// The negative slope of the LeakyReLUs the study wrote as <c>nn.LeakyReLU(True)</c> in G2 and G3.
/// PyTorch reads that positional <c>True</c> as negative_slope = 1.0, which makes the activation the identity.
/// </summary>
public enum SlopeVariant
{
    /// <summary>Slope 1.0: faithful to the study as it ran (the activation is the identity). Default for reproductions.</summary>
    Seed,
    /// <summary>Slope 0.2: what the study presumably meant, the usual GAN LeakyReLU.</summary>
    Fixed,
}

public static class SlopeVariantExtensions
{
    public static double NegativeSlope(this SlopeVariant v) => v switch
    {
        SlopeVariant.Seed => 1.0,
        SlopeVariant.Fixed => 0.2,
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, null),
    };

    public static string Name(this SlopeVariant v) => v.ToString().ToLowerInvariant();

    public static SlopeVariant Parse(string s) => s.ToLowerInvariant() switch
    {
        "seed" => SlopeVariant.Seed,
        "fixed" => SlopeVariant.Fixed,
        _ => throw new GanException($"unknown slope variant '{s}'; use 'seed' (slope 1.0, as the study ran) or 'fixed' (slope 0.2)"),
    };
}
