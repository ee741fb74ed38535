using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>
/// The rounding drift, measured: every initial weight of G and D is moved by one ulp of float64 (what another
/// kernel's last-bit rounding does to a weight), and the perturbed float64 trajectory must stay within a hundredth
/// of <see cref="RegressionTolerance.Float64"/> of the recorded one. This is the margin below the tolerance that
/// README.md's "Tolerance" quotes, checked on whatever machine runs the suite. The cheap cases all run; of the D2
/// pairs, the k = 1 cases with the study's slope (the others share their layers and dynamics).
/// </summary>
public class RoundingDriftTests
{
    static IEnumerable<TestCaseData> Cases() => TrainingCase.All()
        .Where(c => c.Discriminator != "D2" || (c.DSteps == 1 && c.Slope == Core.Models.SlopeVariant.Seed && !c.JointDBatch))
        .Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    /// <summary>The margin the drift must keep below the tolerance.</summary>
    public const double Margin = 100;

    [TestCaseSource(nameof(Cases))]
    public void One_ulp_on_every_initial_weight_stays_far_inside_the_tolerance(TrainingCase c)
    {
        var expected = TrajectoryStore.Load(c.Name);
        Assert.That(expected, Is.Not.Null, $"no recorded trajectory {TrajectoryStore.PathOf(c.Name)}");
        var perturbed = TrajectoryRun.Of(c, prepare: PerturbByOneUlp);
        var deviation = TrajectoryDeviation.Between(perturbed, expected!, RegressionTolerance.Float64 / Margin);
        TrajectoryStore.Log(nameof(One_ulp_on_every_initial_weight_stays_far_inside_the_tolerance), c.Name, deviation);
        Assert.That(deviation.Within, Is.True, deviation.Message(RegressionTolerance.Float64 / Margin));
    }

    /// <summary>Each weight of G and D (and of G's average, which starts as G) to the next float64 towards +∞.</summary>
    static void PerturbByOneUlp(GanTrainer trainer)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var p in trainer.G.parameters().Concat(trainer.D.parameters()).Concat(trainer.GEma?.parameters() ?? []))
        {
            Assert.That(p.dtype, Is.EqualTo(ScalarType.Float64), "the trajectories are float64");
            p.copy_(p.nextafter(full_like(p, double.PositiveInfinity)));
        }
    }
}
