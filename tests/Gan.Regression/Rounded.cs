using System.Globalization;

namespace Gan.Regression;

/// <summary>
/// Values go into snapshots rounded to 6 significant digits (see README.md, "Precision"): float32 carries about 7.2,
/// so the rounding hides last-bit noise while any change to the math shows within a few steps.
/// </summary>
public static class Rounded
{
    public const string Format = "G6";

    public static double Of(double value) => double.Parse(Text(value), CultureInfo.InvariantCulture);

    public static string Text(double value) => value.ToString(Format, CultureInfo.InvariantCulture);
}
