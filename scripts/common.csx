// Shared by the experiment scripts (#load "common.csx"): command-line options, the variants × seeds grid runner
// that trains each run with Gan.Core's TrainingRun.Execute, and runs/<experiment>/index.csv.
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
using System.Text;
using System.Text.Json;
using System.Threading;
using Gan.Core;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runs;
using Gan.Core.Training;

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
        new("--beta1", "B", "Adam beta1 for both nets (default 0.9; DCGAN used 0.5)"),
        new("--d-reg", "REG", "a D regulariser: r1[:γ] (default none)"),
        new("--label-smoothing", "Y", "one-sided label smoothing: D's target for real data, e.g. 0.9"),
        new("--spectral-norm", "NETS", "d: spectral normalisation of D's Linear and Conv2d layers"),
        new("--d-dropout", "P", "dropout after each hidden activation of D's MLP layers"),
        new("--instance-noise", "SIGMA", "σ[:steps]: Gaussian noise on D's inputs, annealed to 0 over steps D steps"),
        new("--ema", "DECAY", "average G's weights (e.g. 0.999); samples and evaluation use the average"),
        new("--ema-start", "STEP", "G steps before the average starts (default 0)"),
        new("--preset", "NAME", "a recipe applied before the other options: dcgan (slope 0.2, lr 2e-4, β1 0.5)"),
        new("--joint-d-batch", null, "D scores real and fake in one forward: same math for D1/D2 (no BatchNorm), other float rounding, D2 steps ~20% faster"),
        new("--out", "DIR", "root of the experiment folders (default runs)"),
        new("--help", null, "print this help"),
    ];

    readonly string _script;
    readonly Dictionary<string, string?> _values = new();

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
            }
            else if (eq > 0) _values[name] = arg[(eq + 1)..];
            else if (i + 1 < list.Count) _values[name] = list[++i];
            else throw new GanException($"{script}: option {name} needs a value ({spec.Value})");
        }
    }

    public IReadOnlyList<OptionSpec> Specs { get; }

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

