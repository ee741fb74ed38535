using System.Globalization;
using System.Text.Json.Serialization;

namespace Gan.Core.Runtime;

/// <summary>
/// The result of a kernel check: every compared row, the machine it ran on and how long it took. It passes when every
/// row the models use is within its bound; informational rows are shown, never counted.
/// </summary>
public sealed record KernelCheckReport(string Precision, MachineInfo Machine, IReadOnlyList<KernelCheckRow> Rows, double Seconds)
{
    [JsonIgnore]
    public IEnumerable<KernelCheckRow> Used => Rows.Where(r => !r.Informational);

    /// <summary>True when this is a kept verdict for the same key (<see cref="KernelCheckCache"/>), not a check just run.</summary>
    [JsonIgnore]
    public bool Cached { get; init; }

    public bool Passed => Used.All(r => r.Passed);

    /// <summary>The used row furthest beyond (or closest to) its bound; NaN counts as worst.</summary>
    [JsonIgnore]
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
            Seconds)
        {
            Cached = Cached,
        };
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

    /// <summary>A multiple of the bound for people: "3.2E-05×", "0.999×" (rounded down below 1, so a pass never reads 1×), "12.5×", "3,400×", "∞×".</summary>
    public static string Times(double normalised) =>
        (double.IsPositiveInfinity(normalised) ? "∞"
        : double.IsNaN(normalised) ? "NaN"
        : normalised < 0.001 ? normalised.ToString("G2", CultureInfo.InvariantCulture)
        : normalised < 1 ? (Math.Floor(normalised * 1000) / 1000).ToString("0.###", CultureInfo.InvariantCulture)
        : normalised < 100 ? normalised.ToString("G3", CultureInfo.InvariantCulture)
        : normalised.ToString("N0", CultureInfo.InvariantCulture)) + "×";
}
