using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runs;

public class RunLabelsTests
{
    static readonly DateTime At = new(2026, 12, 4, 18, 5, 9, DateTimeKind.Utc);

    [Test]
    public void A_run_directory_carries_a_non_default_precision_only()
    {
        Assert.That(RunLabels.DirectoryName(new TrainingConfig { Precision = Precision.Bf16Mixed }, At), Is.EqualTo("g1-d1-bce-k1-bf16-mixed-seed0-20261204-180509"));
        Assert.That(RunLabels.DirectoryName(new TrainingConfig { Precision = Precision.Fp64 }, At), Is.EqualTo("g1-d1-bce-k1-fp64-seed0-20261204-180509"));
        Assert.That(RunLabels.DirectoryName(new TrainingConfig(), At), Is.EqualTo("g1-d1-bce-k1-seed0-20261204-180509"));
        Assert.That(RunLabels.DirectoryName(new TrainingConfig { Generator = "G3", Discriminator = "D2", Objective = "wgan-gp:5", GSteps = 2, Slope = SlopeVariant.Fixed, Seed = 3 }, At),
            Is.EqualTo("g3-d2-wgan-gp-1to2-fixed-seed3-20261204-180509"));
    }

    // The folders the study's experiments and research 02/03 ran under: a rerun must land in them.
    [TestCase("G1", "D1", "bce", 1, 1, SlopeVariant.Seed, null, "g1-d1_ns_k1")]
    [TestCase("G1", "D1", "hinge", 3, 1, SlopeVariant.Seed, null, "g1-d1_hinge_k3")]
    [TestCase("G3", "D2", "bce-minimax", 1, 2, SlopeVariant.Fixed, null, "g3-d2_mm_1to2_fixed")]
    [TestCase("G2", "D2", "wgan-gp:5", 1, 1, SlopeVariant.Seed, "lr0.0002", "g2-d2_wgan-gp-5_k1_seed_lr0.0002")]
    public void A_variant_spells_its_settings(string g, string d, string objective, int k, int gSteps, SlopeVariant slope, string? extra, string expected)
    {
        var config = new TrainingConfig { Generator = g, Discriminator = d, Objective = objective, DSteps = k, GSteps = gSteps, Slope = slope };
        Assert.That(RunLabels.Variant(config, extra), Is.EqualTo(expected));
    }

    [TestCase("bce", "ns", "non-saturating", true)]
    [TestCase("bce-minimax", "mm", "minimax", true)]
    [TestCase("lsgan", "lsgan", "lsgan", false)]
    [TestCase("wgan-gp:10", "wgan-gp-10", "wgan-gp:10", false)]
    public void The_study_objectives_keep_their_recorded_names(string objective, string tag, string caseName, bool study)
    {
        Assert.Multiple(() =>
        {
            Assert.That(RunLabels.ObjectiveTag(objective), Is.EqualTo(tag));
            Assert.That(RunLabels.CaseObjective(objective), Is.EqualTo(caseName));
            Assert.That(RunLabels.IsStudyObjective(objective), Is.EqualTo(study));
        });
    }

    [Test]
    public void Only_a_generator_with_a_slope_names_it()
    {
        Assert.That(RunLabels.SlopeTag(new TrainingConfig { Generator = "G1", Slope = SlopeVariant.Fixed }), Is.Null);
        Assert.That(RunLabels.SlopeTag(new TrainingConfig { Generator = "G2", Slope = SlopeVariant.Fixed }), Is.EqualTo("fixed"));
    }
}
