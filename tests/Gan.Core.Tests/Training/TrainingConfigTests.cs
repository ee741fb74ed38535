using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Core.Tests.Training;

public class TrainingConfigTests
{
    [Test]
    public void Defaults_are_the_studys()
    {
        var c = new TrainingConfig();
        Assert.That((c.Generator, c.Discriminator, c.Slope, c.NoiseDim, c.Objective, c.DRegulariser, c.DSteps, c.GSteps),
            Is.EqualTo(("G1", "D1", SlopeVariant.Seed, 100, "bce", (string?)null, 1, 1)));
        Assert.That((c.DLearningRate, c.GLearningRate, c.DBeta1, c.GBeta1), Is.EqualTo((3e-4, 3e-4, 0.9, 0.9)));
        Assert.That((c.LearningRate, c.Beta1, c.Beta2, c.BatchSize, c.Dataset, c.Seed, c.Device),
            Is.EqualTo((3e-4, 0.9, 0.999, 64, "mnist-sample", 0L, "cpu")));
    }

    [Test]
    public void Validate_canonicalises_model_names()
    {
        var c = new TrainingConfig { Generator = "g3", Discriminator = "d2" }.Validate();
        Assert.That((c.Generator, c.Discriminator), Is.EqualTo(("G3", "D2")));
    }

    [TestCase("non-saturating", "bce")]
    [TestCase("minimax", "bce-minimax")]
    public void A_config_json_from_before_objectives_reads_its_g_loss_as_the_objective(string gLoss, string objective)
    {
        var c = System.Text.Json.JsonSerializer.Deserialize<TrainingConfig>($$"""{"generator": "G1", "gLoss": "{{gLoss}}"}""", Json.Options)!;
        Assert.That(c.Objective, Is.EqualTo(objective));
        Assert.That(Json.Serialize(c), Does.Not.Contain("gLoss").And.Contain($"\"objective\": \"{objective}\""));
    }

    [Test]
    public void Per_network_settings_override_the_shared_ones()
    {
        var c = new TrainingConfig { LearningRate = 2e-4, Beta1 = 0.5, LearningRateD = 1e-4, Beta1G = 0.0 };
        Assert.That((c.DLearningRate, c.GLearningRate, c.DBeta1, c.GBeta1), Is.EqualTo((1e-4, 2e-4, 0.5, 0.0)));
    }

    static IEnumerable<TestCaseData> Invalid()
    {
        yield return new TestCaseData(new TrainingConfig { LearningRate = -1 }, "learning rate -1").SetName("negative lr");
        yield return new TestCaseData(new TrainingConfig { LearningRate = double.NaN }, "learning rate NaN").SetName("NaN lr");
        yield return new TestCaseData(new TrainingConfig { DSteps = 0 }, "k = 0").SetName("k = 0");
        yield return new TestCaseData(new TrainingConfig { GSteps = 0 }, "0 G steps").SetName("g-steps = 0");
        yield return new TestCaseData(new TrainingConfig { DSteps = 2, GSteps = 2 }, "ambiguous").SetName("2:2");
        yield return new TestCaseData(new TrainingConfig { Beta1 = 1 }, "beta1 1").SetName("beta1 = 1");
        yield return new TestCaseData(new TrainingConfig { BatchSize = 0 }, "batch size 0").SetName("batch 0");
        yield return new TestCaseData(new TrainingConfig { Epochs = 0 }, "epochs 0").SetName("epochs 0");
        yield return new TestCaseData(new TrainingConfig { Generator = "G4" }, "unknown generator 'G4'").SetName("unknown G");
        yield return new TestCaseData(new TrainingConfig { Device = "tpu" }, "unknown device 'tpu'").SetName("unknown device");
        yield return new TestCaseData(new TrainingConfig { TrainSubset = 0 }, "train subset 0").SetName("subset 0");
        yield return new TestCaseData(new TrainingConfig { Objective = "wasserstein" }, "unknown objective 'wasserstein'").SetName("unknown objective");
        yield return new TestCaseData(new TrainingConfig { Objective = "hinge:2" }, "objective hinge takes no number").SetName("objective number");
        yield return new TestCaseData(new TrainingConfig { Objective = "wgan-gp:x" }, "'x' is not a non-negative number").SetName("objective bad number");
        yield return new TestCaseData(new TrainingConfig { DRegulariser = "r2" }, "unknown D regulariser 'r2'").SetName("unknown d-reg");
        yield return new TestCaseData(new TrainingConfig { LearningRateD = 0 }, "D's learning rate (--lr-d) 0").SetName("lr-d 0");
        yield return new TestCaseData(new TrainingConfig { LearningRateG = -1 }, "G's learning rate (--lr-g) -1").SetName("lr-g negative");
        yield return new TestCaseData(new TrainingConfig { Beta1G = 1.5 }, "G's beta1 (--beta1-g) 1.5").SetName("beta1-g 1.5");
    }

    [TestCaseSource(nameof(Invalid))]
    public void Invalid_value_is_a_one_line_error_naming_it(TrainingConfig config, string names)
    {
        var e = Assert.Throws<GanException>(() => config.Validate())!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.Contain(names));
            Assert.That(e.Message, Does.Not.Contain('\n'));
            Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        });
    }
}
