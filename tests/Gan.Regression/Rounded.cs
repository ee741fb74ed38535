using System.Globalization;

namespace Gan.Regression;

/// <summary>
/// Statistics of initial weights and data go into snapshots rounded to 6 significant digits: the values themselves
/// are exact float32 draws, and the rounding hides only the summation order of a float64 sum over millions of them.
/// </summary>
public static class Rounded
{
    public const string Format = "G6";

    public static double Of(double value) => double.Parse(Text(value), CultureInfo.InvariantCulture);

    public static string Text(double value) => value.ToString(Format, CultureInfo.InvariantCulture);
}
