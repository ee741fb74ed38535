using System.Globalization;

namespace Gan.Regression;

/// <summary>
/// How far one trajectory is from another, number by number: |a − b| / max(|b|, <see cref="Floor"/>), relative for
/// values of at least the floor and absolute (in units of the floor) below it, so a near-zero mean whose last bits are
/// pure cancellation cannot dominate. The worst number, and the first one over a tolerance, are what a failure reports.
/// </summary>
public sealed record TrajectoryDeviation(double Worst, string? WorstWhere, string? FirstOver, int? FirstOverStep, double FirstOverDeviation, string? Shape)
{
    /// <summary>Below this magnitude a deviation is measured in absolute terms: G's outputs and D's probabilities are O(0.001–1).</summary>
    public const double Floor = 1e-3;

    public static double Of(double actual, double expected)
    {
        if (actual.Equals(expected)) return 0;
        if (!double.IsFinite(actual) || !double.IsFinite(expected)) return double.PositiveInfinity;
        return Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), Floor);
    }

    /// <summary>
    /// <paramref name="actual"/> against <paramref name="expected"/>, over the first <paramref name="steps"/> iterations
    /// only when given (and then without the end-of-run statistics, which follow the last step). A different config,
    /// row count or set of names is a difference of shape, reported in <see cref="Shape"/>; the numbers both have are
    /// compared all the same, so a changed default shows how far it moved the run.
    /// </summary>
    public static TrajectoryDeviation Between(Trajectory actual, Trajectory expected, double tolerance, int? steps = null)
    {
        var shapes = new List<string>();
        if (steps is null && actual.Config.ToJsonString() != expected.Config.ToJsonString())
            shapes.Add($"config differs: expected {expected.Config.ToJsonString()}, actual {actual.Config.ToJsonString()}");
        var a = Select(actual, steps);
        var e = Select(expected, steps).ToDictionary(v => v.Where, v => v.Value);
        var missing = e.Keys.Except(a.Select(v => v.Where)).ToList();
        var extra = a.Select(v => v.Where).Where(w => !e.ContainsKey(w)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            shapes.Add($"{a.Count} numbers where {e.Count} were recorded (iterations: {actual.Steps.Count}, recorded {expected.Steps.Count})" +
                (missing.Count > 0 ? $"; missing '{missing[0]}'" : "") + (extra.Count > 0 ? $"; new '{extra[0]}'" : ""));
        double worst = 0;
        string? worstWhere = null, firstOver = null;
        int? firstOverStep = null;
        double firstOverDeviation = 0;
        foreach (var x in a)
        {
            if (!e.TryGetValue(x.Where, out var y)) continue;
            double d = Of(x.Value, y);
            if (d > worst || (double.IsNaN(d) && worstWhere is null)) { worst = d; worstWhere = x.Where; }
            if (firstOver is null && !(d <= tolerance))
            {
                firstOver = $"{x.Where}: expected {R(y)}, actual {R(x.Value)}";
                firstOverStep = x.Step;
                firstOverDeviation = d;
            }
        }
        return new TrajectoryDeviation(worst, worstWhere, firstOver, firstOverStep, firstOverDeviation, shapes.Count > 0 ? string.Join("; ", shapes) : null);
    }

    public bool Within => Shape is null && FirstOver is null;

    static List<(string Where, int? Step, double Value)> Select(Trajectory t, int? steps) =>
        (steps is null ? t.Values() : t.Values().Where(v => v.Step is int s && s <= steps)).ToList();

    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The failure message: the first number over the tolerance in one parseable line (mutations.py reads it), the worst number, then any difference of shape.</summary>
    public string Message(double tolerance) =>
        (FirstOver is null
            ? string.Create(CultureInfo.InvariantCulture, $"no number over the tolerance {tolerance:E0} (worst {Worst:E2} at {WorstWhere ?? "-"})")
            : string.Create(CultureInfo.InvariantCulture,
                $"first over tolerance: step {FirstOverStep?.ToString(CultureInfo.InvariantCulture) ?? "-"}; deviation {FirstOverDeviation:E2} = {FirstOverDeviation / tolerance:E2}× the tolerance {tolerance:E0}; {FirstOver}. Worst: {Worst:E2} at {WorstWhere}"))
        + (Shape is null ? "" : $". Trajectory shape: {Shape}");
}
