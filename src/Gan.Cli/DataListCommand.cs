using Gan.Core.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Gan.Cli;

public sealed class DataListCommand : Command<DataListCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("data set", "found", "directory", "note");
        foreach (var loc in DatasetCatalog.List())
            table.AddRow(loc.Name, loc.Found ? "yes" : "no", Markup.Escape(loc.Directory), Markup.Escape(loc.Found ? "" : loc.Note));
        AnsiConsole.Write(table);
        return 0;
    }
}
