using Gan.Core.Data;
using Gan.Core.Objectives;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Objectives;

/// <summary>A script's own D regulariser is one registration line, which <c>--d-reg</c> and the trainer then use.</summary>
public class DiscriminatorRegularisersTests
{
    [Test]
    public void A_registered_regulariser_trains_as_the_built_in_it_wraps()
    {
        DiscriminatorRegularisers.Register(new RegulariserEntry("r1-script", 4, "R1 again, from a test", gamma => new R1Penalty(gamma)));
        Assert.That(DiscriminatorRegularisers.Canonical("r1-script"), Is.EqualTo("r1-script:4"));
        using var sample = SampleData.LoadTrain();
        using var data = sample.Take(64);
        List<StepRecord> Epoch(string dReg)
        {
            using var t = new GanTrainer(new TrainingConfig { BatchSize = 16, Seed = 1, Threads = 1, DRegulariser = dReg }, data);
            return t.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        }
        Assert.That(Epoch("r1-script:4"), Is.EqualTo(Epoch("r1:4")));
    }

    [TestCase("r1", "registered already")]
    [TestCase("r1:2", "without spaces or ':'")]
    [TestCase("", "must be non-empty")]
    public void A_clashing_or_malformed_name_is_refused(string name, string message)
    {
        var e = Assert.Throws<GanException>(() => DiscriminatorRegularisers.Register(new RegulariserEntry(name, 1, "", g => new R1Penalty(g))))!;
        Assert.That(e.Message, Does.Contain(message));
    }
}
