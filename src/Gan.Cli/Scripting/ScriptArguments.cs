namespace Gan.Cli.Scripting;

/// <summary>
/// The arguments after <c>--</c> in <c>gan script FILE -- ARGS</c>. They are taken off the command line before
/// Spectre.Console.Cli parses it, since its tokenizer rejects spellings like <c>--k</c> even after <c>--</c>.
/// </summary>
public sealed record ScriptArguments(IReadOnlyList<string> Values)
{
    /// <summary>Splits <c>script ... -- ARGS</c> into the part the CLI parses and the script's arguments; other commands pass through whole.</summary>
    public static (string[] Cli, ScriptArguments Script) Split(string[] args)
    {
        int separator = Array.IndexOf(args, "--");
        if (args.Length == 0 || args[0] != "script" || separator < 0)
            return (args, new ScriptArguments([]));
        return (args[..separator], new ScriptArguments(args[(separator + 1)..]));
    }
}
