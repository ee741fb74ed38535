using System.Reflection;
using Gan.Cli;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Core.Tests.Cli;

/// <summary><c>gan train</c>'s options as they land in the config, without training.</summary>
public class TrainCommandTests
{
    [TestCase("non-saturating", "bce")]
    [TestCase("minimax", "bce-minimax")]
    public void The_older_g_loss_option_selects_the_study_objectives(string gLoss, string objective) =>
        Assert.That(TrainCommand.ToConfig(new TrainCommand.Settings { GLoss = gLoss }).Objective, Is.EqualTo(objective));

    [Test]
    public void Objective_regulariser_and_per_network_optimiser_options_reach_the_config()
    {
        var c = TrainCommand.ToConfig(new TrainCommand.Settings
        {
            Objective = "WGAN-GP:5",
            DReg = "r1",
            LrD = "1e-4",
            LrG = "4e-4",
            Beta1 = "0.5",
            Beta1G = "0.0",
        });
        Assert.Multiple(() =>
        {
            Assert.That(c.Objective, Is.EqualTo("wgan-gp:5"));
            Assert.That(c.DRegulariser, Is.EqualTo("r1:10"), "the default γ is written out");
            Assert.That((c.DLearningRate, c.GLearningRate, c.DBeta1, c.GBeta1), Is.EqualTo((1e-4, 4e-4, 0.5, 0.0)));
        });
    }

    [Test]
    public void Regulariser_and_average_options_reach_the_config()
    {
        var c = TrainCommand.ToConfig(new TrainCommand.Settings
        {
            SpectralNorm = "D",
            DDropout = "0.3",
            InstanceNoise = "0.1:500",
            LabelSmoothing = "0.9",
            Ema = "0.999",
            EmaStart = "100",
        });
        Assert.That((c.DSpectralNorm, c.DDropout, c.InstanceNoise, c.InstanceNoiseSteps, c.LabelSmoothing, c.Ema, c.EmaStart),
            Is.EqualTo((true, 0.3, 0.1, 500L, (double?)0.9, (double?)0.999, 100L)));
    }

    [Test]
    public void A_preset_applies_first_and_explicit_options_win()
    {
        var c = TrainCommand.ToConfig(new TrainCommand.Settings { Preset = "dcgan", G = "G3", D = "D2", Lr = "1e-4" });
        Assert.That((c.Slope, c.Beta1, c.LearningRate), Is.EqualTo((Gan.Core.Models.SlopeVariant.Fixed, 0.5, 1e-4)));
    }

    [Test]
    public void Without_the_new_options_the_config_is_the_studys() =>
        Assert.That(TrainCommand.ToConfig(new TrainCommand.Settings()), Is.EqualTo(new Gan.Core.Training.TrainingConfig().Validate()));

    /// <summary>gan train binds each option of the table once, under the table's name and value placeholder, and only
    /// its own few besides.</summary>
    [Test]
    public void The_cli_binds_exactly_the_tables_options_and_its_own()
    {
        var bound = typeof(TrainCommand.Settings).GetProperties()
            .Select(p => (Option: p.GetCustomAttribute<CommandOptionAttribute>()!, Help: p.GetCustomAttribute<TrainingHelpAttribute>()))
            .ToList();
        var table = bound.Where(b => b.Help is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(table.Select(b => b.Help!.Option), Is.EquivalentTo(TrainingOptionTable.All.Select(o => o.Name)));
            foreach (var (option, help) in table)
            {
                var o = TrainingOptionTable.Get(help!.Option);
                Assert.That(option.LongNames.Select(n => "--" + n), Does.Contain(o.Name), o.Name);
                Assert.That(option.ValueName, Is.EqualTo(o.Value), o.Name);
            }
            Assert.That(bound.Where(b => b.Help is null).Select(b => "--" + b.Option.LongNames[0]),
                Is.EquivalentTo(new[] { "--pair", "--generator", "--discriminator", "--seed", "--out", "--resume", "--plain" }));
        });
    }

    [Test]
    public void A_bad_number_is_the_tables_one_line_error() =>
        Assert.That(() => TrainCommand.ToConfig(new TrainCommand.Settings { Epochs = "ten" }),
            Throws.TypeOf<GanException>().With.Message.EqualTo("--epochs 'ten' is not an integer"));
}
