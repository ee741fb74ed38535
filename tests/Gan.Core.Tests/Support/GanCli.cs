using System.Diagnostics;

namespace Gan.Core.Tests.Support;

/// <summary>What one run of the <c>gan</c> command left: exit code and both output streams.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public string[] ErrorLines => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>
/// Runs the real <c>gan</c> CLI (gan.dll copied next to the tests by the project reference) as a child process, so
/// tests see exactly what a user sees: exit codes, stderr lines, files left behind, and death by SIGKILL.
/// </summary>
public static class GanCli
{
    static readonly string GanDll = Path.Combine(AppContext.BaseDirectory, "gan.dll");
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static Process Start(string workDir, params string[] args) => Start(workDir, new Dictionary<string, string?>(), args);

    /// <summary>Starts gan with extra environment variables (a null value removes one).</summary>
    public static Process Start(string workDir, IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(GanDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Tests never reach the internet: a download that forgets --mirror fails at once on loopback.
        psi.Environment["GAN_DATA_MIRROR"] = "http://127.0.0.1:9/";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start gan");
    }

    public static CliResult Run(string workDir, params string[] args) => Run(workDir, new Dictionary<string, string?>(), args);

    public static CliResult Run(string workDir, IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        using var p = Start(workDir, env, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"gan {string.Join(' ', args)} did not finish within {Timeout}");
        }
        p.WaitForExit();
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asserts the contract of a user error: the exit code, one "gan: error:" line naming <paramref name="mentions"/>, no stack trace.</summary>
    public static void AssertUserError(CliResult r, int exitCode, params string[] mentions)
    {
        Assert.That(r.ExitCode, Is.EqualTo(exitCode), r.ToString());
        Assert.That(r.ErrorLines, Has.Length.EqualTo(1), r.ToString());
        Assert.That(r.ErrorLines[0], Does.StartWith("gan: error: "));
        foreach (var m in mentions)
            Assert.That(r.ErrorLines[0], Does.Contain(m).IgnoreCase, r.ToString());
        Assert.That(r.StdOut + r.StdErr, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace for a user error");
    }
}
