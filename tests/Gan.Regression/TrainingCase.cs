using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Training;

namespace Gan.Regression;

/// <summary>
/// One short fixed-seed training run: a pair, an objective, a schedule and (for G2/G3) a slope variant, and optionally a
/// variant of the other settings (<paramref name="With"/>, named by <paramref name="Tag"/>). Everything else is
/// <see cref="TrainingConfig"/>'s default (the study's), so changing a default changes the snapshot too.
/// </summary>
public sealed record TrainingCase(string Generator, string Discriminator, string Objective, int DSteps, int GSteps, SlopeVariant Slope, int Iterations,
    bool JointDBatch = false, string? Tag = null, Func<TrainingConfig, TrainingConfig>? With = null)
{
    /// <summary>
    /// The first 2,000 digits of the embedded sample: 31 full batches and a partial one of 16, so the cases cross
    /// epoch boundaries, a partial batch and (for k = 3) an iteration with fewer than k D steps.
    /// </summary>
    public const int Subset = 2000;

    /// <summary>G1+D1 steps are cheap (milliseconds): long enough for the dynamics to move well away from the start.</summary>
    public const int MlpIterations = 100;

    /// <summary>
    /// D2 has 38 M parameters (one D step costs about as much as 100 G1+D1 iterations): three D steps per case, enough
    /// for Adam's second and third updates, where its betas first matter.
    /// </summary>
    public const int D2IterationsK1 = 3;
    public const int D2IterationsK3 = 1;

    /// <summary>Enough for the bf16 rounding to show in every logged digit; LibTorch's portable bf16 GEMMs are slow.</summary>
    public const int Bf16Iterations = 20;

    /// <summary>Short objective-variant cases: enough G1+D1 iterations for each loss to shape the trajectory.</summary>
    public const int VariantIterations = 30;

    /// <summary>The study's two objectives keep the names their snapshots were recorded under, from the G-loss enum they replaced.</summary>
    static readonly Dictionary<string, string> StudyLossNames = new() { ["bce"] = "non-saturating", ["bce-minimax"] = "minimax" };

    /// <summary>"non-saturating" or "minimax" for the study's objectives, else the objective as configured.</summary>
    public string LossName => StudyLossNames.GetValueOrDefault(Objective, Objective);

    public bool IsStudyObjective => StudyLossNames.ContainsKey(Objective);

    public string Name =>
        $"{Generator}{Discriminator}.{LossName}.{Config.ScheduleLabel}" +
        (ModelZoo.HasSlope(Generator) ? $".slope-{Slope.Name()}" : "") +
        (JointDBatch ? ".joint-d-batch" : "") +
        (Tag is null ? "" : $".{Tag}");

    public TrainingConfig Config => (With ?? (c => c))(new()
    {
        Generator = Generator,
        Discriminator = Discriminator,
        Objective = Objective,
        DSteps = DSteps,
        GSteps = GSteps,
        Slope = Slope,
        Seed = 0,
        Threads = 1,
        TrainSubset = Subset,
        JointDBatch = JointDBatch,
    });

    static readonly string[] Losses = ["bce", "bce-minimax"];
    static readonly string[] OtherObjectives = ["lsgan", "hinge", "wgan-gp", "rasgan"];
    static readonly int[] Ks = [1, 3];
    static readonly SlopeVariant[] Slopes = [SlopeVariant.Seed, SlopeVariant.Fixed];

    /// <summary>Each D regulariser, G's moving average and the per-network optimiser settings, one case each on G1+D1.</summary>
    static readonly (string Tag, Func<TrainingConfig, TrainingConfig> With)[] Variants =
    [
        ("d-reg-r1-10", c => c with { DRegulariser = "r1:10" }),
        ("spectral-norm-d", c => c with { DSpectralNorm = true }),
        ("d-dropout-0.3", c => c with { DDropout = 0.3 }),
        ("instance-noise-0.1-20", c => c with { InstanceNoise = 0.1, InstanceNoiseSteps = 20 }),
        ("label-smoothing-0.9", c => c with { LabelSmoothing = 0.9 }),
        ("ema-0.9", c => c with { Ema = 0.9 }),
        ("lr-d-1e-4.lr-g-4e-4.beta1-0.5", c => c with { LearningRateD = 1e-4, LearningRateG = 4e-4, Beta1 = 0.5 }),
    ];

    /// <summary>
    /// The study's three pairs × both G losses × k ∈ {1, 3} × both slopes where the slope exists (20 cases), and one
    /// 1:3 schedule (three G steps per D step) on G1+D1; plus the opt-in <see cref="TrainingConfig.JointDBatch"/>
    /// (real and fake in one D forward, which rounds differently) on G1+D1 and G3+D2; then every other objective and
    /// every <see cref="Variants"/> entry on G1+D1, G2-BN+D1 in both slopes and the DCGAN preset on G2+D1,
    /// <see cref="VariantIterations"/> iterations each; and a short bf16-mixed G1+D1 run. The suite pins AVX2, on which
    /// LibTorch computes bf16 products with its own portable kernels rather than oneDNN's AVX512_BF16 ones: that
    /// snapshot locks in which operations round to bf16 (the semantics of <see cref="MixedPrecision"/>), reproducibly on
    /// any AVX2 machine, not the fast kernels' last bits.
    /// </summary>
    public static IEnumerable<TrainingCase> All()
    {
        foreach (var loss in Losses)
            foreach (var k in Ks)
                yield return new("G1", "D1", loss, k, 1, SlopeVariant.Seed, MlpIterations);
        yield return new("G1", "D1", "bce", 1, 3, SlopeVariant.Seed, MlpIterations / 2);
        foreach (var g in new[] { "G2", "G3" })
            foreach (var loss in Losses)
                foreach (var k in Ks)
                    foreach (var slope in Slopes)
                        yield return new(g, "D2", loss, k, 1, slope, k == 1 ? D2IterationsK1 : D2IterationsK3);
        yield return new("G1", "D1", "bce", 1, 1, SlopeVariant.Seed, MlpIterations, JointDBatch: true);
        yield return new("G3", "D2", "bce", 1, 1, SlopeVariant.Seed, D2IterationsK1, JointDBatch: true);
        foreach (var objective in OtherObjectives)
            yield return new("G1", "D1", objective, 1, 1, SlopeVariant.Seed, VariantIterations);
        foreach (var (tag, with) in Variants)
            yield return new("G1", "D1", "bce", 1, 1, SlopeVariant.Seed, VariantIterations, Tag: tag, With: with);
        foreach (var slope in Slopes)
            yield return new("G2-BN", "D1", "bce", 1, 1, slope, VariantIterations);
        yield return new("G2", "D1", "bce", 1, 1, SlopeVariant.Fixed, VariantIterations, Tag: "preset-dcgan", With: TrainingPresets.Get("dcgan").Apply);
        yield return new("G1", "D1", "bce", 1, 1, SlopeVariant.Seed, Bf16Iterations, Tag: Precision.Bf16Mixed.Name(), With: c => c with { Precision = Precision.Bf16Mixed });
    }

    public override string ToString() => Name;
}
