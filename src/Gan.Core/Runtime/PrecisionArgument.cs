using System.Text.Json;

namespace Gan.Core.Runtime;

/// <summary>
/// The precision a <c>gan</c> process will train or benchmark in, read from its raw arguments before any command
/// parses them: the compute paths (<see cref="ComputePaths"/>) must be pinned for it before LibTorch loads.
/// <c>--precision X</c> or <c>--precision=X</c> anywhere (a script's arguments too); without one, <c>--resume DIR</c>
/// or <c>eval DIR</c> reads the run's config.json. Anything unreadable counts as fp32 here: the command reports bad
/// input itself.
/// </summary>
public static class PrecisionArgument
{
    const string Option = "--precision";
    const string ResumeOption = "--resume";

    public static Precision Find(IReadOnlyList<string> args)
    {
        string? request = null, resume = args.Count > 1 && args[0] == "eval" ? args[1] : null;
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith(Option + "=", StringComparison.Ordinal)) request = args[i][(Option.Length + 1)..];
            else if (args[i] == Option && i + 1 < args.Count) request = args[++i];
            else if (args[i] == ResumeOption && i + 1 < args.Count) resume = args[++i];
        }
        request ??= resume is null ? null : FromRun(resume);
        if (request is null) return Precision.Fp32;
        try
        {
            return PrecisionExtensions.ParseRequest(request).Precision;
        }
        catch (GanException)
        {
            return Precision.Fp32;
        }
    }

    /// <summary>The precision recorded in a run directory's config.json, or null.</summary>
    static string? FromRun(string runDir)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "config.json")));
            return doc.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("precision", out var p)
                ? p.GetString()
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
