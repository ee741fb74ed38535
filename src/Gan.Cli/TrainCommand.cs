using System.ComponentModel;
using Gan.Core;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary><c>gan train</c>: parses options into a <see cref="TrainingConfig"/> (unset options keep the study's defaults) and runs it.</summary>
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--pair <PAIR>"), Description("The study's pairs: g1-d1, g2-d2, g3-d2.")]
        public string? Pair { get; init; }
        [CommandOption("-g|--generator <G>"), Description("Generator G1|G2|G3 (with --d, instead of --pair); --g works too.")]
        public string? G { get; init; }
        [CommandOption("-d|--discriminator <D>"), Description("Discriminator D1|D2; --d works too.")]
        public string? D { get; init; }
        [CommandOption("--epochs <N>"), Description("Passes over the real batches (default 100).")]
        public int? Epochs { get; init; }
        [CommandOption("-k|--d-steps <K>"), Description("D steps per G step (k:1), default 1; --k works too.")]
        public int? K { get; init; }
        [CommandOption("--g-steps <K>"), Description("G steps per D step (1:k), default 1.")]
        public int? GSteps { get; init; }
        [CommandOption("--objective <NAME>"), Description("bce (the study's, default), bce-minimax, lsgan, hinge, wgan-gp[[:λ]], rasgan.")]
        public string? Objective { get; init; }
        [CommandOption("--g-loss <LOSS>"), Description("Older spelling of --objective: non-saturating (bce) or minimax (bce-minimax).")]
        public string? GLoss { get; init; }
        [CommandOption("--d-reg <REG>"), Description("A D regulariser: r1[[:γ]] (γ/2·E‖∇D(x)‖² on real data, default γ 10).")]
        public string? DReg { get; init; }
        [CommandOption("--label-smoothing <Y>"), Description("One-sided label smoothing: D's target for real data, e.g. 0.9 (bce, bce-minimax, lsgan).")]
        public double? LabelSmoothing { get; init; }
        [CommandOption("--spectral-norm <NETS>"), Description("d: spectral normalisation of every Linear and Conv2d layer of D.")]
        public string? SpectralNorm { get; init; }
        [CommandOption("--d-dropout <P>"), Description("Dropout after each hidden activation of D's MLP layers (default 0).")]
        public double? DDropout { get; init; }
        [CommandOption("--augment <AUG>"), Description("diffaug[[:POLICY]]: DiffAugment on every image D sees, real and fake, in both steps (POLICY: color, brightness, contrast, translation, cutout, comma-separated; default color,translation,cutout). ada[[:TARGET[[:KIMG]]]]: ADA, the same four each applied with a probability p adapted from r_t = E[[sign(D(x_real))]] towards TARGET (default 0.6), moving at most 1 per KIMG thousand reals (default 500).")]
        public string? Augment { get; init; }
        [CommandOption("--instance-noise <SIGMA>"), Description("σ[[:steps]]: Gaussian noise on every image D sees, σ falling to 0 over steps D steps.")]
        public string? InstanceNoise { get; init; }
        [CommandOption("--ema <DECAY>"), Description("Average G's weights with this decay (e.g. 0.999); samples and evaluation use the average.")]
        public double? Ema { get; init; }
        [CommandOption("--ema-start <STEP>"), Description("G steps before the average starts (default 0).")]
        public long? EmaStart { get; init; }
        [CommandOption("--preset <NAME>"), Description("A recipe applied before the other options: dcgan (slope 0.2, lr 2e-4, β1 0.5).")]
        public string? Preset { get; init; }
        [CommandOption("--slope <VARIANT>"), Description("G2/G3 LeakyReLU: seed (1.0, as the study ran; default) or fixed (0.2).")]
        public string? Slope { get; init; }
        [CommandOption("--lr <LR>"), Description("Adam learning rate for both nets (default 3e-4).")]
        public double? Lr { get; init; }
        [CommandOption("--lr-d <LR>"), Description("D's learning rate (two time-scale updates), overriding --lr.")]
        public double? LrD { get; init; }
        [CommandOption("--lr-g <LR>"), Description("G's learning rate, overriding --lr.")]
        public double? LrG { get; init; }
        [CommandOption("--beta1 <B>"), Description("Adam beta1 for both nets (default 0.9; DCGAN used 0.5).")]
        public double? Beta1 { get; init; }
        [CommandOption("--beta1-d <B>"), Description("D's beta1, overriding --beta1.")]
        public double? Beta1D { get; init; }
        [CommandOption("--beta1-g <B>"), Description("G's beta1, overriding --beta1.")]
        public double? Beta1G { get; init; }
        [CommandOption("--beta2 <B>")]
        public double? Beta2 { get; init; }
        [CommandOption("--batch-size <N>"), Description("Default 64.")]
        public int? BatchSize { get; init; }
        [CommandOption("--noise-dim <N>"), Description("Default 100.")]
        public int? NoiseDim { get; init; }
        [CommandOption("--dataset <NAME>"), Description("mnist-sample (default, embedded), mnist, fashion-mnist.")]
        public string? Dataset { get; init; }
        [CommandOption("--data-dir <DIR>"), Description("Any folder of MNIST-layout IDX files.")]
        public string? DataDir { get; init; }
        [CommandOption("--subset <N>"), Description("Train on the first N images only.")]
        public int? Subset { get; init; }
        [CommandOption("--joint-d-batch"), Description("Opt-in speed-up: D scores real and fake in one forward (changes float rounding).")]
        public bool? JointDBatch { get; init; }
        [CommandOption("--precision <P>"), Description("fp32 (default), fp64 (everything in float64: the reference an fp32 run is held against; about 2× slower) or bf16-mixed: Linear/Conv2d multiply in bfloat16, weights stay fp32; several times faster on a CPU with avx512_bf16 (bf16-mixed! forces it on another CPU).")]
        public string? Precision { get; init; }
        [CommandOption("--seed <SEED>"), Description("Default 0.")]
        public long? Seed { get; init; }
        [CommandOption("--threads <T>"), Description("LibTorch intra-op threads (0 = LibTorch's default).")]
        public int? Threads { get; init; }
        [CommandOption("--device <DEVICE>"), Description("cpu (default), cuda or auto.")]
        public string? Device { get; init; }
        [CommandOption("--sample-every <N>"), Description("Write a sample grid every N epochs (default 1).")]
        public int? SampleEvery { get; init; }
        [CommandOption("--eval-every <N>"), Description("Evaluate every N epochs and after the last into eval.csv (default 0 = off).")]
        public int? EvalEvery { get; init; }
        [CommandOption("--eval-samples <N>"), Description("Generated samples per evaluation (default 10000).")]
        public int? EvalSamples { get; init; }
        [CommandOption("--out <DIR>"), Description("Run directory (default runs/<pair>-<variant>-seed<seed>-<time>).")]
        public string? Out { get; init; }
        [CommandOption("--checkpoint-every <N>"), Description("Also write a resumable checkpoint every N steps (default 0: epoch ends and Ctrl+C only).")]
        public int? CheckpointEvery { get; init; }
        [CommandOption("--keep-checkpoints <K>"), Description("Resumable checkpoints to keep (default 2).")]
        public int? KeepCheckpoints { get; init; }
        [CommandOption("--on-nan <POLICY>"), Description("A NaN/Inf loss: stop (default; exit code 3) or skip-step (skip that update).")]
        public string? OnNan { get; init; }
        [CommandOption("--tensorboard <ON_OFF>"), Description("on (default): TensorBoard event files in the run's tb/ folder; off: none.")]
        public string? TensorBoard { get; init; }
        [CommandOption("--init-from <DIR>"), Description("Start from PyTorch state_dicts DIR/G.pt and DIR/D.pt (torch.save(model.state_dict()), study_step.py's modules) instead of the seed's weights.")]
        public string? InitFrom { get; init; }
        [CommandOption("--resume <RUN_DIR>"), Description("Continue a killed or interrupted run from its newest checkpoint, with its own config.json.")]
        public string? Resume { get; init; }
        [CommandOption("--plain"), Description("Log lines instead of the live display, even on a terminal.")]
        public bool Plain { get; init; }
    }

    public static TrainingConfig ToConfig(Settings s)
    {
        var c = s.Preset is null ? new TrainingConfig() : TrainingPresets.Get(s.Preset).Apply(new TrainingConfig());
        if (s.Pair is not null)
        {
            if (s.G is not null || s.D is not null)
                throw new GanException("give either --pair or --g/--d, not both");
            var p = ModelZoo.Pair(s.Pair);
            c = c with { Generator = p.Generator, Discriminator = p.Discriminator };
        }
        else if (s.G is not null || s.D is not null)
        {
            if (s.G is null || s.D is null)
                throw new GanException("--g and --d go together (for example --g G3 --d D1); or use --pair");
            c = c with { Generator = s.G, Discriminator = s.D };
        }
        return (c with
        {
            Epochs = s.Epochs ?? c.Epochs,
            DSteps = s.K ?? c.DSteps,
            GSteps = s.GSteps ?? c.GSteps,
            Objective = Objective(s) ?? c.Objective,
            DRegulariser = s.DReg,
            LabelSmoothing = s.LabelSmoothing,
            DSpectralNorm = s.SpectralNorm is not null && TrainingOptions.ParseSpectralNorm(s.SpectralNorm),
            DDropout = s.DDropout ?? c.DDropout,
            Augment = s.Augment ?? c.Augment,
            InstanceNoise = s.InstanceNoise is null ? c.InstanceNoise : TrainingOptions.ParseInstanceNoise(s.InstanceNoise).Sigma,
            InstanceNoiseSteps = s.InstanceNoise is null ? c.InstanceNoiseSteps : TrainingOptions.ParseInstanceNoise(s.InstanceNoise).AnnealSteps,
            Ema = s.Ema,
            EmaStart = s.EmaStart ?? c.EmaStart,
            Slope = s.Slope is null ? c.Slope : SlopeVariantExtensions.Parse(s.Slope),
            LearningRate = s.Lr ?? c.LearningRate,
            Beta1 = s.Beta1 ?? c.Beta1,
            LearningRateD = s.LrD,
            LearningRateG = s.LrG,
            Beta1D = s.Beta1D,
            Beta1G = s.Beta1G,
            Beta2 = s.Beta2 ?? c.Beta2,
            BatchSize = s.BatchSize ?? c.BatchSize,
            NoiseDim = s.NoiseDim ?? c.NoiseDim,
            Dataset = s.Dataset ?? c.Dataset,
            DataDir = s.DataDir,
            TrainSubset = s.Subset,
            Seed = s.Seed ?? c.Seed,
            Threads = s.Threads ?? c.Threads,
            Device = s.Device ?? c.Device,
            SampleEvery = s.SampleEvery ?? c.SampleEvery,
            CheckpointEvery = s.CheckpointEvery ?? c.CheckpointEvery,
            KeepCheckpoints = s.KeepCheckpoints ?? c.KeepCheckpoints,
            OnNan = s.OnNan is null ? c.OnNan : NanPolicyExtensions.Parse(s.OnNan),
            EvalEvery = s.EvalEvery ?? c.EvalEvery,
            EvalSamples = s.EvalSamples ?? c.EvalSamples,
            JointDBatch = s.JointDBatch ?? c.JointDBatch,
            TensorBoard = s.TensorBoard is null ? c.TensorBoard : TrainingOptions.ParseOnOff("--tensorboard", s.TensorBoard),
            InitFrom = s.InitFrom is null ? null : Path.GetFullPath(s.InitFrom),
            Precision = s.Precision is null ? c.Precision : PrecisionExtensions.ResolveHere(s.Precision, Console.Error.WriteLine),
        }).Validate();
    }

    static string? Objective(Settings s)
    {
        if (s.GLoss is not null && s.Objective is not null)
            throw new GanException("give either --objective or its older spelling --g-loss, not both");
        return s.GLoss is null ? s.Objective : ObjectiveRegistry.FromGeneratorLoss(s.GLoss);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TrainingConfig config;
        string outDir;
        Func<ITrainingObserver, RunSummary> train;
        if (settings.Resume is string resume)
        {
            var extra = typeof(Settings).GetProperties()
                .Where(p => p.Name is not (nameof(Settings.Resume) or nameof(Settings.Plain)) && p.GetValue(settings) is not null)
                .Select(p => p.Name).ToList();
            if (extra.Count > 0)
                throw new GanException($"--resume continues with the run's own config.json; drop the other training options ({string.Join(", ", extra)})");
            config = RunDirectory.Open(resume).ReadRecord().Config
                ?? throw new GanException($"{Path.Combine(resume, "config.json")}: no config record; restore the file or start a new run");
            outDir = resume;
            Console.WriteLine($"resuming {Path.GetFullPath(resume)}");
            train = observer => TrainingRun.Resume(resume, observer, cancellationToken);
        }
        else
        {
            config = ToConfig(settings);
            outDir = settings.Out ?? Path.Combine("runs", RunDirectory.DefaultName(config));
            train = observer => TrainingRun.Execute(config, outDir, observer, cancellationToken);
        }
        Console.WriteLine(ConfigPrinter.Format(config));
        var summary = TrainProgress.Run(config, train, plain: settings.Plain);
        Console.WriteLine($"{summary.Status}: {summary.Steps} steps in {summary.WallSeconds:F1} s " +
            $"(median {summary.MedianStepMs:F2} ms/step), final D loss {summary.FinalDLoss:G4}, G loss {summary.FinalGLoss:G4}");
        Console.WriteLine($"run directory: {Path.GetFullPath(outDir)}");
        return summary.Status switch
        {
            RunSummary.Completed => ExitCodes.Ok,
            RunSummary.Diverged => throw new GanException(summary.Reason ?? "training diverged", ExitCodes.Diverged),
            _ => ExitCodes.Interrupted,
        };
    }
}
