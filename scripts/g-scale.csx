// Question (write-up 02, question 4; write-up 01's open question): why does G2 lose even to the small D1 while G1
// learns? With the study's LeakyReLU(True) (slope 1.0, the identity) G2 is one affine map of the noise followed by
// Tanh, so before Tanh its batch of outputs has rank ≤ 100. Trains G1, G2 with slope 1.0 (seed) and 0.2 (fixed), and
// G2-BN (slope 1.0) against D1 with the study's settings (BCE, Adam 3e-4, batch 64, noise 100, k = 1) for the first
// --steps steps, and measures G on a fixed noise batch at step 0 and every --every steps: the scale of its output (mean
// |x|, pixel std, share of saturated pixels |x| > 0.99, std of the pre-Tanh activation), its diversity (per-pixel std
// across the batch, mean pairwise L2 distance), its effective rank (singular values of the centred batch above 1% of
// the largest, and exp of the entropy of the normalised singular values), and D1's mean σ(D(·)) on it and on a fixed
// real batch, next to the step's losses and D(x), D(G(z)) from the trainer. G is measured in train mode, as the D step
// sees it: G2-BN's BatchNorm then normalises with the measured batch's own statistics (its running statistics are put
// back afterwards, so measuring changes no step); --g-mode eval measures with the running statistics instead.
// Writes OUT/g-scale/VARIANT/seed-N.csv (one row per measured step) and OUT/g-scale/summary.md (mean ± 95% CI across
// seeds at the report steps).
//
//   gan script scripts/g-scale.csx -- [--steps 200] [--every 1] [--seeds 0,1,2] [--variants g1,g2-seed] [--quick]
//   research/02-rescuing-d2/run.sh g-scale    # the defaults, into runs/02-rescuing-d2/g-scale and results/g-scale.md
#load "common.csx"

using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using Gan.Core;
using Gan.Core.Data;
using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Sweeps;
using Gan.Core.Training;
using MathNet.Numerics.Distributions;
using TorchSharp;
using static TorchSharp.torch;

const string Script = "g-scale.csx";
const string Question = "G's output scale, diversity and rank against D1 over the first steps: G1, G2 (slope 1.0 and 0.2), G2-BN";

var a = new ExperimentArgs(Script, Args,
[
    new("--steps", "N", "training steps per run (default 200; --quick 5)"),
    new("--every", "N", "measure every N steps, besides step 0 and the report steps (default 1)"),
    new("--noise-samples", "N", "size of the fixed noise batch (and of the real batch) G and D are measured on (default 1000; --quick 256)"),
    new("--pair-samples", "N", "the first N samples of that batch give the mean pairwise L2 distance (default 200)"),
    new("--report-steps", "LIST", "steps in summary.md (default 0,10,50 and --steps)"),
    new("--g-mode", "MODE", "train (default: as the D step sees G, BatchNorm on the batch's statistics) or eval (running statistics)"),
]);

var baseline = Experiments.BaseConfig(a, defaultEpochs: 1) with { Discriminator = "D1" };
var variants = new[]
{
    new Variant("g1", baseline with { Generator = "G1" }),
    new Variant("g2-seed", baseline with { Generator = "G2", Slope = SlopeVariant.Seed }),
    new Variant("g2-fixed", baseline with { Generator = "G2", Slope = SlopeVariant.Fixed }),
    new Variant("g2-bn-seed", baseline with { Generator = "G2-BN", Slope = SlopeVariant.Seed }),
};
if (a.Has("--help"))
{
    Console.WriteLine(a.Usage(Question, variants.Select(v => v.Name)));
    return ExitCodes.Ok;
}

// Runs here are a few hundred steps measured in this process: no run directories, checkpoints or sweep.
var notHere = new[] { "--epochs", "--sample-every", "--eval-every", "--eval-samples", "--ema", "--ema-start", "--list", "--task",
    "--jobs", "--slurm", "--dry-run", "--time", "--mem", "--cpus-per-task", "--partition" }.Where(a.Has).ToList();
if (notHere.Count > 0)
    throw new GanException($"{Script}: {string.Join(", ", notHere)} does not apply here: the runs are --steps steps measured in this process; leave it out");

