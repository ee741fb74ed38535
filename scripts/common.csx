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

/// <summary>One command-line option a script accepts; <c>Value</c> is null for a flag. <c>Training</c> is the
/// <see cref="TrainingOptionTable"/> entry the option stands for, when it sets the config.</summary>
public sealed record OptionSpec(string Name, string? Value, string Help, TrainingOption? Training = null);

/// <summary>
/// <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> arguments. Every name must be declared, so a typo is
/// a one-line error (a <see cref="GanException"/>, exit code 2) instead of a silently ignored setting. A script takes
/// the runner's options, every training option of <see cref="TrainingOptionTable"/> (as <c>gan train</c> does) and its
/// own; declaring a training option's name itself (a grid axis such as --objective LIST) replaces the table's.
/// </summary>
public sealed class ExperimentArgs
{
    /// <summary>Options about the grid, not about one run, that every experiment script takes.</summary>
    public static readonly OptionSpec[] Runner =
    [
        new("--quick", null, "tiny smoke run: a small image subset, 1 epoch, seed 0 (explicit options still win)"),
        new("--seeds", "LIST", "comma-separated seeds, e.g. 0,1,2 (default 0,1,2)"),
        new("--variants", "LIST", "run only these variants (names as listed below)"),
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

    /// <summary>The training options of <see cref="TrainingOptionTable"/> that a script's own options leave in place.</summary>
    public static IEnumerable<OptionSpec> Training(IEnumerable<OptionSpec> own)
    {
        var taken = own.Select(o => o.Name).ToHashSet();
        return from o in TrainingOptionTable.All
               where !o.Names.Any(taken.Contains)
               from name in o.Names
               select new OptionSpec(name, o.Value, name == o.Name ? o.Help : $"older spelling of {o.Name}", o);
    }

    readonly string _script;
    readonly Dictionary<string, string?> _values = new();
    readonly List<(string Name, string[] Tokens)> _given = new();

    public ExperimentArgs(string script, IEnumerable<string> args, IEnumerable<OptionSpec> extra)
    {
        _script = script;
        var own = extra.ToList();
        Specs = [.. Runner, .. Training(own), .. own];
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

    /// <summary>The training options given (by the table's name; null values for flags), for <see cref="TrainingOptionTable.Apply"/>.</summary>
    public IReadOnlyDictionary<string, string?> TrainingGiven() =>
        Specs.Where(s => s.Training is not null && _values.ContainsKey(s.Name)).ToDictionary(s => s.Training!.Name, s => _values[s.Name]);

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
    /// <summary>The study's settings plus the training options given; --quick shrinks data and epochs, explicit options still win.</summary>
    public static TrainingConfig BaseConfig(ExperimentArgs a, int defaultEpochs, int quickSubset = 256)
    {
        bool quick = a.Has("--quick");
        var c = new TrainingConfig { Epochs = quick ? 1 : defaultEpochs, TrainSubset = quick ? quickSubset : null };
        return TrainingOptionTable.Apply(c, a.TrainingGiven(), Console.Error.WriteLine);
    }

    /// <summary>Applies <c>--pair NAME</c> or <c>--g G --d D</c> (a script declares them with <see cref="PairOptions"/>).</summary>
    public static TrainingConfig WithPair(ExperimentArgs a, TrainingConfig c, string defaultPair)
    {
        var p = ModelZoo.PairOf(a.String("--pair"), a.String("--g"), a.String("--d")) ?? ModelZoo.Pair(defaultPair);
        return c with { Generator = p.Generator, Discriminator = p.Discriminator };
    }

    public static OptionSpec[] PairOptions(string defaultPair) =>
    [
        new("--pair", "PAIR", $"g1-d1, g2-d2 or g3-d2 (default {defaultPair})"),
        new("--g", "G", "generator G1|G2|G3, with --d instead of --pair"),
        new("--d", "D", "discriminator D1|D2"),
    ];

    /// <summary>
    /// A training option the variants set themselves (k-to-1's --d-steps) would be silently overridden: that is a
    /// one-line error. A preset is exempt, since explicit settings are meant to win over it.
    /// </summary>
    static void CheckVariantsKeep(Experiment e, ExperimentArgs a)
    {
        foreach (var (name, value) in a.TrainingGiven())
        {
            var option = TrainingOptionTable.Get(name);
            if (name == "--preset") continue;
            var clash = e.Variants.FirstOrDefault(v => option.Apply(v.Config, value, _ => { }) != v.Config);
            if (clash is not null)
                throw new GanException($"{e.Script}: its variants set what {name} sets (variant {clash.Name}); drop {name}");
        }
    }

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
        CheckVariantsKeep(e, a);
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
