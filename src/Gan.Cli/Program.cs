using Gan.Cli;
using Gan.Core;
using Gan.Core.Training;
using Spectre.Console.Cli;

OpenMpWaitPolicy.PreferPassive();

// Ctrl+C asks the running command to stop at the next step boundary; a second Ctrl+C kills the process.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    cancel.Cancel();
};

var app = new CommandApp();
app.Configure(c =>
{
    c.SetApplicationName("gan");
    c.PropagateExceptions();
    c.AddCommand<TrainCommand>("train").WithDescription("Train a G/D pair into a run directory.")
        .WithExample("train", "--pair", "g1-d1", "--epochs", "5")
        .WithExample("train", "--g", "G3", "--d", "D1", "--k", "3", "--g-loss", "minimax", "--slope", "fixed");
    c.AddCommand<BenchCommand>("bench").WithDescription("Time training steps of a pair: ms/step, images/s, memory.")
        .WithExample("bench", "--pair", "g1-d1", "--steps", "500", "--threads", "1");
    c.AddCommand<ModelsCommand>("models").WithDescription("Print every model's layers, output shapes and parameter counts.");
    c.AddBranch("data", d =>
    {
        d.SetDescription("Data sets: where they are found.");
        d.AddCommand<DataListCommand>("list").WithDescription("Show which data sets are found where.");
    });
});
return CliErrors.Run(() => app.Run(CliErrors.ExpandAliases(args), cancel.Token));
