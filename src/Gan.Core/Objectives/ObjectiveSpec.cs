using System.Globalization;

namespace Gan.Core.Objectives;

/// <summary>A name with an optional number, as options write it: <c>wgan-gp</c>, <c>wgan-gp:5</c>, <c>r1:10</c>.</summary>
public sealed record ObjectiveSpec(string Name, double? Parameter)
{
    /// <summary>Parses <c>NAME[:NUMBER]</c>; <paramref name="option"/> names the option in the one-line error.</summary>
    public static ObjectiveSpec Parse(string text, string option)
    {
        var parts = text.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0)
            throw new GanException($"{option} '{text}' is not NAME or NAME:NUMBER (for example wgan-gp:10)");
        if (parts.Length == 1) return new(parts[0].ToLowerInvariant(), null);
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !double.IsFinite(p) || p < 0)
            throw new GanException($"{option} '{text}': '{parts[1]}' is not a non-negative number");
        return new(parts[0].ToLowerInvariant(), p);
    }

    public override string ToString() =>
        Parameter is double p ? $"{Name}:{p.ToString("R", CultureInfo.InvariantCulture)}" : Name;
}
