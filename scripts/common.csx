// Shared by the experiment scripts (#load "common.csx"): command-line options, and the handover of a script's
// variants × seeds grid to Gan.Core's sweep runner (Gan.Core.Sweeps: --list, --task, --jobs, --slurm, index.csv).
//
// Runs with `gan script scripts/NAME.csx -- ARGS` (the repo's offline host) or with dotnet-script after
// `dotnet build -c Release` (the path reference below then points at the built Gan.Core).
#r "nuget: TorchSharp-cpu, 0.107.0"
#r "nuget: TorchVision, 0.107.0"
#r "nuget: MathNet.Numerics, 5.0.0"
#r "../src/Gan.Core/bin/Release/net10.0/Gan.Core.dll"

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Gan.Core;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Sweeps;
using Gan.Core.Training;

// Before the first torch call: under dotnet-script this is what pins LibTorch's compute paths (gan script already did),
// for the precision the arguments ask for.
Gan.Core.Runtime.NativeRuntime.Initialize([.. Args]);

/// <summary>One command-line option a script accepts; <c>Value</c> is null for a flag.</summary>
public sealed record OptionSpec(string Name, string? Value, string Help);

/// <summary>
/// <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> arguments. Every name must be declared, so a typo is
/// a one-line error (a <see cref="GanException"/>, exit code 2) instead of a silently ignored setting.
/// </summary>
public sealed class ExperimentArgs
{
    /// <summary>Options every experiment script takes.</summary>
    public static readonly OptionSpec[] Common =
    [
        new("--quick", null, "tiny smoke run: a small image subset, 1 epoch, seed 0 (explicit options still win)"),
        new("--epochs", "N", "epochs per run"),
        new("--seeds", "LIST", "comma-separated seeds, e.g. 0,1,2 (default 0,1,2)"),
        new("--variants", "LIST", "run only these variants (names as listed below)"),
        new("--subset", "N", "train on the first N images only"),
        new("--batch-size", "N", "default 64"),
        new("--dataset", "NAME", "mnist-sample (default), mnist, fashion-mnist"),
        new("--data-dir", "DIR", "any folder of MNIST-layout IDX files"),
        new("--threads", "T", "LibTorch intra-op threads (0 = LibTorch's default)"),
        new("--device", "DEVICE", "cpu (default), cuda or auto"),
        new("--sample-every", "N", "write a sample grid every N epochs (the last epoch always gets one)"),
        new("--eval-every", "N", "evaluate every N epochs and after the last into eval.csv (0 = off, the default)"),
        new("--eval-samples", "N", "generated samples per evaluation (default 10000)"),
        new("--lr-d", "LR", "D's Adam learning rate (two time-scale updates; default the study's 3e-4)"),
        new("--lr-g", "LR", "G's Adam learning rate (default the study's 3e-4)"),
        new("--lr", "LR", "Adam learning rate of both nets (default the study's 3e-4; --lr-d/--lr-g override)"),
        new("--beta1", "B", "Adam beta1 for both nets (default 0.9; DCGAN used 0.5)"),
        new("--beta1-d", "B", "D's Adam beta1 (overrides --beta1)"),
        new("--beta1-g", "B", "G's Adam beta1 (overrides --beta1)"),
        new("--beta2", "B", "Adam beta2 for both nets (default 0.999)"),
        new("--noise-dim", "N", "length of G's noise vector z (default the study's 100)"),
        new("--d-reg", "REG", "a D regulariser: r1[:γ] (default none)"),
        new("--label-smoothing", "Y", "one-sided label smoothing: D's target for real data, e.g. 0.9"),
        new("--spectral-norm", "NETS", "d: spectral normalisation of D's Linear and Conv2d layers"),
        new("--d-dropout", "P", "dropout after each hidden activation of D's MLP layers"),
        new("--instance-noise", "SIGMA", "σ[:steps]: Gaussian noise on D's inputs, annealed to 0 over steps D steps"),
        new("--augment", "AUG", "diffaug[:POLICY]: DiffAugment on every image D sees (POLICY: color, brightness, contrast, translation, cutout); ada[:TARGET[:KIMG]]: ADA, p adapted from r_t towards TARGET (0.6) at most 1 per KIMG thousand reals (500)"),
        new("--ema", "DECAY", "average G's weights (e.g. 0.999); samples and evaluation use the average"),
        new("--ema-start", "STEP", "G steps before the average starts (default 0)"),
        new("--preset", "NAME", "a recipe applied before the other options: dcgan (slope 0.2, lr 2e-4, β1 0.5)"),
        new("--joint-d-batch", null, "D scores real and fake in one forward: same math for D1/D2 (no BatchNorm), other float rounding, D2 steps ~20% faster"),
        new("--precision", "P", "fp32 (default), fp64 (everything in float64, the reference precision) or bf16-mixed: Linear/Conv2d multiply in bfloat16, several times faster on a CPU with avx512_bf16 (bf16-mixed! forces it on another CPU)"),
        new("--checkpoint-every", "N", "a resumable checkpoint every N steps as well as at epoch ends (default 0: epoch ends only)"),
        new("--keep-checkpoints", "K", "keep only the K newest step checkpoints"),
        new("--on-nan", "POLICY", "stop (default) or skip-step when a loss is not finite"),
        new("--tensorboard", "ON", "on (default) or off: TensorBoard event files in each run's tb/"),
        new("--out", "DIR", "root of the experiment folders (default runs)"),
        new("--list", null, "list the grid's tasks (id, variant, seed, run directory) and exit"),
        new("--task", "ID", "run only task ID of --list (finished: kept; interrupted: resumed)"),
        new("--jobs", "N", "run N tasks at once as separate processes, the cores split between them (logs in OUT/EXPERIMENT/logs)"),
        new("--slurm", null, "submit the unfinished tasks as a Slurm job array (sbatch; requeued tasks resume)"),
        new("--dry-run", null, "with --slurm: print the sbatch script instead of submitting it"),
        new("--time", "T", $"with --slurm: time limit per task (default {SlurmResources.DefaultTime})"),
        new("--mem", "M", $"with --slurm: memory per task (default {SlurmResources.DefaultMemory})"),
        new("--cpus-per-task", "N", $"with --slurm: CPUs (= LibTorch threads) per task (default {SlurmResources.DefaultCpus})"),
        new("--partition", "P", "with --slurm: the partition to submit to"),
        new("--help", null, "print this help"),
    ];

