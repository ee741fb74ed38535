namespace Gan.Regression;

/// <summary>
/// Trains each <see cref="TrainingCase"/> in float64 and holds every number of its <see cref="Trajectory"/> against
/// the recorded one within <see cref="RegressionTolerance.Float64"/>: far above what rounding alone moves (another
/// CPU's kernels, another thread count, a ±1-ulp change of every initial weight) and far below what any change of
/// the maths moves (README.md, "Tolerance").
/// </summary>
public class TrainingTrajectoryTests
{
    static IEnumerable<TestCaseData> Cases() =>
        TrainingCase.All().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Trajectory_is_unchanged(TrainingCase c)
    {
        var actual = TrajectoryRun.Of(c);
        var expected = TrajectoryStore.Load(c.Name);
        if (expected is null || TrajectoryStore.Recording)
        {
            if (!TrajectoryStore.Recording)
                Assert.Fail($"no recorded trajectory {TrajectoryStore.PathOf(c.Name)}; record it with {TrajectoryStore.RecordVariable}=1 (README.md, \"Recording\")");
            TrajectoryStore.Save(actual);
            return;
        }
        var deviation = TrajectoryDeviation.Between(actual, expected, RegressionTolerance.Float64);
        TrajectoryStore.Log(nameof(Trajectory_is_unchanged), c.Name, deviation);
        if (!deviation.Within) TrajectoryStore.SaveMismatch(actual);
        Assert.That(deviation.Within, Is.True, deviation.Message(RegressionTolerance.Float64));
    }
}
