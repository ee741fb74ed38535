using System.Text.Json;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// What a bf16-mixed run records: the precision and, when pinned, the compute profile in bench JSON and config.json
/// (none on the CPU's own paths, the default); and the precision in the default run name (fp64's too); an fp32 run's
/// name is what it always was.
/// </summary>
public class Bf16RunTests
{
    static string ExpectedProfile => CpuInfo.Has(PrecisionExtensions.Bf16CpuFlag) ? "avx512-bf16" : "avx2";

    static readonly Dictionary<string, string?> Pinned = new() { [ComputePaths.ChoiceVariable] = "pinned" };

    [Test]
    public void Bench_records_precision_and_profile()
    {
        using var tmp = new TempDirectory();
        var json = tmp.File("bf16.json");
        var r = GanCli.Run(tmp.Path, Pinned, "bench", "--pair", "g1-d1", "--steps", "2", "--warmup", "0", "--threads", "1",
            "--precision", "bf16-mixed!", "--json", json);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("precision").GetString(), Is.EqualTo("bf16-mixed"));
            Assert.That(doc.RootElement.GetProperty("computeProfile").GetString(), Is.EqualTo(ExpectedProfile));
            Assert.That(doc.RootElement.GetProperty("implementation").GetString(), Does.EndWith("--precision bf16-mixed"));
            Assert.That(r.StdOut, Does.Contain($"profile {ExpectedProfile}"));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Train_records_precision_and_profile_in_config_json(bool pinned)
    {
        using var tmp = new TempDirectory();
        var env = pinned ? Pinned : new Dictionary<string, string?> { [ComputePaths.ChoiceVariable] = null };
        var r = GanCli.Run(tmp.Path, env, "train", "--pair", "g1-d1", "--epochs", "1", "--subset", "128", "--threads", "1",
            "--precision", "bf16-mixed!", "--out", "run", "--plain");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var record = RunDirectory.Open(tmp.File("run")).ReadRecord();
        Assert.Multiple(() =>
        {
            Assert.That(record.Config!.Precision, Is.EqualTo(Precision.Bf16Mixed));
            Assert.That(record.Provenance!.ComputePaths.Pinned, Is.EqualTo(pinned));
            Assert.That(record.Provenance!.ComputePaths.Profile, Is.EqualTo(pinned ? ExpectedProfile : null));
        });
    }
}
