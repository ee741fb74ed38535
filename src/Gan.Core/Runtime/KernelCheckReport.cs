using System.Globalization;

namespace Gan.Core.Runtime;

/// <summary>
/// The result of a kernel check: every compared row, the machine it ran on and how long it took. It passes when every
/// row the models use is within its bound; informational rows are shown, never counted.
/// </summary>
public sealed record KernelCheckReport(string Precision, MachineInfo Machine, IReadOnlyList<KernelCheckRow> Rows, double Seconds)
{
    public IEnumerable<KernelCheckRow> Used => Rows.Where(r => !r.Informational);

    public bool Passed => Used.All(r => r.Passed);

    /// <summary>The used row furthest beyond (or closest to) its bound; NaN counts as worst.</summary>
    public KernelCheckRow? Worst => Used.MaxBy(r => double.IsNaN(r.Normalised) ? double.PositiveInfinity : r.Normalised);

    public KernelCheckSummary Summary()
    {
        var worst = Worst;
        return new KernelCheckSummary(
            Passed ? KernelCheckSummary.Pass : KernelCheckSummary.Fail,
            Precision,
            Used.Count(),
            worst?.Normalised ?? 0,
            worst?.Describe(),
            Seconds);
    }

    /// <summary>Stops a run on a kernel that computes the wrong function here: one line naming it, its error and the way to the full table.</summary>
    public void ThrowIfFailed()
    {
        if (Passed) return;
        var w = Worst!;
        throw new GanException(
            $"kernel check failed: {w.Describe()} error {w.Error.ToString("G3", CultureInfo.InvariantCulture)} " +
            $"({Times(w.Normalised)} the {Precision} bound) on this CPU; run `gan doctor` for the table",
            ExitCodes.KernelCheckFailed);
    }

    /// <summary>A multiple of the bound for people: "12×", "3,400×", "∞×".</summary>
    public static string Times(double normalised) =>
        double.IsPositiveInfinity(normalised) ? "∞×"
        : double.IsNaN(normalised) ? "NaN×"
        : normalised >= 100 ? normalised.ToString("N0", CultureInfo.InvariantCulture) + "×"
        : normalised.ToString("G2", CultureInfo.InvariantCulture) + "×";
}