    readonly string _script;
    readonly Dictionary<string, string?> _values = new();
    readonly List<(string Name, string[] Tokens)> _given = new();

    public ExperimentArgs(string script, IEnumerable<string> args, IEnumerable<OptionSpec> extra)
    {
        _script = script;
        Specs = Common.Concat(extra).ToList();
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[..eq] : arg;
            var spec = Specs.FirstOrDefault(s => s.Name == name)
                ?? throw new GanException($"{script}: unknown option '{arg}'; options: {string.Join(", ", Specs.Select(s => s.Name))} (--help explains them)");
            if (_values.ContainsKey(name)) throw new GanException($"{script}: option {name} given twice");
            if (spec.Value is null)
            {
                if (eq > 0) throw new GanException($"{script}: {name} is a flag and takes no value");
                _values[name] = null;
                _given.Add((name, [arg]));
            }
            else if (eq > 0)
            {
                _values[name] = arg[(eq + 1)..];
                _given.Add((name, [arg]));
            }
            else if (i + 1 < list.Count)
            {
                _values[name] = list[++i];
                _given.Add((name, [arg, list[i]]));
            }
            else throw new GanException($"{script}: option {name} needs a value ({spec.Value})");
        }
    }

    public IReadOnlyList<OptionSpec> Specs { get; }

    /// <summary>The arguments as given, without the named options (and their values).</summary>
    public IReadOnlyList<string> Without(IReadOnlyCollection<string> names) =>
        _given.Where(g => !names.Contains(g.Name)).SelectMany(g => g.Tokens).ToList();

    public bool Has(string name) => _values.ContainsKey(Declared(name));

    public string? String(string name) => _values.TryGetValue(Declared(name), out var v) ? v : null;

    public double? Double(string name)
    {
        var s = String(name);
        if (s is null) return null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new GanException($"{_script}: {name} '{s}' is not a number");
    }

    public int? Int(string name)
    {
        var s = String(name);
        if (s is null) return null;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new GanException($"{_script}: {name} '{s}' is not an integer");
    }

    /// <summary>A comma-separated list, or null when the option is absent.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        var s = String(name);
        if (s is null) return null;
        var items = s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.Length > 0 ? items : throw new GanException($"{_script}: {name} needs at least one value");
    }

    public IReadOnlyList<T>? List<T>(string name, Func<string, T> parse) => List(name)?.Select(parse).ToList();

    public IReadOnlyList<int>? Ints(string name) => List(name, s =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new GanException($"{_script}: {name} value '{s}' is not an integer"));

    public string Usage(string question, IEnumerable<string> variants)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{_script}: {question}");
        sb.AppendLine($"usage: gan script scripts/{_script} -- [options]");
        foreach (var s in Specs)
            sb.AppendLine($"  {(s.Name + (s.Value is null ? "" : " " + s.Value)),-22} {s.Help}");
        sb.Append($"variants: {string.Join(", ", variants)}");
        return sb.ToString();
    }

    string Declared(string name) =>
        Specs.Any(s => s.Name == name) ? name : throw new InvalidOperationException($"{_script} reads undeclared option {name}");
}

