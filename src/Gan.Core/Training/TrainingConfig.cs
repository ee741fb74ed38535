using System.Text.Json.Serialization;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runtime;

namespace Gan.Core.Training;

/// <summary>
/// Every knob of a training run, with the study's defaults. Immutable: a variant is a <c>with</c> expression.
/// Saved verbatim as <c>config.json</c> in every run directory.
/// </summary>
public sealed record TrainingConfig
{
    // Models
    public string Generator { get; init; } = "G1";
    public string Discriminator { get; init; } = "D1";
    public SlopeVariant Slope { get; init; } = SlopeVariant.Seed;
    public int NoiseDim { get; init; } = 100;

    // Objective and schedule: DSteps D steps per G step (k:1) or GSteps G steps per D step (1:k); one of them is 1.
    /// <summary>A name registered in <see cref="ObjectiveRegistry"/>, with its number if it takes one (wgan-gp:10).</summary>
    public string Objective { get; init; } = ObjectiveRegistry.Default;
    /// <summary>A D regulariser from <see cref="DiscriminatorRegularisers"/> with its weight (r1:10); null = none.</summary>
    public string? DRegulariser { get; init; }
    /// <summary>One-sided label smoothing: D's target for real data (0.9), for objectives with a real label; null = 1.</summary>
    public double? LabelSmoothing { get; init; }

    // Regularisers of D and averaging of G; all off by default (the study's).
    /// <summary>Spectral normalisation of every Linear and Conv2d layer of D.</summary>
    public bool DSpectralNorm { get; init; }
    /// <summary>Dropout probability after each hidden activation of D's MLP layers; 0 = none.</summary>
    public double DDropout { get; init; }
    /// <summary>Instance noise: σ of the Gaussian noise added to every image D sees (real and fake); 0 = none.</summary>
    public double InstanceNoise { get; init; }
    /// <summary>D steps over which σ falls linearly from <see cref="InstanceNoise"/> to 0; 0 = constant σ.</summary>
    public long InstanceNoiseSteps { get; init; }
    /// <summary>
    /// Differentiable augmentation of every image D sees: <c>diffaug[:POLICY]</c> (<see cref="Augmentation.DiffAugment"/>)
    /// or <c>ada[:TARGET[:KIMG]]</c> (<see cref="Augmentation.AdaptiveAugment"/>); null = none.
    /// </summary>
    public string? Augment { get; init; }
    /// <summary>Decay of an exponential moving average of G's weights, which then draws sample grids and evaluations; null = none.</summary>
    public double? Ema { get; init; }
    /// <summary>G steps before the average starts (until then it copies G).</summary>
    public long EmaStart { get; init; }
    public int DSteps { get; init; } = 1;
    public int GSteps { get; init; } = 1;

    // Optimisation (Adam for each net, as the study); the per-network values override the shared one when set.
    public double LearningRate { get; init; } = 3e-4;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double? LearningRateD { get; init; }
    public double? LearningRateG { get; init; }
    public double? Beta1D { get; init; }
    public double? Beta1G { get; init; }
    public int BatchSize { get; init; } = 64;
    public int Epochs { get; init; } = 100;

    // Data
    public string Dataset { get; init; } = "mnist-sample";
    public string? DataDir { get; init; }
    /// <summary>Train on the first N images only (quick runs, tests); null = the whole train split.</summary>
    public int? TrainSubset { get; init; }

    // Speed (opt-in): same maths, different float rounding, so a run with it on is not bit-identical to one without.
    /// <summary>
    /// D scores real and fake images in one forward pass over both batches (one GEMM per layer and one weight-gradient
    /// GEMM instead of two plus a sum). Off by default: the study ran two forwards, and this changes the rounding.
    /// </summary>
    public bool JointDBatch { get; init; } = false;
    /// <summary>
    /// bf16-mixed multiplies in bfloat16 (<see cref="Models.MixedPrecision"/>): several times faster on a CPU with
    /// AVX512_BF16, other numbers. fp32 by default, as the study.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    // Reproducibility and machine
    public long Seed { get; init; } = 0;
    /// <summary>Intra-op threads for LibTorch; 0 keeps LibTorch's default. Fixed threads are needed for bit-identical runs.</summary>
    public int Threads { get; init; } = 0;
    public string Device { get; init; } = "cpu";

    // Run outputs
    /// <summary>Write a sample grid every this many epochs (the last epoch always gets one).</summary>
    public int SampleEvery { get; init; } = 1;
    /// <summary>Evaluate every this many epochs and after the last into eval.csv; 0 = never.</summary>
    public int EvalEvery { get; init; } = 0;
    /// <summary>Generated samples per evaluation during training.</summary>
    public int EvalSamples { get; init; } = 10_000;

    // Recovery: a resumable checkpoint at every epoch end, on Ctrl+C, and every CheckpointEvery steps (0 = off).
    public int CheckpointEvery { get; init; } = 0;
    /// <summary>How many resumable checkpoints to keep; older ones are deleted once a newer one is safely on disk.</summary>
    public int KeepCheckpoints { get; init; } = 2;
    public NanPolicy OnNan { get; init; } = NanPolicy.Stop;
    /// <summary>Write TensorBoard event files to the run's tb/ folder (<see cref="Runs.TensorBoardLog"/>).</summary>
    public bool TensorBoard { get; init; } = true;
    /// <summary>A folder of PyTorch state_dicts (G.pt, D.pt) to start from instead of the seed's initial weights.</summary>
    public string? InitFrom { get; init; }

    [JsonIgnore]
    public string PairLabel => $"{Generator}+{Discriminator}";

