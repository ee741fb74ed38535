namespace Gan.Cli.Scripting;

/// <summary>What a script sees as globals: <c>Args</c>, the arguments after <c>--</c>, as dotnet-script exposes them.</summary>
public sealed class ScriptGlobals(IReadOnlyList<string> args)
{
    public IList<string> Args { get; } = args.ToList();
}
