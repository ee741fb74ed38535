using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runtime;

namespace Gan.Core.Training;

/// <summary>
/// Every option that sets a <see cref="TrainingConfig"/> field, in the order they apply: a preset first, so the options
/// after it win. <c>gan train</c> binds each of them (its help is read from here), the experiment scripts accept each
/// one a script does not declare itself, and docs/training-options.md is written from this table.
/// </summary>
public static class TrainingOptionTable
{
    public static IReadOnlyList<TrainingOption> All { get; } =
    [
        Text("--preset", "NAME", "A recipe applied before the other options: dcgan (slope 0.2, lr 2e-4, β1 0.5).",
            (c, v) => TrainingPresets.Get(v).Apply(c)),
        Int("--epochs", "N", "Passes over the real batches (gan train: 100; each script states its own).", (c, v) => c with { Epochs = v }),
        Int("--d-steps", "K", "D steps per G step (k:1), default 1.", (c, v) => c with { DSteps = v }) with { Aliases = ["--k"] },
        Int("--g-steps", "K", "G steps per D step (1:k), default 1.", (c, v) => c with { GSteps = v }),
        Text("--objective", "NAME", $"{string.Join(", ", ObjectiveRegistry.Names)} (default {ObjectiveRegistry.Default}, the study's); wgan-gp:λ sets λ.",
            (c, v) => c with { Objective = v }),
        Text("--g-loss", "LOSS", "Older spelling of --objective: non-saturating (bce) or minimax (bce-minimax).",
            (c, v) => c with { Objective = ObjectiveRegistry.FromGeneratorLoss(v) }),
        Text("--d-reg", "REG", "A D regulariser: r1[:γ] (γ/2·E‖∇D(x)‖² on real data, default γ 10).", (c, v) => c with { DRegulariser = v }),
        Double("--label-smoothing", "Y", "One-sided label smoothing: D's target for real data, e.g. 0.9 (bce, bce-minimax, lsgan).",
            (c, v) => c with { LabelSmoothing = v }),
        Text("--spectral-norm", "NETS", "d: spectral normalisation of every Linear and Conv2d layer of D.",
            (c, v) => c with { DSpectralNorm = TrainingOptions.ParseSpectralNorm(v) }),
        Double("--d-dropout", "P", "Dropout after each hidden activation of D's MLP layers (default 0).", (c, v) => c with { DDropout = v }),
        Text("--augment", "AUG", "diffaug[:POLICY]: DiffAugment on every image D sees, real and fake, in both steps (POLICY: color, " +
            "brightness, contrast, translation, cutout, comma-separated; default color,translation,cutout). ada[:TARGET[:KIMG]]: ADA, the " +
            "same four each applied with a probability p adapted from r_t = E[sign(D(x_real))] towards TARGET (default 0.6), moving at " +
            "most 1 per KIMG thousand reals (default 500).", (c, v) => c with { Augment = v }),
        Text("--instance-noise", "SIGMA", "σ[:steps]: Gaussian noise on every image D sees, σ falling to 0 over steps D steps.", (c, v) =>
        {
            var (sigma, steps) = TrainingOptions.ParseInstanceNoise(v);
            return c with { InstanceNoise = sigma, InstanceNoiseSteps = steps };
        }),
        Double("--ema", "DECAY", "Average G's weights with this decay (e.g. 0.999); samples and evaluation use the average.",
            (c, v) => c with { Ema = v }),
        Long("--ema-start", "STEP", "G steps before the average starts (default 0).", (c, v) => c with { EmaStart = v }),
        Text("--slope", "VARIANT", "G2/G3 LeakyReLU: seed (1.0, as the study ran; default) or fixed (0.2).",
            (c, v) => c with { Slope = SlopeVariantExtensions.Parse(v) }),
        Double("--lr", "LR", "Adam learning rate for both nets (default 3e-4).", (c, v) => c with { LearningRate = v }),
        Double("--lr-d", "LR", "D's learning rate (two time-scale updates), overriding --lr.", (c, v) => c with { LearningRateD = v }),
        Double("--lr-g", "LR", "G's learning rate, overriding --lr.", (c, v) => c with { LearningRateG = v }),
        Double("--beta1", "B", "Adam beta1 for both nets (default 0.9; DCGAN used 0.5).", (c, v) => c with { Beta1 = v }),
        Double("--beta1-d", "B", "D's beta1, overriding --beta1.", (c, v) => c with { Beta1D = v }),
        Double("--beta1-g", "B", "G's beta1, overriding --beta1.", (c, v) => c with { Beta1G = v }),
        Double("--beta2", "B", "Adam beta2 for both nets (default 0.999).", (c, v) => c with { Beta2 = v }),
        Int("--batch-size", "N", "Images per batch (default 64).", (c, v) => c with { BatchSize = v }),
        Int("--noise-dim", "N", "Length of G's noise vector z (default 100).", (c, v) => c with { NoiseDim = v }),
        Text("--dataset", "NAME", "mnist-sample (default, embedded), mnist, fashion-mnist.", (c, v) => c with { Dataset = v }),
        Text("--data-dir", "DIR", "Any folder of MNIST-layout IDX files.", (c, v) => c with { DataDir = v }),
        Int("--subset", "N", "Train on the first N images only.", (c, v) => c with { TrainSubset = v }),
        Flag("--joint-d-batch", "Opt-in speed-up: D scores real and fake in one forward (changes float rounding; D2 steps ~20% faster).",
            c => c with { JointDBatch = true }),
        new("--precision", "P", "fp32 (default), fp64 (everything in float64: the reference an fp32 run is held against; about 2× " +
            "slower) or bf16-mixed: Linear/Conv2d multiply in bfloat16, weights stay fp32; several times faster on a CPU with " +
            "avx512_bf16 (bf16-mixed! forces it on another CPU).",
            (c, v, warn) => c with { Precision = PrecisionExtensions.ResolveHere(v!, warn) }),
        Int("--threads", "T", "LibTorch intra-op threads (0 = LibTorch's default).", (c, v) => c with { Threads = v }),
        Text("--device", "DEVICE", "cpu (default), cuda or auto.", (c, v) => c with { Device = v }),
        Int("--sample-every", "N", "Write a sample grid every N epochs; the last epoch always gets one (default 1).",
            (c, v) => c with { SampleEvery = v }),
        Int("--eval-every", "N", "Evaluate every N epochs and after the last into eval.csv (default 0 = off).", (c, v) => c with { EvalEvery = v }),
        Int("--eval-samples", "N", "Generated samples per evaluation (default 10000).", (c, v) => c with { EvalSamples = v }),
        Int("--checkpoint-every", "N", "Also write a resumable checkpoint every N steps (default 0: epoch ends and Ctrl+C only).",
            (c, v) => c with { CheckpointEvery = v }),
        Int("--keep-checkpoints", "K", "Resumable checkpoints to keep (default 2).", (c, v) => c with { KeepCheckpoints = v }),
        Text("--on-nan", "POLICY", "A NaN/Inf loss: stop (default; exit code 3) or skip-step (skip that update).",
            (c, v) => c with { OnNan = NanPolicyExtensions.Parse(v) }),
        Text("--tensorboard", "ON_OFF", "on (default): TensorBoard event files in the run's tb/ folder; off: none.",
            (c, v) => c with { TensorBoard = TrainingOptions.ParseOnOff("--tensorboard", v) }),
        Text("--init-from", "DIR", "Start from PyTorch state_dicts DIR/G.pt and DIR/D.pt (torch.save(model.state_dict()), " +
            "study_step.py's modules) instead of the seed's weights.", (c, v) => c with { InitFrom = Path.GetFullPath(v) }),
    ];

