namespace Gan.Core;

/// <summary>
/// An error the user can fix (bad argument, missing or malformed file). Its message is one line that names the
/// file or value and what to do; the CLI prints it without a stack trace and exits with <see cref="ExitCode"/>.
/// </summary>
public class GanException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Process exit codes of the <c>gan</c> command, documented in docs/recovery-and-exit-codes.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    public const int BadInput = 2;
    public const int Diverged = 3;
    public const int DownloadFailed = 4;
    /// <summary>A kernel the models use computes the wrong function on this machine (float32 against float64).</summary>
    public const int KernelCheckFailed = 5;
    /// <summary>The disk filled up while writing; the last complete checkpoint is intact, so a rerun resumes.</summary>
    public const int DiskFull = 6;
    public const int Interrupted = 130;
}
