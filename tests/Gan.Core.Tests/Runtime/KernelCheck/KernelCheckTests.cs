using Gan.Core.Benchmarking;
using Gan.Core.Data;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Runtime;

public class KernelCheckTests
{
    /// <summary>A two-layer model whose second leaf is <paramref name="layer"/>, as the check walks real models.</summary>
    static KernelCheckTarget Target(Func<nn.Module<Tensor, Tensor>> layer) =>
        new("M", () => nn.Sequential(nn.Linear(40, 48), layer()), [40], true, [1, 64, 128], true);

    static KernelCheckReport Check(Func<nn.Module<Tensor, Tensor>> layer, LeafCheckers? checkers = null) =>
        KernelCheck.Run(new KernelCheckPlan([Target(layer)], []), threads: 1, checkers: checkers);

    static void Print(KernelCheckReport report)
    {
        foreach (var r in report.Rows)
            TestContext.Out.WriteLine($"{r.Describe(),-60} [{string.Join(",", r.Modules)}] error {r.Error:G3}, {r.Normalised:G3}× bound");
    }

    [TestCase("g1-d1")]
    [TestCase("g2-d2")]
    [TestCase("g3-d2")]
    [TestCase("g2-bn-d1")]
    public void Every_kernel_of_a_pair_and_the_classifier_is_within_its_float32_bound_at_batch_1_64_and_128(string pair)
    {
        var p = ModelZoo.Pair(pair);
        var report = KernelCheck.Run(KernelCheckPlan.ForDoctor([p.Generator], [p.Discriminator], 64, jointDBatch: true), threads: 1);
        Print(report);

        var checkedModules = report.Used.SelectMany(r => r.Modules).ToHashSet();
        using var g = ModelZoo.CreateGenerator(p.Generator);
        using var d = ModelZoo.CreateDiscriminator(p.Discriminator);
        var leaves = new (string, nn.Module)[] { (p.Generator, g), (p.Discriminator, d) }
            .SelectMany(m => m.Item2.named_modules().Where(l => !l.module.children().Any()).Select(l => $"{m.Item1}.{l.name}"));
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, report.Worst?.Describe());
            Assert.That(report.Used.Where(r => !r.Passed).Select(r => r.Describe()), Is.Empty);
            Assert.That(report.Used.Select(r => r.InputShape[0]).Distinct(), Is.EquivalentTo(new long[] { 1, 64, 128 }));
            Assert.That(leaves, Is.SubsetOf(checkedModules), "every leaf of G and D is checked");
            Assert.That(checkedModules, Does.Contain("LeNet5.features.conv2").And.Contain(BinaryCrossEntropyCheck.Module));
            Assert.That(report.Used.Select(r => r.Direction).Distinct(),
                Is.EquivalentTo(new[] { CheckDirection.Forward, CheckDirection.GradInput, CheckDirection.Grad("weight"), CheckDirection.Grad("bias") }));
        });
    }

    /// <summary>A linear layer whose float32 forward drops the last input feature: the wrong function, in float32 only.</summary>
    sealed class DroppingLinear : nn.Module<Tensor, Tensor>
    {
        readonly Parameter weight;
        readonly Parameter bias;

        public DroppingLinear(long inFeatures, long outFeatures) : base(nameof(DroppingLinear))
        {
            weight = new Parameter(randn(outFeatures, inFeatures) / Math.Sqrt(inFeatures));
            bias = new Parameter(randn(outFeatures) / 10);
            RegisterComponents();
        }

        public Tensor Weight => weight;
        public Tensor Bias => bias;

        public override Tensor forward(Tensor x) =>
            x.dtype == ScalarType.Float32
                ? nn.functional.linear(x.narrow(1, 0, x.shape[1] - 1), weight.narrow(1, 0, weight.shape[1] - 1), bias)
                : nn.functional.linear(x, weight, bias);
    }

    /// <summary>A correct linear layer that sums its products in another order: second half of the inputs first, then the first.</summary>
    sealed class ReorderedLinear : nn.Module<Tensor, Tensor>
    {
        readonly Parameter weight;
        readonly Parameter bias;

        public ReorderedLinear(long inFeatures, long outFeatures) : base(nameof(ReorderedLinear))
        {
            weight = new Parameter(randn(outFeatures, inFeatures) / Math.Sqrt(inFeatures));
            bias = new Parameter(randn(outFeatures) / 10);
            RegisterComponents();
        }

        public Tensor Weight => weight;
        public Tensor Bias => bias;

        public override Tensor forward(Tensor x)
        {
            long half = x.shape[1] / 2, rest = x.shape[1] - half;
            var second = nn.functional.linear(x.narrow(1, half, rest).flip(1), weight.narrow(1, half, rest).flip(1));
            return second + nn.functional.linear(x.narrow(1, 0, half), weight.narrow(1, 0, half)) + bias;
        }
    }

    /// <summary>The Linear checker's bounds applied to the test layers above (their reference is the true linear map).</summary>
    sealed class TestLinearChecker<TModule>(Func<TModule, Tensor> weight, Func<TModule, Tensor> bias) : BilinearLayerChecker<TModule> where TModule : nn.Module
    {
        protected override int WeightOutputAxis => 0;
        protected override Tensor Weight(TModule m) => weight(m);
        protected override Tensor? Bias(TModule m) => bias(m);
        protected override Tensor Apply(TModule m, Tensor x, Tensor w, Tensor? b) => nn.functional.linear(x, w, b);
        protected override (Tensor A, Tensor B) WeightGradientOperands(TModule m, Tensor x, Tensor g) => (g.unsqueeze(2), x.unsqueeze(2));
        public override string? Settings(nn.Module module) => "";
    }

    [Test]
    public void The_generic_checker_flags_an_unknown_module_whose_float32_forward_drops_a_term()
    {
        var report = Check(() => new DroppingLinear(48, 32));
        Print(report);

        var rows = report.Rows.Where(r => r.Op == nameof(DroppingLinear)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(report.Worst!.Op, Is.EqualTo(nameof(DroppingLinear)));
            Assert.That(rows.Where(r => r.Direction == CheckDirection.Forward).Select(r => r.Normalised), Has.All.GreaterThan(10));
            Assert.That(rows.Single(r => r.Direction == CheckDirection.GradInput && r.InputShape[0] == 64).Normalised, Is.GreaterThan(10));
            Assert.That(rows.Single(r => r.Direction == CheckDirection.Grad("weight") && r.InputShape[0] == 64).Normalised, Is.GreaterThan(10));
            Assert.That(report.Rows.Where(r => r.Op != nameof(DroppingLinear)).Select(r => r.Passed), Has.All.True, "the healthy Linear before it passes");
            Assert.Throws<GanException>(report.ThrowIfFailed);
        });
    }

    [Test]
    public void The_linear_bounds_flag_a_float32_forward_that_drops_a_term()
    {
        var checkers = new LeafCheckers().Register<DroppingLinear>(new TestLinearChecker<DroppingLinear>(m => m.Weight, m => m.Bias));
        var report = Check(() => new DroppingLinear(48, 32), checkers);
        Print(report);

        var rows = report.Rows.Where(r => r.Op == nameof(DroppingLinear) && r.InputShape[0] == 64).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(rows.Single(r => r.Direction == CheckDirection.Forward).Normalised, Is.GreaterThan(1000));
            Assert.That(rows.Single(r => r.Direction == CheckDirection.GradInput).Normalised, Is.GreaterThan(1000));
            Assert.That(rows.Single(r => r.Direction == CheckDirection.Grad("weight")).Normalised, Is.GreaterThan(1000));
            Assert.That(rows.Single(r => r.Direction == CheckDirection.Grad("bias")).Passed, Is.True, "the bias gradient does not depend on the dropped term");
        });
    }

    [Test]
    public void A_correct_computation_summed_in_another_order_passes_both_the_generic_and_the_linear_bounds()
    {
        var generic = Check(() => new ReorderedLinear(48, 32));
        var linear = Check(() => new ReorderedLinear(48, 32),
            new LeafCheckers().Register<ReorderedLinear>(new TestLinearChecker<ReorderedLinear>(m => m.Weight, m => m.Bias)));
        Print(generic);
        Print(linear);

        Assert.Multiple(() =>
        {
            Assert.That(generic.Passed, Is.True, generic.Worst?.Describe());
            Assert.That(linear.Passed, Is.True, linear.Worst?.Describe());
            Assert.That(linear.Rows.Where(r => r.Op == nameof(ReorderedLinear)).Select(r => r.Normalised), Has.Some.GreaterThan(0),
                "float32 and float64 differ, within the bound");
        });
    }

    /// <summary>
    /// A stride-1 transposed convolution computed as conv2d with the flipped, in/out-swapped kernel over the input padded
    /// by k − 1 (how G3 avoids LibTorch's native one). <paramref name="bfloat16Inputs"/> rounds its float32 inputs to
    /// bfloat16 first, as oneDNN's reduced-precision math mode would: the right function, computed too coarsely.
    /// </summary>
    sealed class TransposedByConv2d : nn.Module<Tensor, Tensor>
    {
        readonly Parameter weight;
        readonly Parameter bias;
        readonly bool _bfloat16Inputs;

        public TransposedByConv2d(long inChannels, long outChannels, long kernel, bool bfloat16Inputs = false) : base(nameof(TransposedByConv2d))
        {
            weight = new Parameter((rand(inChannels, outChannels, kernel, kernel) * 2 - 1) / Math.Sqrt(outChannels * kernel * kernel));
            bias = new Parameter((rand(outChannels) * 2 - 1) / Math.Sqrt(outChannels * kernel * kernel));
            _bfloat16Inputs = bfloat16Inputs;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var (input, kernel) = _bfloat16Inputs && x.dtype == ScalarType.Float32
                ? (x.to(ScalarType.BFloat16).to(ScalarType.Float32), weight.to(ScalarType.BFloat16).to(ScalarType.Float32))
                : (x, (Tensor)weight);
            long pad = weight.shape[2] - 1;
            return nn.functional.conv2d(input, kernel.flip(2, 3).transpose(0, 1), bias, padding: [pad, pad]);
        }
    }

    static KernelCheckTarget G3TransposedConvolutions(bool bfloat16Inputs) =>
        new("G3-like", () => nn.Sequential(
                new TransposedByConv2d(1, 4, 3, bfloat16Inputs), new TransposedByConv2d(4, 8, 3, bfloat16Inputs),
                new TransposedByConv2d(8, 4, 3, bfloat16Inputs), new TransposedByConv2d(4, 1, 1, bfloat16Inputs)),
            [1, 22, 22], true, [1, 64, 128], true);

    [Test]
    public void The_generic_checker_passes_a_transposed_convolution_computed_by_conv2d_at_G3s_shapes()
    {
        var report = KernelCheck.Run(new KernelCheckPlan([G3TransposedConvolutions(bfloat16Inputs: false)], []), threads: 1);
        Print(report);

        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, report.Worst?.Describe());
            Assert.That(report.Rows.Select(r => r.Direction).Distinct(),
                Is.EquivalentTo(new[] { CheckDirection.Forward, CheckDirection.GradInput, CheckDirection.Grad("weight"), CheckDirection.Grad("bias") }));
            Assert.That(report.Rows, Has.Count.EqualTo(4 * 3 * 4), "four layers, three batch sizes, four directions; no two layers alike");
        });
    }

    [Test]
    public void The_generic_checker_flags_a_transposed_convolution_whose_float32_path_rounds_to_bfloat16()
    {
        var report = KernelCheck.Run(new KernelCheckPlan([G3TransposedConvolutions(bfloat16Inputs: true)], []), threads: 1);
        Print(report);

        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(report.Rows.Where(r => r.Direction == CheckDirection.Forward).Select(r => r.Normalised), Has.All.GreaterThan(1));
        });
    }

    [Test]
    public void Identical_layers_are_checked_once_and_name_every_module_that_uses_them()
    {
        var report = KernelCheck.Run(KernelCheckPlan.ForDoctor(["G1"], ["D1"], 8, jointDBatch: false), threads: 1);

        var relu = report.Rows.Where(r => r.Op == "ReLU" && r.InputShape.SequenceEqual(new long[] { 8, 256 }) && r.Direction == CheckDirection.Forward).ToList();
        Assert.That(relu, Has.Count.EqualTo(1));
        Assert.That(relu[0].Modules, Is.EquivalentTo(new[] { "G1.gen.1", "G1.gen.3", "G1 (eval).gen.1", "G1 (eval).gen.3" }),
            "one row for G1's two hidden ReLUs, in training and in evaluation mode");
    }

    [Test]
    public void The_check_leaves_the_global_random_generator_where_it_was()
    {
        random.manual_seed(5);
        using var expected = rand(4);
        random.manual_seed(5);
        KernelCheck.Run(new KernelCheckPlan([Target(() => nn.ReLU())], [4]), threads: 1);
        using var actual = rand(4);
        Assert.That(actual.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()));
    }

    /// <summary>
    /// The check runs on the trainer's own G and D, in the same process, and must not move a single bit of training;
    /// with D's spectral normalisation (buffers updated by every forward) and dropout (random masks) too, which the
    /// generic checker must also pass.
    /// </summary>
    [TestCase("g1-d1", false, 0.0)]
    [TestCase("g1-d1", true, 0.3)]
    [TestCase("g3-d2", false, 0.0)]
    [TestCase("g1-d1", false, 0.0, true)]
    public void A_run_that_checks_first_trains_bit_identically_to_the_trainer_alone(string pair, bool spectralNorm, double dropout, bool bf16 = false)
    {
        var p = ModelZoo.Pair(pair);
        var config = new TrainingConfig
        {
            Generator = p.Generator,
            Discriminator = p.Discriminator,
            DSpectralNorm = spectralNorm,
            DDropout = dropout,
            Precision = bf16 ? Precision.Bf16Mixed : Precision.Fp32,
            Epochs = 1,
            TrainSubset = 192,
            Threads = 1,
            Seed = 3,
        };
        using var dir = new TempDirectory();
        TrainingRun.Execute(config, dir.File("run"));
        var checkedRun = MetricsWriter.Read(new RunDirectory(dir.File("run")).MetricsPath);

        using var full = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);
        using var data = full.Take(192);
        using var trainer = new GanTrainer(config, data);
        var alone = trainer.TrainEpoch().ToList();

        var provenance = new RunDirectory(dir.File("run")).ReadRecord().Provenance.KernelCheck!;
        Assert.Multiple(() =>
        {
            Assert.That(checkedRun.Select(r => (r.DLoss, r.GLoss, r.DReal, r.DFake)), Is.EqualTo(alone.Select(r => (r.DLoss, r.GLoss, r.DReal, r.DFake))));
            Assert.That(provenance.Verdict, Is.EqualTo(KernelCheckSummary.Pass), provenance.Worst);
        });
    }

    [Test]
    public void A_borrowed_model_gets_back_every_value_and_its_mode()
    {
        random.manual_seed(9);
        using var model = nn.Sequential(new TransposedByConv2d(1, 4, 3), nn.BatchNorm2d(4), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(4 * 24 * 24, 8));
        model.eval();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        var target = new KernelCheckTarget("borrowed", () => model, [1, 22, 22], true, [1, 64], true) { Borrowed = true };

        var report = KernelCheck.Run(new KernelCheckPlan([target], []), threads: 1);

        var after = model.state_dict();
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, report.Worst?.Describe());
            Assert.That(report.Rows.Select(r => r.Op), Does.Contain(nameof(TransposedByConv2d)).And.Contain("BatchNorm2d(4, eps 1E-05, batch statistics)"),
                "checked in training mode, the target's, though the model was in evaluation mode");
            Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
            foreach (var (name, value) in before)
            {
                Assert.That(after[name].dtype, Is.EqualTo(value.dtype), name);
                Assert.That(after[name].eq(value).all().item<bool>(), Is.True, $"{name} is back bit for bit");
            }
            Assert.That(model.training, Is.False, "back in evaluation mode");
            Assert.That(model.modules().Select(m => m.training), Has.All.False);
        });
        foreach (var t in before.Values) t.Dispose();
    }

    [Test]
    public void Gamma_is_K_u_over_1_minus_K_u_and_infinite_where_no_bound_exists()
    {
        var p = KernelPrecision.Float32;
        Assert.Multiple(() =>
        {
            Assert.That(p.Gamma(1), Is.EqualTo(Math.ScaleB(1, -24) / (1 - Math.ScaleB(1, -24))));
            Assert.That(p.Gamma(36_864), Is.EqualTo(36_864 * Math.ScaleB(1, -24) / (1 - 36_864 * Math.ScaleB(1, -24))).Within(1e-18));
            Assert.That(p.Gamma(1L << 24), Is.EqualTo(double.PositiveInfinity));
        });
    }

    [Test]
    public void A_NaN_where_the_reference_is_finite_is_infinitely_wrong_and_a_zero_bound_demands_equality()
    {
        using var reference = tensor(new[] { 1.0, 2.0, 3.0 });
        using var bound = tensor(new[] { 0.5, 0.0, 0.5 });
        using var nan = tensor(new[] { 1.0, 2.0, double.NaN });
        using var off = tensor(new[] { 1.25, 2.0, 3.0 });
        using var unequal = tensor(new[] { 1.0, 2.5, 3.0 });
        Assert.Multiple(() =>
        {
            Assert.That(Deviation.Of(nan, reference, bound).Normalised, Is.EqualTo(double.PositiveInfinity));
            Assert.That(Deviation.Of(off, reference, bound), Is.EqualTo(new Deviation(0.25, 0.5)));
            Assert.That(Deviation.Of(unequal, reference, bound).Normalised, Is.EqualTo(double.PositiveInfinity));
        });
    }

    /// <summary>Stands in for a kernel that computes the wrong function on this machine.</summary>
    sealed class FailingChecker : ILeafChecker
    {
        public string? Settings(nn.Module module) => "rigged";
        public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context) =>
            [new(CheckDirection.Forward, new Deviation(7.5, 3e6))];
    }

    [Test]
    public void Training_refuses_to_start_on_a_failing_kernel_and_leaves_no_run_directory()
    {
        using var dir = new TempDirectory();
        var outDir = dir.File("run");
        var config = new TrainingConfig { Epochs = 1, TrainSubset = 128, Threads = 1 };

        GanException? error;
        using (LeafCheckers.Default.Override<Linear>(new FailingChecker()))
            error = Assert.Throws<GanException>(() => TrainingRun.Execute(config, outDir));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.KernelCheckFailed));
            Assert.That(error.Message, Does.StartWith("kernel check failed: Linear(rigged) (1,100) forward error 7.5 (3,000,000× the float32 bound) on this CPU"));
            Assert.That(error.Message, Does.EndWith("run `gan doctor` for the table"));
            Assert.That(error.Message, Does.Not.Contain("\n"));
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }

    [Test]
    public void The_benchmark_refuses_a_failing_kernel_and_records_a_passing_check()
    {
        using var full = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);
        using var data = full.Take(128);
        var config = new TrainingConfig { Threads = 1 };
        using (LeafCheckers.Default.Override<Linear>(new FailingChecker()))
            Assert.That(Assert.Throws<GanException>(() => StepBenchmark.Run(config, data, 1, 0))!.ExitCode, Is.EqualTo(ExitCodes.KernelCheckFailed));

        var result = StepBenchmark.Run(config, data, 1, 0);
        Assert.That(result.KernelCheck, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(result.KernelCheck!.Verdict, Is.EqualTo(KernelCheckSummary.Pass));
            Assert.That(result.KernelCheck.RowsChecked, Is.GreaterThan(40));
            Assert.That(result.KernelCheck.WorstNormalisedError, Is.GreaterThan(0).And.LessThanOrEqualTo(1));
            Assert.That(Json.Serialize(result), Does.Contain("\"kernelCheck\": {"));
        });
    }
}
