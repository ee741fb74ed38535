using Gan.Core.Data;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Training;

/// <summary>The trainer's opt-in variants: G's moving average, instance noise, label smoothing, D's regularisers and their resume.</summary>
public class TrainerVariantsTests
{
    ImageDataset _data = null!;

    [OneTimeSetUp]
    public void LoadSample()
    {
        using var sample = SampleData.LoadTrain();
        _data = sample.Take(112);
    }

    [OneTimeTearDown] public void DisposeSample() => _data.Dispose();

    static TrainingConfig Small => new() { BatchSize = 16, Seed = 3, Threads = 1 };

    /// <summary>One D step and one G step on the first batch of the data.</summary>
    void Step(GanTrainer t)
    {
        using var scope = NewDisposeScope();
        var batch = _data.Images[..t.Config.BatchSize];
        t.DiscriminatorStep(batch);
        t.GeneratorStep(batch.shape[0], batch);
    }

    [TestCase(0L)]
    [TestCase(1L)]
    public void The_average_is_the_exponential_moving_average_of_G_from_its_start_step(long start)
    {
        const double decay = 0.9;
        using var t = new GanTrainer(Small with { Ema = decay, EmaStart = start }, _data);
        var g0 = Tensors.Snapshot(t.G);
        Assert.That(Tensors.Snapshot(t.GEma!).Zip(g0).All(p => Tensors.Same(p.First, p.Second)), Is.True, "the average starts as a copy of G");
        Step(t);
        var g1 = Tensors.Snapshot(t.G);
        Step(t);
        var g2 = Tensors.Snapshot(t.G);
        var average = Tensors.Snapshot(t.GEma!);
        for (int i = 0; i < g0.Count; i++)
        {
            using var scope = NewDisposeScope();
            var first = start == 0 ? decay * g0[i] + (1 - decay) * g1[i] : g1[i];
            var expected = decay * first + (1 - decay) * g2[i];
            Assert.That((average[i] - expected).abs().max().item<float>(), Is.LessThan(1e-6f), $"parameter {i}");
        }
        Assert.That(t.GEma!.parameters().Select(p => p.requires_grad), Has.All.False);
    }

    [Test]
    public void The_average_changes_no_training_draw_and_draws_the_samples()
    {
        List<StepRecord> Rows(TrainingConfig c, out List<Tensor> g, out Tensor sample)
        {
            using var t = new GanTrainer(c, _data);
            var rows = t.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
            g = Tensors.Snapshot(t.G);
            sample = t.Generate(t.FixedNoise[..4]);
            if (t.GEma is { } average)
            {
                using (no_grad())
                using (var expected = average.forward(t.FixedNoise[..4]))
                    Assert.That(Tensors.Same(sample, expected), Is.True, "sample grids come from the average");
            }
            return rows;
        }
        var plain = Rows(Small, out var gPlain, out var samplePlain);
        var averaged = Rows(Small with { Ema = 0.5 }, out var gAveraged, out var sampleAveraged);
        Assert.That(averaged, Is.EqualTo(plain));
        Assert.That(gAveraged.Zip(gPlain).All(p => Tensors.Same(p.First, p.Second)), Is.True, "G trains the same with the average on");
        Assert.That(Tensors.Same(samplePlain, sampleAveraged), Is.False, "the averaged samples differ from G's");
    }

    [Test]
    public void Instance_noise_changes_what_D_sees()
    {
        List<StepRecord> Epoch(TrainingConfig c)
        {
            using var t = new GanTrainer(c, _data);
            return t.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        }
        Assert.That(Epoch(Small with { InstanceNoise = 0.3 })[0].DReal, Is.Not.EqualTo(Epoch(Small)[0].DReal));
        Assert.That(Epoch(Small with { InstanceNoise = 0.3, InstanceNoiseSteps = 1 }).Skip(1), Is.Not.EqualTo(Epoch(Small).Skip(1)),
            "annealed away after one D step, but the first noisy step already changed D");
    }