/// <summary>A named training configuration in an experiment; its runs go to runs/EXPERIMENT/NAME/seed-N.</summary>
public sealed record Variant(string Name, TrainingConfig Config);

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
            LearningRateD = a.Double("--lr-d"),
            LearningRateG = a.Double("--lr-g"),
            Beta1 = a.Double("--beta1") ?? c.Beta1,
            DRegulariser = a.String("--d-reg"),
            LabelSmoothing = a.Double("--label-smoothing"),
            DSpectralNorm = a.String("--spectral-norm") is string sn && TrainingOptions.ParseSpectralNorm(sn),
            DDropout = a.Double("--d-dropout") ?? c.DDropout,
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

    /// <summary>
    /// Trains every selected variant for every seed into OUT/EXPERIMENT/VARIANT/seed-N and rewrites
    /// OUT/EXPERIMENT/index.csv after each run. A finished run with the same config is kept and skipped, and an
    /// unfinished one (interrupted, killed) continues from its newest checkpoint, so an interrupted grid resumes where it
    /// stopped. Returns the exit code (130 when interrupted).
    /// </summary>
    public static int Run(Experiment e, ExperimentArgs a)
    {
        if (a.Has("--help"))
        {
            Console.WriteLine(a.Usage(e.Question, e.Variants.Select(v => v.Name)));
            return ExitCodes.Ok;
        }
        var chosen = a.List("--variants");
        var variants = chosen is null ? e.Variants : chosen.Select(n =>
            e.Variants.FirstOrDefault(v => v.Name == n)
            ?? throw new GanException($"{e.Script}: unknown variant '{n}'; choose from {string.Join(", ", e.Variants.Select(v => v.Name))}")).ToList();
        var seeds = Seeds(a);
        // Validate everything before the first run, so a bad value fails in a second, not hours into a grid.
        var runs = (from v in variants from s in seeds select (v.Name, Seed: s, Config: (v.Config with { Seed = s }).Validate())).ToList();
        foreach (var name in runs.Select(r => r.Config.Dataset).Distinct())
            Gan.Core.Data.DatasetCatalog.RequireDirectory(name, runs[0].Config.DataDir);

        var root = Path.Combine(a.String("--out") ?? "runs", e.Name);
        var state = runs.ToDictionary(r => (r.Name, r.Seed), r => StateOf(RunDir(root, r.Name, r.Seed), r.Config));
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, args) =>
        {
            if (interrupt.IsCancellationRequested) return;
            args.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            Console.WriteLine($"[{e.Name}] {variants.Count} variant(s) × {seeds.Count} seed(s) = {runs.Count} run(s) into {Path.GetFullPath(root)}");
            foreach (var (name, seed, config) in runs)
            {
                var dir = RunDir(root, name, seed);
                var label = $"[{e.Name}] {name} seed {seed}";
                if (state[(name, seed)] == RunState.Completed)
                {
                    Console.WriteLine($"{label}: already completed, kept");
                    continue;
                }
                var observer = new GridObserver(label, config.Epochs);
                RunSummary summary;
                if (state[(name, seed)] == RunState.Unfinished)
                {
                    Console.WriteLine($"{label}: resuming the unfinished run in {dir}");
                    summary = TrainingRun.Resume(dir, observer, interrupt.Token);
                }
                else
                    summary = TrainingRun.Execute(config, dir, observer, interrupt.Token);
                Console.WriteLine($"{label}: {summary.Status}, {summary.Steps} steps in {summary.WallSeconds:F1} s, final D loss {summary.FinalDLoss:G4}, G loss {summary.FinalGLoss:G4}");
                ExperimentIndex.Write(root);
                if (summary.Status != "completed") return ExitCodes.Interrupted;
            }
            ExperimentIndex.Write(root);
            Console.WriteLine($"[{e.Name}] index: {Path.GetFullPath(Path.Combine(root, ExperimentIndex.FileName))}");
            return ExitCodes.Ok;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    static string RunDir(string root, string variant, long seed) => Path.Combine(root, variant, $"seed-{seed}");

    enum RunState { New, Unfinished, Completed }

    /// <summary>Whether DIR holds nothing yet, this run unfinished, or this run completed; a run with another config there is an error, never overwritten.</summary>
    static RunState StateOf(string dir, TrainingConfig config)
    {
        var run = new RunDirectory(dir);
        if (!File.Exists(run.ConfigPath)) return RunState.New;
        var recorded = run.ReadRecord().Config;
        if (recorded != config)
            throw new GanException($"{dir} holds a run with other settings ({Differences(recorded, config)}); use another --out or delete it");
        return run.ReadSummary() is { Status: "completed" } ? RunState.Completed : RunState.Unfinished;
    }

    static string Differences(TrainingConfig there, TrainingConfig asked)
    {
        var a = JsonSerializer.SerializeToElement(there, Json.Options);
        var b = JsonSerializer.SerializeToElement(asked, Json.Options);
        return string.Join(", ", a.EnumerateObject()
            .Select(p => (p.Name, There: p.Value.GetRawText(), Asked: b.GetProperty(p.Name).GetRawText()))
            .Where(p => p.There != p.Asked)
            .Select(p => $"{p.Name} {p.There} there, {p.Asked} asked"));
    }

    sealed class GridObserver(string label, int epochs) : ITrainingObserver
    {
        StepRecord? _last;

        public void OnStart(RunRecord record, int iterationsPerEpoch) =>
            Console.WriteLine($"{label}: {iterationsPerEpoch} steps/epoch × {epochs} epoch(s) on {record.Data.TrainCount} images");

        public void OnStep(StepRecord step) => _last = step;

        public void OnEpochEnd(int epoch, string? samplePath)
        {
            if (_last is { } s)
                Console.WriteLine($"{label}: epoch {epoch}/{epochs} D {s.DLoss:F4} G {s.GLoss:F4} D(x) {s.DReal:F3} D(G(z)) {s.DFake:F3}");
        }
    }
}

