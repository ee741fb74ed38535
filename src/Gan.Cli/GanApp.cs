using Gan.Cli.Scripting;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>The <c>gan</c> command line: its commands, their descriptions and examples, and its parsing rules.</summary>
public static class GanApp
{
    public static void Configure(IConfigurator c, ScriptArguments scriptArgs)
    {
        c.Settings.Registrar.RegisterInstance(scriptArgs);
        c.SetApplicationName("gan");
        c.PropagateExceptions();
        // A mistyped option (--epoch 5) must be an error, not silently ignored while the default of 100 epochs runs.
        c.UseStrictParsing();
        c.AddCommand<TrainCommand>("train").WithDescription("Train a G/D pair into a run directory.")
            .WithExample("train", "--pair", "g1-d1", "--epochs", "5")
            .WithExample("train", "--g", "G3", "--d", "D1", "--k", "3", "--g-loss", "minimax", "--slope", "fixed");
        c.AddCommand<EvalCommand>("eval").WithDescription("Evaluate a run's generator: Fréchet LeNet distance, classifier score, coverage, precision/recall.")
            .WithExample("eval", "runs/g1d1-eval", "--samples", "10000");
        c.AddCommand<ExportCommand>("export").WithDescription("Write a run's G and D as PyTorch state_dicts (G.pt, D.pt) for torch.load.")
            .WithExample("export", "runs/g1d1", "--to", "pytorch");
        c.AddCommand<ScriptCommand>("script").WithDescription("Run an experiment script (.csx, dotnet-script dialect); its arguments follow --.")
            .WithExample("script", "scripts/g-loss.csx", "--", "--quick");
        c.AddCommand<BenchCommand>("bench").WithDescription("Time training steps of a pair: ms/step, images/s, memory.")
            .WithExample("bench", "--pair", "g1-d1", "--steps", "500", "--threads", "1");
        c.AddCommand<DoctorCommand>("doctor").WithDescription("Check every kernel the models, the loss and the classifier use against float64 on this machine.")
            .WithExample("doctor", "--pair", "g3-d2", "--threads", "1");
        c.AddCommand<ModelsCommand>("models").WithDescription("Print every model's layers, output shapes and parameter counts.");
        c.AddBranch("data", d =>
        {
            d.SetDescription("Data sets: where they are found, and downloads.");
            d.AddCommand<DataListCommand>("list").WithDescription("Show which data sets are found where.");
            d.AddCommand<DataDownloadCommand>("download").WithDescription("Download mnist or fashion-mnist from the official mirrors, MD5-checked.")
                .WithExample("data", "download", "mnist");
        });
        c.AddBranch("sweep", w =>
        {
            w.SetDescription("Grids of runs started by experiment scripts (--jobs, --slurm).");
            w.AddCommand<SweepStatusCommand>("status").WithDescription("Per task: done, running, interrupted (last checkpoint), failed (error line) or pending.")
                .WithExample("sweep", "status", "runs/k-to-1");
        });
        c.AddBranch("classifier", k =>
        {
            k.SetDescription("The evaluation classifier (LeNet5) whose features every metric uses.");
            k.AddCommand<ClassifierTrainCommand>("train").WithDescription("Train it on a data set's train split and report test accuracy.")
                .WithExample("classifier", "train", "--dataset", "mnist-sample");
            k.AddCommand<ClassifierFloorCommand>("floor").WithDescription("Its test accuracy and every metric for real train vs real test images.");
        });
    }
}
