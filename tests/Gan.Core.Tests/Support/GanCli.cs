using System.Diagnostics;

namespace Gan.Core.Tests.Support;

/// <summary>What a <c>gan</c> child process did.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public string[] StdErrLines => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Runs the real <c>gan</c> CLI as a child process (<c>dotnet gan.dll ...</c>). The test build copies gan.dll from
/// Gan.Cli's output next to the tests, with its deps and the GLIBCXX-patched native library.
/// </summary>
public static class GanCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "gan.dll");

    public static CliResult Run(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"gan {string.Join(' ', args)} did not finish within 3 minutes");
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
