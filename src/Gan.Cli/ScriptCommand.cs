using System.ComponentModel;
using Gan.Cli.Scripting;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary><c>gan script FILE.csx -- ARGS</c>: runs an experiment script in this process (see <see cref="ScriptHost"/>).</summary>
public sealed class ScriptCommand(ScriptArguments arguments) : Command<ScriptCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SCRIPT>"), Description("A .csx file in the dotnet-script dialect, e.g. scripts/g-loss.csx; its arguments follow --.")]
        public string Path { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        ScriptHost.Run(settings.Path, arguments.Values, cancellationToken);
}
