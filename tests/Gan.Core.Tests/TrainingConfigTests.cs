using Gan.Core.Models;
using Gan.Core.Training;

namespace Gan.Core.Tests;

public class TrainingConfigTests
{
    [Test]
    public void Defaults_are_the_studys()
    {
        var c = new TrainingConfig();
        Assert.That((c.Generator, c.Discriminator, c.Slope, c.NoiseDim, c.GLoss, c.DSteps, c.GSteps),
            Is.EqualTo(("G1", "D1", SlopeVariant.Seed, 100, GeneratorLoss.NonSaturating, 1, 1)));
        Assert.That((c.LearningRate, c.Beta1, c.Beta2, c.BatchSize, c.Dataset, c.Seed, c.Device),
            Is.EqualTo((3e-4, 0.9, 0.999, 64, "mnist-sample", 0L, "cpu")));
    }

    [Test]
    public void Validate_canonicalises_model_names()
    {
        var c = new TrainingConfig { Generator = "g3", Discriminator = "d2" }.Validate();
        Assert.That((c.Generator, c.Discriminator), Is.EqualTo(("G3", "D2")));
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
