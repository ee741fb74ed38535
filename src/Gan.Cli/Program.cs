using Gan.Cli;
using Gan.Cli.Scripting;
using Gan.Core;
using Gan.Core.Runtime;
using Gan.Core.Sweeps;
using Spectre.Console.Cli;

// Ctrl+C or SIGTERM (Slurm's preemption and time limit) asks the running command to stop at the next step boundary and
// checkpoint; a second one of the same kind kills the process.
using var stop = new StopSignal();

var (cliArgs, scriptArgs) = ScriptArguments.Split(args);
var app = new CommandApp();
app.Configure(c => GanApp.Configure(c, scriptArgs));
return CliErrors.Run(() =>
{
    NativeRuntime.Initialize(args);
    return app.Run(CliErrors.ExpandAliases(cliArgs), stop.Token);
});
