using System.Globalization;

namespace Gan.Core.Training;

/// <summary>
/// The option values that are more than a number, parsed once for <c>gan train</c> and the experiment scripts, each
/// bad value a one-line <see cref="GanException"/> naming the option.
/// </summary>
public static class TrainingOptions
{
    /// <summary><c>--spectral-norm d</c>: which networks to normalise; only D's layers can be.</summary>
    public static bool ParseSpectralNorm(string nets) => nets.Equals("d", StringComparison.OrdinalIgnoreCase)
        ? true
        : throw new GanException($"--spectral-norm '{nets}': only D is spectrally normalised; write --spectral-norm d");

    /// <summary><c>--instance-noise σ0[:steps]</c>: σ, and the D steps over which it falls to 0 (0 = constant).</summary>
    public static (double Sigma, long AnnealSteps) ParseInstanceNoise(string text)
    {
        var parts = text.Split(':');
        long steps = 0;
        if (parts.Length > 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma) || !double.IsFinite(sigma) || sigma < 0
            || (parts.Length == 2 && (!long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out steps) || steps < 0)))
            throw new GanException($"--instance-noise '{text}' is not σ or σ:STEPS (for example 0.1:2000: σ 0.1 falling to 0 over 2000 D steps)");
        return (sigma, steps);
    }

    /// <summary>An integer option's value (<c>--epochs 20</c>).</summary>
    public static int ParseInt(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new GanException($"{option} '{value}' is not an integer");

    public static long ParseLong(string option, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new GanException($"{option} '{value}' is not an integer");

    /// <summary>A real option's value (<c>--lr 3e-4</c>), in the invariant culture.</summary>
    public static double ParseDouble(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new GanException($"{option} '{value}' is not a number");

    /// <summary>An on/off option's value (<c>--tensorboard on|off</c>).</summary>
    public static bool ParseOnOff(string option, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new GanException($"{option} {value}: expected on or off"),
    };
}