/// <summary>What an experiment script asks the grid runner to do.</summary>
public sealed record Experiment(string Name, string Script, string Question, IReadOnlyList<Variant> Variants);

public static class Experiments
{
    /// <summary>The study's settings plus the common options; --quick shrinks data and epochs, explicit options still win.</summary>
    public static TrainingConfig BaseConfig(ExperimentArgs a, int defaultEpochs, int quickSubset = 256)
    {
        bool quick = a.Has("--quick");
        var c = a.String("--preset") is string preset ? TrainingPresets.Get(preset).Apply(new TrainingConfig()) : new TrainingConfig();
        var noise = a.String("--instance-noise") is string n ? TrainingOptions.ParseInstanceNoise(n) : (c.InstanceNoise, c.InstanceNoiseSteps);
        return c with
        {
            Epochs = a.Int("--epochs") ?? (quick ? 1 : defaultEpochs),
            TrainSubset = a.Int("--subset") ?? (quick ? quickSubset : null),
            BatchSize = a.Int("--batch-size") ?? c.BatchSize,
            Dataset = a.String("--dataset") ?? c.Dataset,
            DataDir = a.String("--data-dir"),
            Threads = a.Int("--threads") ?? c.Threads,
            Device = a.String("--device") ?? c.Device,
            SampleEvery = a.Int("--sample-every") ?? c.SampleEvery,
            EvalEvery = a.Int("--eval-every") ?? c.EvalEvery,
            EvalSamples = a.Int("--eval-samples") ?? c.EvalSamples,
            JointDBatch = a.Has("--joint-d-batch") || c.JointDBatch,
            Precision = a.String("--precision") is string p ? Gan.Core.Runtime.PrecisionExtensions.ResolveHere(p, Console.Error.WriteLine) : c.Precision,
            LearningRateD = a.Double("--lr-d"),
            LearningRateG = a.Double("--lr-g"),
            LearningRate = a.Double("--lr") ?? c.LearningRate,
            Beta1 = a.Double("--beta1") ?? c.Beta1,
            Beta1D = a.Double("--beta1-d") ?? c.Beta1D,
            Beta1G = a.Double("--beta1-g") ?? c.Beta1G,
            Beta2 = a.Double("--beta2") ?? c.Beta2,
            NoiseDim = a.Int("--noise-dim") ?? c.NoiseDim,
            CheckpointEvery = a.Int("--checkpoint-every") ?? c.CheckpointEvery,
            KeepCheckpoints = a.Int("--keep-checkpoints") ?? c.KeepCheckpoints,
            OnNan = a.String("--on-nan") is string nan ? NanPolicyExtensions.Parse(nan) : c.OnNan,
            TensorBoard = a.String("--tensorboard") is string tb ? TrainingOptions.ParseOnOff("--tensorboard", tb) : c.TensorBoard,
            DRegulariser = a.String("--d-reg"),
            LabelSmoothing = a.Double("--label-smoothing"),
            DSpectralNorm = a.String("--spectral-norm") is string sn && TrainingOptions.ParseSpectralNorm(sn),
            DDropout = a.Double("--d-dropout") ?? c.DDropout,
            Augment = a.String("--augment") ?? c.Augment,
            InstanceNoise = noise.Item1,
            InstanceNoiseSteps = noise.Item2,
            Ema = a.Double("--ema"),
            EmaStart = a.Int("--ema-start") ?? c.EmaStart,
        };
    }