bool quick = a.Has("--quick");
int Positive(string name, int fallback, int min = 1) =>
    a.Int(name) is int v ? (v >= min ? v : throw new GanException($"{Script}: {name} {v} must be at least {min}")) : fallback;
int steps = Positive("--steps", quick ? 5 : 200);
int every = Positive("--every", 1);
int noiseSamples = Positive("--noise-samples", quick ? 256 : 1000, min: 2);
int pairSamples = Positive("--pair-samples", Math.Min(200, noiseSamples), min: 2);
if (pairSamples > noiseSamples)
    throw new GanException($"{Script}: --pair-samples {pairSamples} exceeds --noise-samples {noiseSamples}; give at most {noiseSamples}");
var reportSteps = (a.Ints("--report-steps") ?? new[] { 0, 10, 50, steps }.Where(s => s <= steps).ToList()).Distinct().Order().ToList();
if (reportSteps.Any(s => s < 0 || s > steps))
    throw new GanException($"{Script}: --report-steps {string.Join(",", reportSteps)} must lie within 0..{steps} (--steps)");
var gMode = a.String("--g-mode") ?? "train";
if (gMode is not ("train" or "eval")) throw new GanException($"{Script}: --g-mode '{gMode}' must be train or eval");
var wanted = a.List("--variants");
foreach (var name in wanted ?? [])
{
    if (!variants.Any(v => v.Name == name))
        throw new GanException($"{Script}: unknown variant '{name}'; variants: {string.Join(", ", variants.Select(v => v.Name))}");
}
var selected = variants.Where(v => wanted is null || wanted.Contains(v.Name)).ToList();
var seeds = Experiments.Seeds(a);
var outDir = Path.Combine(a.String("--out") ?? "runs", "g-scale");

bool MeasuredAt(long step) => step % every == 0 || step == steps || reportSteps.Contains((int)step);

var device = DeviceSelector.Resolve(baseline.Device);
var rows = new Dictionary<(string Variant, long Seed), List<Row>>();
Row real;
using (var full = ImageDataset.Load(baseline.Dataset, DatasetCatalog.RequireDirectory(baseline.Dataset, baseline.DataDir), Split.Train))
using (var data = baseline.TrainSubset is int subset ? full.Take(subset) : full.Take(full.Count))
{
    if (noiseSamples > data.Count)
        throw new GanException($"{Script}: --noise-samples {noiseSamples} exceeds the {data.Count} training images the real batch is drawn from; give at most {data.Count}");
    using var realBatch = data.Images.narrow(0, 0, noiseSamples).to(device);
    real = new Row(-1, OutputStats(realBatch, null, pairSamples), double.NaN, double.NaN, null);
    foreach (var v in selected)
    {
        foreach (var seed in seeds)
        {
            var watch = Stopwatch.StartNew();
            var measured = Train(v.Config with { Seed = seed }, data, realBatch);
            rows[(v.Name, seed)] = measured;
            var path = Path.Combine(outDir, v.Name, $"seed-{seed}.csv");
            WriteCsv(path, measured);
            var last = measured[^1];
            Console.Error.WriteLine($"{Script}: {v.Name} seed {seed}: {steps} steps in {watch.Elapsed.TotalSeconds:F1} s; step {last.Step}: " +
                $"pixel std {last.Output["pixel_std"]:G3}, erank {last.Output["erank"]:G3}, σ(D(G(z))) {last.DFakeFixed:G3} -> {path}");
        }
    }
}
var summary = Path.Combine(outDir, "summary.md");
File.WriteAllText(summary, Summary());
Console.Error.WriteLine($"{Script}: {summary}");
return ExitCodes.Ok;

