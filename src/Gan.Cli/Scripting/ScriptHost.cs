using System.Text;
using Gan.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Gan.Cli.Scripting;

/// <summary>
/// Runs <c>.csx</c> scripts in the dotnet-script dialect inside this process with the Roslyn scripting API:
/// <c>#r</c> resolves to the host's own assemblies (<see cref="HostReferenceResolver"/>), <c>#load</c> paths are relative
/// to the script, and <c>Args</c> holds the arguments. dotnet-script itself is not needed, so scripts run offline.
/// </summary>
public static class ScriptHost
{
    /// <summary>The namespaces dotnet-script imports for every script, so scripts written for it compile here unchanged.</summary>
    static readonly string[] DefaultImports =
        ["System", "System.IO", "System.Collections.Generic", "System.Diagnostics", "System.Linq", "System.Text", "System.Threading.Tasks"];

    /// <summary>Compiles a script and the files it <c>#load</c>s; a compile error is a <see cref="GanException"/> naming file and line.</summary>
    public static Script<object> Compile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new GanException($"script '{path}' not found; give the path of a .csx file, for example scripts/g-loss.csx");
        var dir = Path.GetDirectoryName(full)!;
        var options = ScriptOptions.Default
            .WithFilePath(full)
            .WithFileEncoding(Encoding.UTF8)
            .WithMetadataResolver(new HostReferenceResolver(dir))
            .WithSourceResolver(new SourceFileResolver([], dir))
            .WithImports(DefaultImports)
            .WithEmitDebugInformation(true);
        var script = CSharpScript.Create<object>(File.ReadAllText(full), options, typeof(ScriptGlobals));
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more error{(errors.Count > 2 ? "s" : "")})" : "";
            throw new GanException(Describe(errors[0]) + more);
        }
        return script;
    }

    /// <summary>Compiles and runs a script; an <c>int</c> the script returns is the exit code, as with dotnet-script.</summary>
    public static int Run(string path, IReadOnlyList<string> args, CancellationToken cancel = default)
    {
        var script = Compile(path);
        var state = script.RunAsync(new ScriptGlobals(args), cancellationToken: cancel).GetAwaiter().GetResult();
        return state.ReturnValue is int code ? code : ExitCodes.Ok;
    }

    /// <summary>A path relative to the working directory when it lies below it, else absolute.</summary>
    static string Shorten(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    static string Describe(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        var where = span.IsValid
            ? $"{Shorten(span.Path)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}"
            : "script";
        var message = d.GetMessage();
        if (d.Id == "CS0006" && message.Contains("nuget:", StringComparison.OrdinalIgnoreCase))
            message = $"{message} The gan script host provides these packages itself: {string.Join(", ", HostReferenceResolver.PackageIds)}; reference Gan.Core by path (#r \"../src/Gan.Core/bin/Release/net10.0/Gan.Core.dll\")";
        return $"{where}: {d.Id}: {message}";
    }
}