    /// <summary>Applies <c>--pair NAME</c> or <c>--g G --d D</c> (a script declares them with <see cref="PairOptions"/>).</summary>
    public static TrainingConfig WithPair(ExperimentArgs a, TrainingConfig c, string defaultPair)
    {
        var pair = a.String("--pair");
        var (g, d) = (a.String("--g"), a.String("--d"));
        if (pair is not null && (g is not null || d is not null)) throw new GanException("give either --pair or --g/--d, not both");
        if ((g is null) != (d is null)) throw new GanException("--g and --d go together (for example --g G3 --d D1); or use --pair");
        if (g is not null) return c with { Generator = ModelZoo.CanonicalGenerator(g), Discriminator = ModelZoo.CanonicalDiscriminator(d!) };
        var p = ModelZoo.Pair(pair ?? defaultPair);
        return c with { Generator = p.Generator, Discriminator = p.Discriminator };
    }

    public static OptionSpec[] PairOptions(string defaultPair) =>
    [
        new("--pair", "PAIR", $"g1-d1, g2-d2 or g3-d2 (default {defaultPair})"),
        new("--g", "G", "generator G1|G2|G3, with --d instead of --pair"),
        new("--d", "D", "discriminator D1|D2"),
    ];

    /// <summary>An option naming one objective (bce, hinge, wgan-gp:10, ...), for scripts whose variants do not set it.</summary>
    public static OptionSpec ObjectiveOption() =>
        new("--objective", "NAME", $"{string.Join(", ", ObjectiveRegistry.Names)} (default {ObjectiveRegistry.Default}, the study's)");

    /// <summary>Applies <c>--objective NAME</c> (declared with <see cref="ObjectiveOption"/>).</summary>
    public static TrainingConfig WithObjective(ExperimentArgs a, TrainingConfig c) =>
        a.String("--objective") is string o ? c with { Objective = o } : c;

    public static IReadOnlyList<long> Seeds(ExperimentArgs a) =>
        a.List("--seeds", s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new GanException($"--seeds value '{s}' is not an integer"))
        ?? (a.Has("--quick") ? [0L] : [0L, 1L, 2L]);

    /// <summary>The options that say how to run the grid, not what to train: task processes get the others again.</summary>
    static readonly string[] SweepOptionNames = ["--list", "--task", "--jobs", "--slurm", "--dry-run", "--time", "--mem", "--cpus-per-task", "--partition", "--threads"];

    /// <summary>
    /// Hands the grid (selected variants × seeds, runs in OUT/EXPERIMENT/VARIANT/seed-N) to Gan.Core's
    /// <see cref="Sweep"/>: by default every run here in turn, or --list, --task, --jobs, --slurm. Finished runs are
    /// kept, interrupted ones resume, and OUT/EXPERIMENT/index.csv is rebuilt. Returns the exit code (130 when interrupted).
    /// </summary>
    public static int Run(Experiment e, ExperimentArgs a)
    {
        if (a.Has("--help"))
        {
            Console.WriteLine(a.Usage(e.Question, e.Variants.Select(v => v.Name)));
            return ExitCodes.Ok;
        }
        var grid = SweepGrid.Build(e.Name, e.Script, Path.Combine(a.String("--out") ?? "runs", e.Name), e.Variants, a.List("--variants"), Seeds(a));
        var slurmOnly = new[] { "--time", "--mem", "--cpus-per-task", "--partition" }.Where(a.Has).ToList();
        if (!a.Has("--slurm") && slurmOnly.Count > 0)
            throw new GanException($"{e.Script}: {string.Join(", ", slurmOnly)} go with --slurm");
        var slurm = a.Has("--slurm")
            ? new SlurmResources(a.String("--time") ?? SlurmResources.DefaultTime, a.String("--mem") ?? SlurmResources.DefaultMemory,
                a.Int("--cpus-per-task") ?? SlurmResources.DefaultCpus, a.String("--partition"))
            : null;
        return Sweep.Run(grid, new SweepOptions(ScriptPath(e.Script), a.Without(SweepOptionNames))
        {
            List = a.Has("--list"),
            Task = a.Int("--task"),
            Jobs = a.Int("--jobs"),
            Threads = a.Int("--threads"),
            Slurm = slurm,
            DryRun = a.Has("--dry-run"),
        });
    }

    /// <summary>An experiment script's path: it sits next to this file.</summary>
    static string ScriptPath(string script, [CallerFilePath] string common = "") => Path.Combine(Path.GetDirectoryName(common)!, script);
}
