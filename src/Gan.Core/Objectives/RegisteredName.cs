namespace Gan.Core.Objectives;

/// <summary>The rule for a name a script registers (an objective, a D regulariser): written as <c>NAME[:NUMBER]</c> on the command line.</summary>
static class RegisteredName
{
    /// <summary>The name in lower case, after refusing a built-in one or one the spec syntax cannot carry.</summary>
    public static string Check(string kind, string name, IReadOnlySet<string> builtIn)
    {
        var key = name.ToLowerInvariant();
        if (builtIn.Contains(key))
            throw new GanException($"{kind} '{key}' is registered already; choose another name");
        if (key.Length == 0 || key.Contains(':') || key.Any(char.IsWhiteSpace))
            throw new GanException($"{kind} name '{name}' must be non-empty, without spaces or ':'");
        return key;
    }
}
