using Gan.Cli;

namespace Gan.Core.Tests.Cli;

/// <summary>How the CLI reports failures that are not bugs: one stderr line and an exit code, no stack trace.</summary>
[NonParallelizable] // swaps Console.Error
public class CliErrorsTests
{
    static (int ExitCode, string StdErr) Run(Func<int> command)
    {
        var saved = Console.Error;
        using var err = new StringWriter();
        Console.SetError(err);
        try
        {
            return (CliErrors.Run(command), err.ToString());
        }
        finally
        {
            Console.SetError(saved);
        }
    }

    [Test, Platform("Linux")]
    public void A_full_disk_is_one_line_naming_the_file_and_the_fix_with_its_own_exit_code()
    {
        // /dev/full fails every write with ENOSPC: the same IOException a checkpoint write gets on a full disk.
        var (code, stderr) = Run(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            full.Write(new byte[4096]);
            full.Flush();
            return 0;
        });

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.DiskFull));
            Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("gan: error: No space left on device"));
            Assert.That(stderr, Does.Contain("/dev/full"));
            Assert.That(stderr, Does.Contain("free disk space").And.Contain("resumes from its last checkpoint"));
            Assert.That(stderr, Does.Not.Contain("internal error").And.Not.Contain("   at "));
        });
    }

    [Test]
    public void Another_IO_failure_is_still_reported_as_a_bug_with_its_trace()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"gan-missing-{Guid.NewGuid():N}", "x.bin");
        var (code, stderr) = Run(() => File.ReadAllBytes(missing).Length);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Unexpected));
            Assert.That(stderr, Does.StartWith("gan: internal error (a bug; please report it with this trace)"));
            Assert.That(stderr, Does.Contain("DirectoryNotFoundException"));
        });
    }
}