    [Test]
    public void DiffAugment_changes_what_D_sees_and_repeats_with_the_seed()
    {
        List<StepRecord> Epoch(TrainingConfig c)
        {
            using var t = new GanTrainer(c, _data);
            return t.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        }
        var augmented = Epoch(Small with { Augment = "diffaug" });
        Assert.Multiple(() =>
        {
            Assert.That(augmented[0].DReal, Is.Not.EqualTo(Epoch(Small)[0].DReal), "D scored augmented reals");
            Assert.That(augmented[0].DFake, Is.Not.EqualTo(Epoch(Small)[0].DFake), "and augmented fakes");
            Assert.That(Epoch(Small with { Augment = "diffaug" }), Is.EqualTo(augmented), "the draws come from the run's seed");
            Assert.That(Epoch(Small with { Augment = "diffaug:translation" }), Is.Not.EqualTo(augmented), "the policy matters");
        });
    }

    /// <summary>
    /// ADA in the trainer: metrics' aug_p is the controller fed with each D step's r_t (replayed here from the records'
    /// r_t, one D step of 16 reals per iteration), it moves, and a run resumed from a checkpoint continues with its p.
    /// </summary>
    [Test]
    public void Ada_adapts_p_from_each_D_steps_r_t_and_resumes_with_it()
    {
        var config = (Small with { Augment = "ada:0.2:0.64" }).Validate();
        using var dir = new TempDirectory();
        var store = new CheckpointStore(RunDirectory.Create(dir.File("run")));
        using var whole = new GanTrainer(config, _data);
        var first = whole.TrainEpoch().ToList();
        store.Save(whole, 0, keep: 1);
        var second = whole.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();

        var replay = new Gan.Core.Augmentation.AdaptiveAugment(0.2, 0.64);
        var expected = new List<double>();
        foreach (var r in first.Concat(second))
        {
            replay.Observe(r.RealSign, 16);
            expected.Add(replay.Probability);
        }
        using var resumed = new GanTrainer(config, _data);
        CheckpointStore.Restore(store.Latest(config)!, resumed);
        var again = resumed.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.Concat(second).Select(r => r.AugmentP), Is.EqualTo(expected));
            Assert.That(expected.Max(), Is.GreaterThan(0), "p moved: r_t was above the target");
            Assert.That(first.Concat(second).Select(r => r.RealSign), Is.All.InRange(-1.0, 1.0));
            Assert.That(again, Is.EqualTo(second), "resumed with p and the controller's partial interval");
        });
    }

    [Test]
    public void Without_augmentation_aug_p_is_zero_and_diffaug_is_one()
    {
        List<StepRecord> Epoch(TrainingConfig c)
        {
            using var t = new GanTrainer(c, _data);
            return t.TrainEpoch().ToList();
        }
        Assert.Multiple(() =>
        {
            Assert.That(Epoch(Small).Select(r => r.AugmentP), Is.All.EqualTo(0));
            Assert.That(Epoch(Small with { Augment = "diffaug" }).Select(r => r.AugmentP), Is.All.EqualTo(1));
        });
    }

    [Test]
    public void Label_smoothing_reaches_the_objective()
    {
        using var t = new GanTrainer(Small with { LabelSmoothing = 0.9 }, _data);
        using var loss = t.Objective.DiscriminatorLoss(tensor(new[] { 2f, -1f }), tensor(new[] { 0.5f, -3f }));
        Assert.That(loss.item<float>(), Is.EqualTo(1.2814270).Within(1e-5), "see ObjectiveFormulaTests");
    }

    /// <summary>
    /// Every variant that keeps state or draws random numbers at once, resumed from a mid-run checkpoint: spectral norm's
    /// u and v, dropout (global generator), instance noise, DiffAugment's draws and WGAN-GP's ε (noise stream), R1, and G's average.
    /// The resumed epoch must equal the uninterrupted one bit for bit.
    /// </summary>
    [Test]
    public void A_resumed_run_with_every_variant_continues_bit_identically()
    {
        var config = (Small with
        {
            Objective = "wgan-gp",
            DRegulariser = "r1:1",
            DSpectralNorm = true,
            DDropout = 0.2,
            InstanceNoise = 0.1,
            InstanceNoiseSteps = 20,
            Augment = "diffaug",
            Ema = 0.9,
            LearningRateD = 1e-4,
            LearningRateG = 4e-4,
            Beta1 = 0.5,
        }).Validate();
        using var dir = new TempDirectory();
        var run = RunDirectory.Create(dir.File("run"));
        var store = new CheckpointStore(run);

        using var whole = new GanTrainer(config, _data);
        whole.TrainEpoch().ToList();
        var checkpoint = store.Save(whole, 0, keep: 1);
        Assert.That(File.Exists(Path.Combine(checkpoint, Checkpoint.AverageGeneratorFile)), Is.True);
        var expected = whole.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        Assert.That(expected[0].Terms, Has.Count.EqualTo(2), "gp and r1");

        using var resumed = new GanTrainer(config, _data);
        CheckpointStore.Restore(store.Latest(config)!, resumed);
        var actual = resumed.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected));
            foreach (var (name, a, b) in new (string, nn.Module, nn.Module)[] { ("G", resumed.G, whole.G), ("D", resumed.D, whole.D), ("G_ema", resumed.GEma!, whole.GEma!) })
            {
                var left = a.state_dict();
                var right = b.state_dict();
                Assert.That(left.Keys, Is.EqualTo(right.Keys), name);
                Assert.That(left.Keys.All(k => Tensors.Same(left[k], right[k])), Is.True, $"{name} state after the resumed epoch");
            }
        });
    }

    [Test]
    public void Parts_replace_how_the_trainer_builds_its_optimizers_and_objective()
    {
        var frozenD = TrainingParts.Registered with
        {
            DiscriminatorOptimizer = (parameters, _) => TorchSharp.torch.optim.SGD(parameters, 0.0),
            Objective = _ => new Gan.Core.Objectives.LeastSquares(0.5),
        };
        using var t = new GanTrainer(Small, _data, frozenD);
        var d0 = Tensors.Snapshot(t.D);
        var g0 = Tensors.Snapshot(t.G);
        t.TrainEpoch().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(t.OptD, Is.InstanceOf<TorchSharp.Modules.SGD>());
            Assert.That(t.Objective, Is.InstanceOf<Gan.Core.Objectives.LeastSquares>());
            Assert.That(Tensors.Snapshot(t.D).Zip(d0).All(p => Tensors.Same(p.First, p.Second)), Is.True, "D's optimizer has lr 0");
            Assert.That(Tensors.Snapshot(t.G).Zip(g0).All(p => !Tensors.Same(p.First, p.Second)), Is.True, "G still trains");
        });
    }

    [Test]
    public void The_registered_parts_are_the_default()
    {
        List<StepRecord> Epoch(TrainingParts? parts)
        {
            using var t = new GanTrainer(Small, _data, parts);
            return t.TrainEpoch().Select(r => r with { WallMs = 0 }).ToList();
        }
        Assert.That(Epoch(TrainingParts.Registered with { }), Is.EqualTo(Epoch(null)));
    }

    [Test]
    public void The_dcgan_preset_is_slope_0_2_lr_2e_4_and_beta1_0_5()
    {
        var c = TrainingPresets.Get("DCGAN").Apply(new TrainingConfig { Generator = "G3", Discriminator = "D2" });
        Assert.That((c.Slope, c.LearningRate, c.Beta1, c.Generator), Is.EqualTo((SlopeVariant.Fixed, 2e-4, 0.5, "G3")));
        Assert.That(Assert.Throws<GanException>(() => TrainingPresets.Get("wgan"))!.Message, Does.Contain("unknown preset 'wgan'"));
    }
}
