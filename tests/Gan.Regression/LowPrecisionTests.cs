using Gan.Core.Models;
using Gan.Core.Runtime;

namespace Gan.Regression;

/// <summary>
/// float32 and bf16-mixed, asserted only where it is portable. Their last bits depend on the CPU's kernels and grow
/// through training, so no stored number of theirs can hold on every machine. Instead: (1) their first iterations stay
/// inside an envelope around the recorded float64 trajectory of the same case (a kernel computing the wrong function,
/// or a precision path doing other maths, leaves it at once), and (2) bit-identity is a property of one machine: two
/// runs of a case in one process give identical numbers. (Resume and the kernel check keep bit-identity too:
/// KillAndResumeTests and KernelCheckTests in Gan.Core.Tests.)
/// </summary>
public class LowPrecisionTests
{
    /// <summary>The study's three pairs with both of G2's and G3's slopes and both G losses on G1+D1, and bf16-mixed on G1+D1.</summary>
    static IEnumerable<(TrainingCase Case, Precision Precision)> Runs()
    {
        foreach (var c in TrainingCase.All().Where(c => c.Tag is null && !c.JointDBatch && c.DSteps == 1 && c.GSteps == 1
                     && (c.Discriminator == "D2" ? c.LossName == "non-saturating" : c.Generator == "G1" && c.IsStudyObjective)))
            yield return (c, Precision.Fp32);
        var g1d1 = TrainingCase.All().First(c => c.Name == "G1D1.non-saturating.k1");
        yield return (g1d1, Precision.Bf16Mixed);
    }

    static IEnumerable<TestCaseData> Cases() =>
        Runs().Select(r => new TestCaseData(r.Case, r.Precision).SetArgDisplayNames($"{r.Case.Name}.{r.Precision.Name()}"));

    [TestCaseSource(nameof(Cases))]
    public void First_iterations_stay_inside_the_envelope_around_float64(TrainingCase c, Precision precision)
    {
        var (steps, envelope) = RegressionTolerance.Envelope(precision, c.Discriminator);
        var expected = TrajectoryStore.Load(c.Name);
        Assert.That(expected, Is.Not.Null, $"no recorded trajectory {TrajectoryStore.PathOf(c.Name)}");
        var actual = TrajectoryRun.Of(c, c.ConfigIn(precision), iterations: steps);
        var deviation = TrajectoryDeviation.Between(actual, expected!, envelope, steps);
        TrajectoryStore.Log(nameof(First_iterations_stay_inside_the_envelope_around_float64), $"{c.Name}.{precision.Name()}", deviation);
        Assert.That(deviation.Within, Is.True, deviation.Message(envelope));
    }

    [TestCaseSource(nameof(Cases))]
    public void Two_runs_in_one_process_are_bit_identical(TrainingCase c, Precision precision)
    {
        var (steps, _) = RegressionTolerance.Envelope(precision, c.Discriminator);
        var first = TrajectoryRun.Of(c, c.ConfigIn(precision), iterations: steps);
        var second = TrajectoryRun.Of(c, c.ConfigIn(precision), iterations: steps);
        var pairs = first.Values().Zip(second.Values()).ToList();
        Assert.That(second.Values().Count(), Is.EqualTo(pairs.Count));
        var differing = pairs.FirstOrDefault(p => BitConverter.DoubleToInt64Bits(p.First.Value) != BitConverter.DoubleToInt64Bits(p.Second.Value));
        Assert.That(differing == default, Is.True, $"{differing.First.Where}: {differing.First.Value:R} then {differing.Second.Value:R}");
    }
}
