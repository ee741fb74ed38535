using System.Text.Json;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Cli;

/// <summary><c>gan doctor</c> as a user runs it: a child process in an empty working directory.</summary>
public class DoctorCommandTests
{
    TempDirectory _cwd = null!;

    [SetUp] public void CreateWorkingDirectory() => _cwd = new TempDirectory();
    [TearDown] public void DeleteWorkingDirectory() => _cwd.Dispose();

    [Test]
    public void Prints_the_machine_and_a_row_per_kernel_and_exits_0_when_every_used_kernel_passes()
    {
        var r = GanCli.Run(_cwd.Path, "doctor", "--pair", "g1-d1", "--batch-size", "8", "--threads", "1", "--json", "doctor.json");

        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Ok), r.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(r.StdOut, Does.Contain("CPU ").And.Contain("oneDNN ").And.Contain("ATen CPU capability"));
            Assert.That(r.StdOut, Does.Match(@"│ op\s+│ in\s+│ shape\s+│ direction\s+│\s+error │\s+× bound │ verdict"));
            Assert.That(r.StdOut, Does.Contain("Linear(784→256)").And.Contain("(8,784)").And.Contain("grad weight"));
            Assert.That(r.StdOut, Does.Contain("binary_cross_entropy(target 1)"));
            Assert.That(r.StdOut, Does.Contain("(not used)"), "LibTorch's own ConvTranspose2d, informational");
            Assert.That(r.StdOut, Does.Contain("float32 against float64: pass: "));
            Assert.That(r.StdErr, Is.Empty);
        });

        using var json = JsonDocument.Parse(File.ReadAllText(_cwd.File("doctor.json")));
        var root = json.RootElement;
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("passed").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("precision").GetString(), Is.EqualTo("float32"));
            Assert.That(root.GetProperty("machine").GetProperty("libTorch").GetString(), Does.StartWith("2."));
            Assert.That(rows.Select(row => row.GetProperty("inputShape")[0].GetInt64()).Distinct(), Is.EquivalentTo(new long[] { 1, 8 }));
            Assert.That(rows.Select(row => row.GetProperty("normalised").GetDouble()), Has.All.LessThanOrEqualTo(1));
        });
    }

    [TestCase(new[] { "--batch-size", "0" }, "--batch-size 0")]
    [TestCase(new[] { "--pair", "g1-d1", "--g", "G2" }, "either --pair or --g/--d")]
    [TestCase(new[] { "--g", "G4", "--d", "D1" }, "'G4'")]
    public void Bad_arguments_exit_2_with_one_line(string[] args, string mentions)
    {
        GanCli.AssertUserError(GanCli.Run(_cwd.Path, ["doctor", .. args]), ExitCodes.BadInput, mentions);
    }
}
