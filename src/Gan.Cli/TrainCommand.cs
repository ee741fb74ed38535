using System.ComponentModel;
using System.Reflection;
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
    /// <summary>
    /// The options Spectre binds. Those that set the config are the <see cref="TrainingOptionTable"/>'s, kept as text
    /// so the table parses them as it does for the scripts; their help comes from the table too.
    /// </summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--pair <PAIR>"), Description("The study's pairs: g1-d1, g2-d2, g3-d2.")]
        public string? Pair { get; init; }
        [CommandOption("-g|--generator <G>"), Description("Generator G1|G2|G3 (with --d, instead of --pair); --g works too.")]
        public string? G { get; init; }
        [CommandOption("-d|--discriminator <D>"), Description("Discriminator D1|D2; --d works too.")]
        public string? D { get; init; }
        [CommandOption("--epochs <N>"), TrainingHelp("--epochs")]
        public string? Epochs { get; init; }
        [CommandOption("-k|--d-steps <K>"), TrainingHelp("--d-steps")]
        public string? K { get; init; }
        [CommandOption("--g-steps <K>"), TrainingHelp("--g-steps")]
        public string? GSteps { get; init; }
        [CommandOption("--objective <NAME>"), TrainingHelp("--objective")]
        public string? Objective { get; init; }
        [CommandOption("--g-loss <LOSS>"), TrainingHelp("--g-loss")]
        public string? GLoss { get; init; }
        [CommandOption("--d-reg <REG>"), TrainingHelp("--d-reg")]
        public string? DReg { get; init; }
        [CommandOption("--label-smoothing <Y>"), TrainingHelp("--label-smoothing")]
        public string? LabelSmoothing { get; init; }
        [CommandOption("--spectral-norm <NETS>"), TrainingHelp("--spectral-norm")]
        public string? SpectralNorm { get; init; }
        [CommandOption("--d-dropout <P>"), TrainingHelp("--d-dropout")]
        public string? DDropout { get; init; }
        [CommandOption("--augment <AUG>"), TrainingHelp("--augment")]
        public string? Augment { get; init; }
        [CommandOption("--instance-noise <SIGMA>"), TrainingHelp("--instance-noise")]
        public string? InstanceNoise { get; init; }
        [CommandOption("--ema <DECAY>"), TrainingHelp("--ema")]
        public string? Ema { get; init; }
        [CommandOption("--ema-start <STEP>"), TrainingHelp("--ema-start")]
        public string? EmaStart { get; init; }
        [CommandOption("--preset <NAME>"), TrainingHelp("--preset")]
        public string? Preset { get; init; }
        [CommandOption("--slope <VARIANT>"), TrainingHelp("--slope")]
        public string? Slope { get; init; }
        [CommandOption("--lr <LR>"), TrainingHelp("--lr")]
        public string? Lr { get; init; }
        [CommandOption("--lr-d <LR>"), TrainingHelp("--lr-d")]
        public string? LrD { get; init; }
        [CommandOption("--lr-g <LR>"), TrainingHelp("--lr-g")]
        public string? LrG { get; init; }
        [CommandOption("--beta1 <B>"), TrainingHelp("--beta1")]
        public string? Beta1 { get; init; }
        [CommandOption("--beta1-d <B>"), TrainingHelp("--beta1-d")]
        public string? Beta1D { get; init; }
        [CommandOption("--beta1-g <B>"), TrainingHelp("--beta1-g")]
        public string? Beta1G { get; init; }
        [CommandOption("--beta2 <B>"), TrainingHelp("--beta2")]
        public string? Beta2 { get; init; }
        [CommandOption("--batch-size <N>"), TrainingHelp("--batch-size")]
        public string? BatchSize { get; init; }
        [CommandOption("--noise-dim <N>"), TrainingHelp("--noise-dim")]
        public string? NoiseDim { get; init; }
        [CommandOption("--dataset <NAME>"), TrainingHelp("--dataset")]
        public string? Dataset { get; init; }
        [CommandOption("--data-dir <DIR>"), TrainingHelp("--data-dir")]
        public string? DataDir { get; init; }
        [CommandOption("--subset <N>"), TrainingHelp("--subset")]
        public string? Subset { get; init; }
        [CommandOption("--joint-d-batch"), TrainingHelp("--joint-d-batch")]
        public bool? JointDBatch { get; init; }
        [CommandOption("--precision <P>"), TrainingHelp("--precision")]
        public string? Precision { get; init; }
        [CommandOption("--seed <SEED>"), Description("Default 0.")]
        public long? Seed { get; init; }
        [CommandOption("--threads <T>"), TrainingHelp("--threads")]
        public string? Threads { get; init; }
        [CommandOption("--device <DEVICE>"), TrainingHelp("--device")]
        public string? Device { get; init; }
        [CommandOption("--sample-every <N>"), TrainingHelp("--sample-every")]
        public string? SampleEvery { get; init; }
        [CommandOption("--eval-every <N>"), TrainingHelp("--eval-every")]
        public string? EvalEvery { get; init; }
        [CommandOption("--eval-samples <N>"), TrainingHelp("--eval-samples")]
        public string? EvalSamples { get; init; }
        [CommandOption("--out <DIR>"), Description("Run directory (default runs/<pair>-<variant>-seed<seed>-<time>).")]
        public string? Out { get; init; }
        [CommandOption("--checkpoint-every <N>"), TrainingHelp("--checkpoint-every")]
        public string? CheckpointEvery { get; init; }
        [CommandOption("--keep-checkpoints <K>"), TrainingHelp("--keep-checkpoints")]
        public string? KeepCheckpoints { get; init; }
        [CommandOption("--on-nan <POLICY>"), TrainingHelp("--on-nan")]
        public string? OnNan { get; init; }
        [CommandOption("--tensorboard <ON_OFF>"), TrainingHelp("--tensorboard")]
        public string? TensorBoard { get; init; }
        [CommandOption("--init-from <DIR>"), TrainingHelp("--init-from")]
        public string? InitFrom { get; init; }
        [CommandOption("--resume <RUN_DIR>"), Description("Continue a killed or interrupted run from its newest checkpoint, with its own config.json.")]
        public string? Resume { get; init; }
        [CommandOption("--plain"), Description("Log lines instead of the live display, even on a terminal.")]
        public bool Plain { get; init; }
    }

    public static TrainingConfig ToConfig(Settings s)
    {
        var pair = ModelZoo.PairOf(s.Pair, s.G, s.D);
        var c = pair is null ? new TrainingConfig() : new TrainingConfig { Generator = pair.Generator, Discriminator = pair.Discriminator };
        c = TrainingOptionTable.Apply(c, TrainingOptionsGiven(s), Console.Error.WriteLine);
        return (s.Seed is long seed ? c with { Seed = seed } : c).Validate();
    }

    /// <summary>The table's options given on the command line, by name (flags with a null value).</summary>
    public static Dictionary<string, string?> TrainingOptionsGiven(Settings s) =>
        (from p in typeof(Settings).GetProperties()
         let help = p.GetCustomAttribute<TrainingHelpAttribute>()
         where help is not null && p.GetValue(s) is not null
         select (help.Option, Value: p.GetValue(s) as string)).ToDictionary(o => o.Option, string? (o) => o.Value);

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
            outDir = settings.Out ?? Path.Combine("runs", RunLabels.DirectoryName(config, DateTime.UtcNow));
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
