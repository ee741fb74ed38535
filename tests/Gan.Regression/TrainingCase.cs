using Gan.Core.Models;
using Gan.Core.Runs;
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
    /// Intra-op threads of every case: 1, or <c>GAN_REGRESSION_THREADS</c>, which the compute-path matrix sets to run
    /// the same float64 trajectories with reductions split another way.
    /// </summary>
    public static int Threads { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("GAN_REGRESSION_THREADS"), out var t) && t > 0 ? t : 1;

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

    /// <summary>Short objective-variant cases: enough G1+D1 iterations for each loss to shape the trajectory.</summary>
    public const int VariantIterations = 30;

    /// <summary>"non-saturating" or "minimax" for the study's objectives, else the objective as configured.</summary>
    public string LossName => RunLabels.CaseObjective(Objective);

    public bool IsStudyObjective => RunLabels.IsStudyObjective(Objective);

    public string Name =>
        $"{Generator}{Discriminator}.{LossName}.{Config.ScheduleLabel}" +
        (RunLabels.SlopeTag(Config) is string slope ? $".slope-{slope}" : "") +
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
        Threads = Threads,
        TrainSubset = Subset,
        JointDBatch = JointDBatch,
        Precision = Precision.Fp64,
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
        ("augment-diffaug", c => c with { Augment = "diffaug" }),
        // A fast ADA (p moves by 0.256 every 4 D steps) towards a high target, so p rises and falls within 30 iterations.
        ("augment-ada-0.9-1", c => c with { Augment = "ada:0.9:1" }),
        ("label-smoothing-0.9", c => c with { LabelSmoothing = 0.9 }),
        ("ema-0.9", c => c with { Ema = 0.9 }),
        ("lr-d-1e-4.lr-g-4e-4.beta1-0.5", c => c with { LearningRateD = 1e-4, LearningRateG = 4e-4, Beta1 = 0.5 }),
    ];

    /// <summary>
    /// The study's three pairs × both G losses × k ∈ {1, 3} × both slopes where the slope exists (20 cases), and one
    /// 1:3 schedule (three G steps per D step) on G1+D1; plus the opt-in <see cref="TrainingConfig.JointDBatch"/>
    /// (real and fake in one D forward, which rounds differently) on G1+D1 and G3+D2; then every other objective and
    /// every <see cref="Variants"/> entry on G1+D1, G2-BN+D1 in both slopes and the DCGAN preset on G2+D1,
    /// <see cref="VariantIterations"/> iterations each. All in float64 (<see cref="Precision.Fp64"/>): the precision in
    /// which a last-bit difference between two machines' kernels stays eight orders of magnitude below any change of
    /// the maths (README.md, "Tolerance"). float32 and bf16-mixed have cases of their own (<see cref="LowPrecisionTests"/>).
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
    }

    /// <summary>This case in another precision (its config's; the name stays the float64 case's, whose reference it is held against).</summary>
    public TrainingConfig ConfigIn(Precision precision) => Config with { Precision = precision };

    public override string ToString() => Name;
}