/// <summary>
/// Trains one config for <c>steps</c> steps, measuring at step 0 and at every measured step. The noise batch comes from
/// a generator of its own (the seed's evaluation stream), so the trainer draws exactly what it draws unmeasured.
/// </summary>
List<Row> Train(TrainingConfig config, ImageDataset data, Tensor realBatch)
{
    using var trainer = new GanTrainer(config, data, checkModels: (g, d) => CheckKernels(config, data.Count, g, d));
    using var noiseGen = new torch.Generator((ulong)SeedStreams.Evaluation(config.Seed));
    using var z = randn(noiseSamples, config.NoiseDim, generator: noiseGen).to(device);
    var measured = new List<Row> { Measure(trainer, z, realBatch, 0, null) };
    while (trainer.Step < steps)
    {
        foreach (var record in trainer.TrainEpoch())
        {
            if (MeasuredAt(record.Step)) measured.Add(Measure(trainer, z, realBatch, record.Step, record));
            if (record.Step >= steps) break;
        }
    }
    return measured;
}

/// <summary>
/// The kernel check of a training run, except G's training-mode forward at batch 1 when G has BatchNorm1d: on one
/// sample, batch statistics make the output a float32 rounding residue divided by √eps, which the check's float64
/// reference computes as exactly 0 and reports as a failed kernel. The runs here train on full batches of 64.
/// </summary>
void CheckKernels(TrainingConfig config, int trainCount, Gan.Core.Models.Generator g, Discriminator d)
{
    if (DeviceSelector.Resolve(config.Device).type != DeviceType.CPU) return;
    var plan = KernelCheckPlan.ForTraining(config, trainCount, g, d);
    if (g.modules().Any(m => m is TorchSharp.Modules.BatchNorm1d))
        plan = plan with
        {
            Models = plan.Models.Select(t => t.Training && t.Name == config.Generator ? t with { BatchSizes = t.BatchSizes.Where(b => b > 1).ToList() } : t).ToList(),
        };
    KernelCheck.Require(plan, config.Threads);
}

/// <summary>
/// G(z) in the asked mode with the input of its Tanh caught by a pre-hook, then D's mean σ on it and on the real batch
/// (D in eval mode: no dropout draws). G's buffers are put back, so a train-mode BatchNorm's running statistics do not
/// see the measurement.
/// </summary>
Row Measure(GanTrainer trainer, Tensor z, Tensor realBatch, long step, StepRecord? record)
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
    var g = trainer.G;
    var d = trainer.D;
    var tanh = g.named_modules().Select(m => m.module).OfType<TorchSharp.Modules.Tanh>().ToList() is [var only] ? only
        : throw new GanException($"{Script}: {g.GetName()} needs exactly one Tanh module to measure its pre-activation");
    var buffers = g.buffers().ToList();
    var saved = buffers.Select(b => b.clone()).ToList();
    Tensor? pre = null;
    var hook = tanh.register_forward_pre_hook((_, input) =>
    {
        // A copy: Sequential disposes each layer's input once the next layer has run.
        pre = input.clone();
        return null;
    });
    bool gTraining = g.training, dTraining = d.training;
    Tensor x;
    try
    {
        g.train(gMode == "train");
        x = g.forward(z);
    }
    finally
    {
        hook.remove();
        g.train(gTraining);
        foreach (var (b, s) in buffers.Zip(saved)) b.copy_(s);
    }
    double dReal, dFake;
    try
    {
        d.eval();
        dReal = d.forward(realBatch).sigmoid().to(float64).mean().item<double>();
        dFake = d.forward(x).sigmoid().to(float64).mean().item<double>();
    }
    finally
    {
        d.train(dTraining);
    }
    return new Row(step, OutputStats(x, pre, pairSamples), dReal, dFake, record);
}