    /// <summary>The option a name or older spelling belongs to, or null.</summary>
    public static TrainingOption? Find(string name) => All.FirstOrDefault(o => o.Names.Contains(name));

    public static TrainingOption Get(string name) =>
        Find(name) ?? throw new ArgumentException($"{name} is not a training option", nameof(name));

    /// <summary>
    /// Applies the given options (by name or older spelling; null values for flags) to a config in the table's order,
    /// each value parsed by its option; a bad value is a one-line <see cref="GanException"/> naming the option.
    /// </summary>
    public static TrainingConfig Apply(TrainingConfig config, IReadOnlyDictionary<string, string?> given, Action<string> warn)
    {
        var byOption = given.ToDictionary(g => Get(g.Key), g => g.Value);
        if (byOption.ContainsKey(Get("--objective")) && byOption.ContainsKey(Get("--g-loss")))
            throw new GanException("give either --objective or its older spelling --g-loss, not both");
        foreach (var o in All)
            if (byOption.TryGetValue(o, out var value)) config = o.Apply(config, value, warn);
        return config;
    }

    /// <summary>The table as Markdown, for docs/training-options.md.</summary>
    public static string Markdown() =>
        "| option | value | what it does |\n|---|---|---|\n" + string.Concat(All.Select(o =>
            $"| {string.Join(", ", o.Names.Select(n => $"`{n}`"))} | {(o.Value is null ? "(flag)" : $"`{o.Value}`")} | {o.Help.Replace("|", "\\|")} |\n"));

    static TrainingOption Text(string name, string value, string help, Func<TrainingConfig, string, TrainingConfig> set) =>
        new(name, value, help, (c, v, _) => set(c, v ?? throw new ArgumentNullException(nameof(v), $"{name} needs a value")));

    static TrainingOption Int(string name, string value, string help, Func<TrainingConfig, int, TrainingConfig> set) =>
        Text(name, value, help, (c, v) => set(c, TrainingOptions.ParseInt(name, v)));

    static TrainingOption Long(string name, string value, string help, Func<TrainingConfig, long, TrainingConfig> set) =>
        Text(name, value, help, (c, v) => set(c, TrainingOptions.ParseLong(name, v)));

    static TrainingOption Double(string name, string value, string help, Func<TrainingConfig, double, TrainingConfig> set) =>
        Text(name, value, help, (c, v) => set(c, TrainingOptions.ParseDouble(name, v)));

    static TrainingOption Flag(string name, string help, Func<TrainingConfig, TrainingConfig> set) =>
        new(name, null, help, (c, _, _) => set(c));
}
