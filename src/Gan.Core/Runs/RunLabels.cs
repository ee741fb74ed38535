using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>
/// The names a run's settings go by, derived once here and written to config.json, so scripts and the F# analysis
/// read them instead of deriving them again.
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
        $"{c.Generator}-{c.Discriminator}".ToLowerInvariant(),
        ObjectiveRegistry.NameOf(c.Objective),
        c.ScheduleLabel,
        $"{c.DSteps}:{c.GSteps}",
        ModelZoo.HasSlope(c.Generator),
        DiscriminatorRegularisers.PenaltiesOf(ObjectiveRegistry.Create(c.Objective), c.DRegulariser).Select(p => p.Column).ToList());
}