/// <summary>The output statistics of a batch of images in [−1, 1], and of its pre-Tanh activation when given; float64.</summary>
static Dictionary<string, double> OutputStats(Tensor images, Tensor? preTanh, int pairSamples)
{
    using var scope = NewDisposeScope();
    var x = images.reshape(images.shape[0], -1).to(float64);
    var (rank, erank) = EffectiveRank(x);
    var sub = x.narrow(0, 0, pairSamples);
    long n = sub.shape[0];
    var stats = new Dictionary<string, double>
    {
        ["mean"] = x.mean().item<double>(),
        ["mean_abs"] = x.abs().mean().item<double>(),
        ["pixel_std"] = x.std().item<double>(),
        ["saturated"] = (x.abs() > 0.99).to(float64).mean().item<double>(),
        ["per_pixel_std"] = x.std(0).mean().item<double>(),
        // The diagonal of cdist is zero: the sum over all pairs divided by the n(n − 1) off-diagonal ones.
        ["pairwise_l2"] = cdist(sub, sub).sum().item<double>() / (n * (n - 1)),
        ["rank_1pct"] = rank,
        ["erank"] = erank,
        ["pre_std"] = double.NaN,
        ["pre_rank_1pct"] = double.NaN,
        ["pre_erank"] = double.NaN,
    };
    if (preTanh is not null)
    {
        var p = preTanh.reshape(preTanh.shape[0], -1).to(float64);
        stats["pre_std"] = p.std().item<double>();
        (stats["pre_rank_1pct"], stats["pre_erank"]) = EffectiveRank(p);
    }
    return stats;
}

/// <summary>
/// Of the batch centred on its mean sample: the number of singular values above 1% of the largest, and the entropy
/// effective rank exp(−Σ pᵢ ln pᵢ), pᵢ = σᵢ / Σσ (Roy and Vetterli 2007). Zero for a batch of identical samples.
/// </summary>
static (double Rank, double ERank) EffectiveRank(Tensor batch)
{
    using var scope = NewDisposeScope();
    var sv = linalg.svdvals(batch - batch.mean([0], keepdim: true)).data<double>().ToArray();
    if (sv.Length == 0 || sv[0] <= 0) return (0, 0);
    double total = sv.Sum();
    double entropy = -sv.Where(s => s > 0).Sum(s => s / total * Math.Log(s / total));
    return (sv.Count(s => s > 0.01 * sv[0]), Math.Exp(entropy));
}

void WriteCsv(string path, List<Row> measured)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var sb = new StringBuilder();
    var header = Row.Outputs.Select(o => o.Column).Prepend("step").Concat(["d_real_fixed", "d_fake_fixed", "d_loss", "g_loss", "d_real", "d_fake"]);
    sb.AppendLine(string.Join(",", header));
    foreach (var r in measured)
    {
        var values = Row.Outputs.Select(o => r.Output[o.Column])
            .Concat([r.DRealFixed, r.DFakeFixed, r.Record?.DLoss ?? double.NaN, r.Record?.GLoss ?? double.NaN,
                r.Record?.DReal ?? double.NaN, r.Record?.DFake ?? double.NaN]);
        sb.AppendLine(string.Join(",", values.Select(Csv).Prepend(r.Step.ToString(CultureInfo.InvariantCulture))));
    }
    File.WriteAllText(path, sb.ToString());
}

