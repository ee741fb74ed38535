using System.Globalization;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>
/// The names a run's settings go by, derived once here and written to config.json, so scripts and the F# analysis
/// read them instead of deriving them again. The names of run directories, script variants and regression cases are
/// all built here from the same parts.
/// </summary>
/// <param name="Pair">g1-d1, g2-d2, ...: the generator and discriminator, lower case.</param>
/// <param name="Objective">The objective's registered name, without its number (wgan-gp, not wgan-gp:10).</param>
/// <param name="Schedule">k3 for three D steps per G step, 1to3 for three G steps per D step (names of runs and variants).</param>
/// <param name="Ratio">The same schedule as D:G steps, 3:1 or 1:3 (tables).</param>
/// <param name="HasSlope">Whether the slope variant changes the generator (G2, G3).</param>
/// <param name="Terms">The metrics.csv columns of D's extra loss terms (gp, r1), in order.</param>
public sealed record RunLabels(string Pair, string Objective, string Schedule, string Ratio, bool HasSlope, IReadOnlyList<string> Terms)
{
    public static RunLabels Of(TrainingConfig c) => new(
        PairOf(c),
        ObjectiveRegistry.NameOf(c.Objective),
        c.ScheduleLabel,
        $"{c.DSteps}:{c.GSteps}",
        ModelZoo.HasSlope(c.Generator),
        DiscriminatorRegularisers.PenaltiesOf(ObjectiveRegistry.Create(c.Objective), c.DRegulariser).Select(p => p.Column).ToList());

    static string PairOf(TrainingConfig c) => $"{c.Generator}-{c.Discriminator}".ToLowerInvariant();

    /// <summary>
    /// The study's two objectives by the names their experiments (short) and regression snapshots (long) were recorded
    /// under, so reruns land in the same folders and cases keep their snapshots.
    /// </summary>
    static readonly Dictionary<string, (string Short, string Long)> StudyObjectives = new()
    {
        ["bce"] = ("ns", "non-saturating"),
        ["bce-minimax"] = ("mm", "minimax"),
    };

    /// <summary>Whether <paramref name="objective"/> is one of the study's two (bce, bce-minimax).</summary>
    public static bool IsStudyObjective(string objective) => StudyObjectives.ContainsKey(objective);

    /// <summary>An objective spec in a variant name: ns and mm for the study's, else the spec with its number after a dash (wgan-gp-5).</summary>
    public static string ObjectiveTag(string objective) =>
        StudyObjectives.TryGetValue(objective, out var n) ? n.Short : objective.Replace(':', '-');

    /// <summary>An objective spec in a regression case's name: non-saturating and minimax for the study's, else the spec.</summary>
    public static string CaseObjective(string objective) =>
        StudyObjectives.TryGetValue(objective, out var n) ? n.Long : objective;

    /// <summary>The slope variant's name when it changes the generator (G2, G3), else null.</summary>
    public static string? SlopeTag(TrainingConfig c) => ModelZoo.HasSlope(c.Generator) ? c.Slope.Name() : null;

    /// <summary>
    /// A script variant's name: pair, objective, schedule and slope joined by '_' (g1-d1_ns_k1, g3-d2_mm_1to2_fixed), then
    /// any of <paramref name="extra"/> that are not null (a grid's own axes, such as lr0.0002).
    /// </summary>
    public static string Variant(TrainingConfig c, params string?[] extra) =>
        string.Join('_', new[] { PairOf(c), ObjectiveTag(c.Objective), c.ScheduleLabel, SlopeTag(c) }.Concat(extra).Where(s => s is not null));

    /// <summary>A default run directory's name: pair, objective, schedule, slope, precision, seed and a UTC timestamp.</summary>
    public static string DirectoryName(TrainingConfig c, DateTime utc)
    {
        var slope = SlopeTag(c) is string s ? $"-{s}" : "";
        var precision = c.Precision == Precision.Fp32 ? "" : $"-{c.Precision.Name()}";
        return $"{PairOf(c)}-{ObjectiveRegistry.NameOf(c.Objective)}-{c.ScheduleLabel}{slope}{precision}-seed{c.Seed}-{utc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"
            .ToLowerInvariant();
    }
}