    /// <summary>k:1 as "k3", 1:k as "1to3": the schedule's name in run names, variant names and config.json's labels.</summary>
    [JsonIgnore]
    public string ScheduleLabel => GSteps > 1 ? $"1to{GSteps}" : $"k{DSteps}";

    /// <summary>D's target for real data in the objective: 1 unless <see cref="LabelSmoothing"/> sets it.</summary>
    [JsonIgnore] public double RealLabel => LabelSmoothing ?? 1;
    [JsonIgnore] public DiscriminatorOptions DOptions => new(DSpectralNorm, DDropout);
    [JsonIgnore] public double DLearningRate => LearningRateD ?? LearningRate;
    [JsonIgnore] public double GLearningRate => LearningRateG ?? LearningRate;
    [JsonIgnore] public double DBeta1 => Beta1D ?? Beta1;
    [JsonIgnore] public double GBeta1 => Beta1G ?? Beta1;

    /// <summary>
    /// Reads config.json files written before objectives existed (<c>"gLoss": "minimax"</c>) as their objective, so such
    /// a run still resumes with the loss it started with. Never written.
    /// </summary>
    [JsonInclude, JsonPropertyName("gLoss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? LegacyGLoss
    {
        get => null;
        init
        {
            if (value is not null) Objective = ObjectiveRegistry.FromGeneratorLoss(value);
        }
    }

    /// <summary>Throws a one-line <see cref="GanException"/> naming the first invalid value.</summary>
    public TrainingConfig Validate()
    {
        ModelZoo.CanonicalGenerator(Generator);
        ModelZoo.CanonicalDiscriminator(Discriminator);
        CheckLearningRate("learning rate", LearningRate);
        if (LearningRateD is double lrD) CheckLearningRate("D's learning rate (--lr-d)", lrD);
        if (LearningRateG is double lrG) CheckLearningRate("G's learning rate (--lr-g)", lrG);
        CheckBeta1("beta1", Beta1);
        if (Beta1D is double b1D) CheckBeta1("D's beta1 (--beta1-d)", b1D);
        if (Beta1G is double b1G) CheckBeta1("G's beta1 (--beta1-g)", b1G);
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new GanException($"beta2 {Beta2} must be in [0, 1)");
        if (DSteps < 1) throw new GanException($"k = {DSteps} D steps per G step must be at least 1");
        if (GSteps < 1) throw new GanException($"{GSteps} G steps per D step must be at least 1");
        if (DSteps > 1 && GSteps > 1)
            throw new GanException($"schedule {DSteps}:{GSteps} is ambiguous; use k:1 (D steps per G step) or 1:k (G steps per D step)");
        if (BatchSize < 1) throw new GanException($"batch size {BatchSize} must be at least 1");
        if (Epochs < 1) throw new GanException($"epochs {Epochs} must be at least 1");
        if (NoiseDim < 1) throw new GanException($"noise dimension {NoiseDim} must be at least 1");
        if (TrainSubset is < 1) throw new GanException($"train subset {TrainSubset} must be at least 1");
        if (Threads < 0) throw new GanException($"threads {Threads} must be 0 (LibTorch's default) or positive");
        if (SampleEvery < 1) throw new GanException($"sample-every {SampleEvery} must be at least 1");
        if (CheckpointEvery < 0) throw new GanException($"checkpoint-every {CheckpointEvery} must be 0 (epoch ends only) or a positive number of steps");
        if (KeepCheckpoints < 1) throw new GanException($"keep-checkpoints {KeepCheckpoints} must be at least 1");
        if (EvalEvery < 0) throw new GanException($"eval-every {EvalEvery} must be 0 (off) or positive");
        if (EvalSamples < 10) throw new GanException($"eval-samples {EvalSamples} must be at least 10");
        if (LabelSmoothing is double y && !(y > 0 && y <= 1))
            throw new GanException($"label smoothing {y} must be D's target for real data, in (0, 1] (usually 0.9)");
        if (!(DDropout >= 0 && DDropout < 1)) throw new GanException($"D dropout {DDropout} must be in [0, 1)");
        if (!(InstanceNoise >= 0) || double.IsInfinity(InstanceNoise))
            throw new GanException($"instance noise σ {InstanceNoise} must be 0 (off) or a positive number");
        Augmentation.AugmentRegistry.Parse(Augment);
        if (InstanceNoiseSteps < 0) throw new GanException($"instance noise anneal steps {InstanceNoiseSteps} must be 0 (constant σ) or positive");
        if (Ema is double decay && !(decay > 0 && decay < 1))
            throw new GanException($"EMA decay {decay} must be in (0, 1) (usually 0.999)");
        if (EmaStart < 0) throw new GanException($"EMA start {EmaStart} must be 0 or a positive number of G steps");
        DeviceSelector.ParseKind(Device);
        return this with
        {
            Generator = ModelZoo.CanonicalGenerator(Generator),
            Discriminator = ModelZoo.CanonicalDiscriminator(Discriminator),
            Objective = ObjectiveRegistry.Canonical(Objective, RealLabel),
            DRegulariser = DRegulariser is null ? null : DiscriminatorRegularisers.Canonical(DRegulariser),
        };
    }

    static void CheckLearningRate(string what, double lr)
    {
        if (!(lr > 0) || double.IsInfinity(lr))
            throw new GanException($"{what} {lr} must be a positive number (the study used 3e-4)");
    }

    static void CheckBeta1(string what, double beta1)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new GanException($"{what} {beta1} must be in [0, 1)");
    }
}