static string Csv(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

string Summary()
{
    var sb = new StringBuilder();
    sb.AppendLine("# g-scale: G's output against D1 over the first steps");
    sb.AppendLine();
    sb.AppendLine($"`gan script scripts/{Script} -- {string.Join(" ", Args)}`: {baseline.Dataset}" +
        $"{(baseline.TrainSubset is int t ? $" (first {t} images)" : "")}, {steps} steps, seeds {string.Join(",", seeds)}, " +
        $"{noiseSamples} fixed noise vectors (pairwise L2 on the first {pairSamples}). Mean ± 95% CI (Student t) across seeds.");
    sb.AppendLine();
    sb.AppendLine(gMode == "train"
        ? "G is measured in **train mode**, as the D step sees it: G2-BN's BatchNorm normalises with the measured batch's statistics (eval mode would use the running ones)."
        : "G is measured in **eval mode**: G2-BN's BatchNorm uses its running statistics, not what the D step sees in training (train mode).");
    sb.AppendLine("x is G's output (N × 784, in [−1, 1]), a the input of its Tanh. Saturated: share of pixels with |x| > 0.99. " +
        "Per-pixel std: std across the batch, averaged over pixels (diversity). Rank > 1%: singular values of the centred batch above 1% of the largest; " +
        "erank: exp of the entropy of the normalised singular values. The real row is the same statistics on the first real images.");
    sb.AppendLine();
    sb.AppendLine($"| variant | step | {string.Join(" | ", Row.Outputs.Select(o => o.Header))} |");
    sb.AppendLine($"| --- | ---: |{string.Concat(Row.Outputs.Select(_ => " ---: |"))}");
    sb.AppendLine($"| real | — | {string.Join(" | ", Row.Outputs.Select(o => Fmt(real.Output[o.Column])))} |");
    foreach (var (variant, step, at) in ReportRows())
        sb.AppendLine($"| {variant} | {step} | {string.Join(" | ", Row.Outputs.Select(o => FmtCi(at.Select(r => r.Output[o.Column]))))} |");
    sb.AppendLine();
    sb.AppendLine("D1's mean σ(D(·)) on the fixed real batch and on G(z) of the fixed noise (D in eval mode), and the trainer's step record " +
        "(losses; D(x), D(G(z)) on the step's batch of 64 before D's update; none at step 0).");
    sb.AppendLine();
    sb.AppendLine("| variant | step | σ(D(real)) | σ(D(G(z))) | D loss | G loss | D(x) step | D(G(z)) step |");
    sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (variant, step, at) in ReportRows())
    {
        var cells = new[]
        {
            FmtCi(at.Select(r => r.DRealFixed)), FmtCi(at.Select(r => r.DFakeFixed)),
            FmtCi(at.Select(r => r.Record?.DLoss ?? double.NaN)), FmtCi(at.Select(r => r.Record?.GLoss ?? double.NaN)),
            FmtCi(at.Select(r => r.Record?.DReal ?? double.NaN)), FmtCi(at.Select(r => r.Record?.DFake ?? double.NaN)),
        };
        sb.AppendLine($"| {variant} | {step} | {string.Join(" | ", cells)} |");
    }
    return sb.ToString();
}

/// <summary>Each selected variant at each report step, with that step's row of every seed.</summary>
IEnumerable<(string Variant, int Step, List<Row> Rows)> ReportRows() =>
    from v in selected
    from step in reportSteps
    select (v.Name, step, seeds.Select(s => rows[(v.Name, s)].Single(r => r.Step == step)).ToList());

static string Fmt(double x) =>
    double.IsNaN(x) ? "n/a"
    : x != 0 && (Math.Abs(x) >= 1e5 || Math.Abs(x) < 1e-3) ? x.ToString("0.###e+0", CultureInfo.InvariantCulture)
    : x.ToString("G4", CultureInfo.InvariantCulture);

/// <summary>Mean ± the 95% half-width (Student t, n − 1 degrees of freedom), formatted as research/RunFiles.fsx does.</summary>
static string FmtCi(IEnumerable<double> values)
{
    var xs = values.ToArray();
    if (xs.Length == 0 || xs.Any(double.IsNaN)) return "n/a";
    double m = xs.Average();
    if (xs.Length < 2) return Fmt(m);
    double sd = Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Length - 1));
    double h = StudentT.InvCDF(0, 1, xs.Length - 1, 0.975) * sd / Math.Sqrt(xs.Length);
    if (h != 0 && h < 1e-4) return $"{Fmt(m)} ± {h.ToString("0.#e+0", CultureInfo.InvariantCulture)}";
    int decimals = h == 0 ? 0 : Math.Max(0, 1 - (int)Math.Floor(Math.Log10(h)));
    return $"{Fmt(m)} ± {h.ToString("F" + decimals, CultureInfo.InvariantCulture)}";
}

/// <summary>One measured step: G's output statistics, D's σ on the fixed batches, and the step's record (none at step 0).</summary>
public sealed record Row(long Step, Dictionary<string, double> Output, double DRealFixed, double DFakeFixed, StepRecord? Record)
{
    /// <summary>The output statistics: CSV column and summary.md header, in order.</summary>
    public static readonly (string Column, string Header)[] Outputs =
    [
        ("mean", "mean x"), ("mean_abs", "mean abs x"), ("pixel_std", "pixel std"), ("saturated", "saturated"), ("pre_std", "std a"),
        ("per_pixel_std", "per-pixel std"), ("pairwise_l2", "pairwise L2"), ("rank_1pct", "rank > 1%"), ("erank", "erank"),
        ("pre_rank_1pct", "rank a > 1%"), ("pre_erank", "erank a"),
    ];
}
