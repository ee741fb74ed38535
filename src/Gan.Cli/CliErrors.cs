using Gan.Core;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>Maps errors to one stderr line and an exit code; only unexpected failures print a stack trace.</summary>
public static class CliErrors
{
    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (GanException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (CommandRuntimeException e) when (e.InnerException is ArgumentException or FormatException or OverflowException)
        {
            // Spectre's own text names the settings type ("Failed to convert 'abc' to Nullable`1"); the converter's says "abc is not a valid value for Int32".
            return Fail($"{e.InnerException.Message.TrimEnd('.')}; run with --help to see each option's type", ExitCodes.BadInput);
        }
        catch (CommandAppException e)
        {
            return Fail(e.Message.Split('\n')[0].Trim(), ExitCodes.BadInput);
        }
        catch (OperationCanceledException)
        {
            return Fail("interrupted", ExitCodes.Interrupted);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            // Not a bug: a sweep of D2 runs keeps about 1 GB of checkpoints per run. Checkpoints are written to a temporary
            // folder and renamed into place, so the last complete one is intact and a rerun resumes from it.
            return Fail($"{e.Message.TrimEnd('.')}; free disk space (a finished run's step-* checkpoints can go), then run "
                + "the same command again: a training run resumes from its last checkpoint", ExitCodes.DiskFull);
        }
        catch (Exception e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"gan: internal error (a bug; please report it with this trace): {e}");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>
    /// Spectre.Console.Cli refuses one-letter long options, but the study's vocabulary (and our docs) say
    /// <c>--g G2 --d D1 --k 3</c>; map those spellings onto <c>--generator</c>, <c>--discriminator</c>, <c>--d-steps</c>.
    /// </summary>
    public static string[] ExpandAliases(string[] args) => args.Select(a => a switch
    {
        "--g" => "--generator",
        "--d" => "--discriminator",
        "--k" => "--d-steps",
        _ when a.StartsWith("--g=", StringComparison.Ordinal) => "--generator=" + a[4..],
        _ when a.StartsWith("--d=", StringComparison.Ordinal) => "--discriminator=" + a[4..],
        _ when a.StartsWith("--k=", StringComparison.Ordinal) => "--d-steps=" + a[4..],
        _ => a,
    }).ToArray();

    /// <summary>ENOSPC on Linux and macOS (.NET puts the errno in HResult), ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.</summary>
    static bool IsDiskFull(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 0x70 or 0x27 : e.HResult == 28;

    static int Fail(string message, int code)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"gan: error: {message}");
        return code;
    }
}
