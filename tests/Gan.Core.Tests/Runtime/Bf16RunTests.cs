using System.Text.Json;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// What a bf16-mixed run records: the precision and the compute profile in bench JSON and config.json, and the
/// precision in the default run name; an fp32 run's name is what it always was.
/// </summary>
public class Bf16RunTests
{
    static string ExpectedProfile => CpuInfo.Has(PrecisionExtensions.Bf16CpuFlag) ? "avx512-bf16" : "avx2";

    [Test]
    public void Bench_records_precision_and_profile()
    {
        using var tmp = new TempDirectory();
        var json = tmp.File("bf16.json");
        var r = GanCli.Run(tmp.Path, "bench", "--pair", "g1-d1", "--steps", "2", "--warmup", "0", "--threads", "1",
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

    [Test]
    public void Train_records_precision_and_profile_in_config_json()
    {
        using var tmp = new TempDirectory();
        var r = GanCli.Run(tmp.Path, "train", "--pair", "g1-d1", "--epochs", "1", "--subset", "128", "--threads", "1",
            "--precision", "bf16-mixed!", "--out", "run", "--plain");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var record = RunDirectory.Open(tmp.File("run")).ReadRecord();
        Assert.Multiple(() =>
        {
            Assert.That(record.Config!.Precision, Is.EqualTo(Precision.Bf16Mixed));
            Assert.That(record.Provenance!.ComputePaths.Profile, Is.EqualTo(ExpectedProfile));
        });
    }

    [Test]
    public void The_default_run_name_carries_a_non_default_precision_only()
    {
        Assert.That(RunDirectory.DefaultName(new TrainingConfig { Precision = Precision.Bf16Mixed }), Does.StartWith("g1-d1-bce-k1-bf16-mixed-seed0-"));
        Assert.That(RunDirectory.DefaultName(new TrainingConfig()), Does.StartWith("g1-d1-bce-k1-seed0-"));
    }
}
