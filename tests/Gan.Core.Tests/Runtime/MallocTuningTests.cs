using System.Text.Json;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Runtime;

/// <summary>gan keeps large blocks in glibc's heap unless the user opts out or sets malloc variables of their own.</summary>
public class MallocTuningTests
{
    static bool BenchReportsTuned(IReadOnlyDictionary<string, string?> env)
    {
        var dir = Directory.CreateTempSubdirectory("gan-malloc-").FullName;
        try
        {
            var json = Path.Combine(dir, "bench.json");
            var r = GanCli.Run(dir, env, "bench", "--pair", "g1-d1", "--steps", "2", "--warmup", "0", "--json", json);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            return doc.RootElement.GetProperty("mallocTuned").GetBoolean();
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void Gan_tunes_malloc_on_linux_by_default()
    {
        var env = new Dictionary<string, string?> { ["GAN_DEFAULT_MALLOC"] = null, ["MALLOC_TRIM_THRESHOLD_"] = null };
        Assert.That(BenchReportsTuned(env), Is.EqualTo(OperatingSystem.IsLinux()));
    }

    [TestCase("GAN_DEFAULT_MALLOC", "1")]
    [TestCase("MALLOC_TRIM_THRESHOLD_", "131072")]
    public void A_user_choice_keeps_glibc_defaults(string variable, string value) =>
        Assert.That(BenchReportsTuned(new Dictionary<string, string?> { [variable] = value }), Is.False);
}
