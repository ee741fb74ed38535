using Gan.Core.Training;

namespace Gan.Core.Tests.Training;

/// <summary>The one declaration of the training options that <c>gan train</c>, the scripts and the docs read.</summary>
public class TrainingOptionTableTests
{
    /// <summary>A value for each option that differs from the study's default (null for a flag).</summary>
    static readonly Dictionary<string, string?> Samples = new()
    {
        ["--preset"] = "dcgan",
        ["--epochs"] = "7",
        ["--d-steps"] = "3",
        ["--g-steps"] = "2",
        ["--objective"] = "hinge",
        ["--g-loss"] = "minimax",
        ["--d-reg"] = "r1:1",
        ["--label-smoothing"] = "0.9",
        ["--spectral-norm"] = "d",
        ["--d-dropout"] = "0.3",
        ["--augment"] = "diffaug",
        ["--instance-noise"] = "0.1:500",
        ["--ema"] = "0.999",
        ["--ema-start"] = "10",
        ["--slope"] = "fixed",
        ["--lr"] = "1e-4",
        ["--lr-d"] = "2e-4",
        ["--lr-g"] = "5e-4",
        ["--beta1"] = "0.5",
        ["--beta1-d"] = "0.1",
        ["--beta1-g"] = "0.2",
        ["--beta2"] = "0.99",
        ["--batch-size"] = "32",
        ["--noise-dim"] = "64",
        ["--dataset"] = "fashion-mnist",
        ["--data-dir"] = "idx",
        ["--subset"] = "256",
        ["--joint-d-batch"] = null,
        ["--precision"] = "fp64",
        ["--threads"] = "1",
        ["--device"] = "auto",
        ["--sample-every"] = "5",
        ["--eval-every"] = "2",
        ["--eval-samples"] = "500",
        ["--checkpoint-every"] = "100",
        ["--keep-checkpoints"] = "4",
        ["--on-nan"] = "skip-step",
        ["--tensorboard"] = "off",
        ["--init-from"] = "weights",
    };

    [Test]
    public void Every_option_sets_the_config()
    {
        Assert.That(TrainingOptionTable.All.Select(o => o.Name), Is.EquivalentTo(Samples.Keys), "a sample value per option");
        var study = new TrainingConfig();
        Assert.Multiple(() =>
        {
            foreach (var o in TrainingOptionTable.All)
                Assert.That(o.Apply(study, Samples[o.Name], _ => { }), Is.Not.EqualTo(study), o.Name);
        });
    }

    [Test]
    public void Options_apply_in_the_tables_order_so_a_preset_comes_first_and_explicit_options_win()
    {
        var c = TrainingOptionTable.Apply(new TrainingConfig(), new Dictionary<string, string?> { ["--lr"] = "1e-4", ["--preset"] = "dcgan" }, _ => { });
        Assert.That((c.LearningRate, c.Beta1, c.Slope), Is.EqualTo((1e-4, 0.5, Gan.Core.Models.SlopeVariant.Fixed)));
    }

    [Test]
    public void An_older_spelling_reaches_the_same_option() =>
        Assert.That(TrainingOptionTable.Apply(new TrainingConfig(), new Dictionary<string, string?> { ["--k"] = "3" }, _ => { }).DSteps,
            Is.EqualTo(3));

    [TestCase("--epochs", "ten", "--epochs 'ten' is not an integer")]
    [TestCase("--lr", "fast", "--lr 'fast' is not a number")]
    [TestCase("--ema-start", "1.5", "--ema-start '1.5' is not an integer")]
    [TestCase("--tensorboard", "yes", "--tensorboard yes: expected on or off")]
    [TestCase("--spectral-norm", "g", "only D is spectrally normalised")]
    public void A_bad_value_is_one_line_naming_the_option(string option, string value, string expected)
    {
        var e = Assert.Throws<GanException>(() =>
            TrainingOptionTable.Apply(new TrainingConfig(), new Dictionary<string, string?> { [option] = value }, _ => { }))!;
        Assert.That(e.Message, Does.Contain(expected).And.Not.Contain('\n'));
    }

    [Test]
    public void The_objective_and_its_older_spelling_exclude_each_other() =>
        Assert.That(() => TrainingOptionTable.Apply(new TrainingConfig(),
                new Dictionary<string, string?> { ["--objective"] = "bce", ["--g-loss"] = "minimax" }, _ => { }),
            Throws.TypeOf<GanException>().With.Message.Contains("not both"));

    [Test]
    public void Names_are_unique_and_every_option_has_help()
    {
        var names = TrainingOptionTable.All.SelectMany(o => o.Names).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(TrainingOptionTable.All.Where(o => o.Help.Length < 10 || !o.Name.StartsWith("--", StringComparison.Ordinal)), Is.Empty);
    }
}