/// <summary>
/// runs/EXPERIMENT/index.csv: one row per run directory found under the experiment (VARIANT/seed-N), with the
/// variant's settings, the seed, the path, the final losses and, when the run has an eval.csv, its last row's metrics.
/// Rebuilt from the directories each time, so it always lists exactly what is on disk.
/// </summary>
public static class ExperimentIndex
{
    public const string FileName = "index.csv";

    static readonly string[] Fixed =
    [
        "variant", "seed", "generator", "discriminator", "slope", "objective", "d_reg", "d_steps", "g_steps", "learning_rate",
        "learning_rate_d", "learning_rate_g", "beta1_d", "beta1_g", "batch_size", "epochs", "train_images", "status", "steps", "final_d_loss", "final_g_loss", "wall_s", "path",
    ];

    public static void Write(string experimentDir)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<Dictionary<string, string>>();
        var evalColumns = new List<string>();
        foreach (var config in Directory.EnumerateFiles(experimentDir, "config.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var run = new RunDirectory(Path.GetDirectoryName(config)!);
            var record = run.ReadRecord();
            var summary = run.ReadSummary();
            var k = record.Config;
            var labels = record.Labels ?? RunLabels.Of(k);
            var rel = Path.GetRelativePath(experimentDir, run.Root);
            var row = new Dictionary<string, string>
            {
                ["variant"] = Path.GetDirectoryName(rel) is { Length: > 0 } v ? v.Replace('\\', '/') : rel,
                ["seed"] = k.Seed.ToString(c),
                ["generator"] = k.Generator,
                ["discriminator"] = k.Discriminator,
                ["slope"] = labels.HasSlope ? k.Slope.Name() : "",
                ["objective"] = k.Objective,
                ["d_reg"] = k.DRegulariser ?? "",
                ["d_steps"] = k.DSteps.ToString(c),
                ["g_steps"] = k.GSteps.ToString(c),
                ["learning_rate"] = k.LearningRate.ToString("R", c),
                ["learning_rate_d"] = k.DLearningRate.ToString("R", c),
                ["learning_rate_g"] = k.GLearningRate.ToString("R", c),
                ["beta1_d"] = k.DBeta1.ToString("R", c),
                ["beta1_g"] = k.GBeta1.ToString("R", c),
                ["batch_size"] = k.BatchSize.ToString(c),
                ["epochs"] = k.Epochs.ToString(c),
                ["train_images"] = record.Data.TrainCount.ToString(c),
                ["status"] = summary?.Status ?? "unfinished",
                ["steps"] = summary?.Steps.ToString(c) ?? "",
                ["final_d_loss"] = summary?.FinalDLoss.ToString("R", c) ?? "",
                ["final_g_loss"] = summary?.FinalGLoss.ToString("R", c) ?? "",
                ["wall_s"] = summary?.WallSeconds.ToString("F1", c) ?? "",
                ["path"] = rel.Replace('\\', '/'),
            };
            foreach (var (name, value) in LastEvalRow(Path.Combine(run.Root, "eval.csv")))
            {
                var column = "final_" + name;
                if (!evalColumns.Contains(column)) evalColumns.Add(column);
                row[column] = value;
            }
            rows.Add(row);
        }
        var columns = Fixed.Concat(evalColumns).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', columns));
        foreach (var row in rows)
            sb.AppendLine(string.Join(',', columns.Select(col => Quote(row.GetValueOrDefault(col, "")))));
        AtomicFile.WriteAllText(Path.Combine(experimentDir, FileName), sb.ToString());
    }

    /// <summary>The last row of an eval.csv (every column but epoch and step); nothing when the run was not evaluated.</summary>
    static IEnumerable<(string Name, string Value)> LastEvalRow(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2) return [];
        var header = lines[0].Split(',');
        var last = lines[^1].Split(',');
        if (last.Length != header.Length)
            throw new GanException($"{path}: last row has {last.Length} columns, the header {header.Length}; rerun the evaluation");
        return header.Zip(last).Where(p => p.First is not ("epoch" or "step")).Select(p => (p.First, p.Second)).ToList();
    }

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
