using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// Kept kernel-check verdicts: a second check with the same key returns the kept pass without checking again; any
/// change of what decides the verdict (the thread count, the batch sizes, the precision's rows) checks again; a
/// failure is never kept; a damaged file is a miss, never an error.
/// </summary>
public class KernelCheckCacheTests
{
    static KernelCheckPlan Plan(int batchSize) => KernelCheckPlan.ForTraining(new TrainingConfig { BatchSize = batchSize }, trainCount: 128);

    [Test]
    public void The_same_key_reuses_the_kept_pass_and_a_changed_key_checks_again()
    {
        using var dir = new TempDirectory();
        var cache = new KernelCheckCache(dir.Path);

        var first = KernelCheck.Run(Plan(64), threads: 1, cache: cache);
        Assert.That(first.Passed && !first.Cached, Is.True, "the first run checks");
        Assert.That(Directory.GetFiles(dir.Path, "*.json"), Has.Length.EqualTo(1));

        var second = KernelCheck.Run(Plan(64), threads: 1, cache: cache);
        Assert.That(second.Cached, Is.True, "the same key is a kept verdict");
        Assert.That(second.Rows.Select(r => (r.Describe(), r.Normalised)), Is.EqualTo(first.Rows.Select(r => (r.Describe(), r.Normalised))));
        Assert.That(second.Summary().Cached, Is.True);

        var otherBatch = KernelCheck.Run(Plan(32), threads: 1, cache: cache);
        Assert.That(otherBatch.Cached, Is.False, "other shapes check again");
        var otherThreads = KernelCheck.Run(Plan(64), threads: 2, cache: cache);
        Assert.That(otherThreads.Cached, Is.False, "another thread count checks again");
        TorchThreads.Use(1);
        Assert.That(Directory.GetFiles(dir.Path, "*.json"), Has.Length.EqualTo(3));
        Assert.That(KernelCheck.Run(Plan(64), threads: 1).Cached, Is.False, "without a cache every run checks");
    }

    [Test]
    public void The_key_follows_the_machine_the_precision_and_the_checks()
    {
        var machine = MachineInfo.Capture();
        string[] checks = ["Linear|784,256"];
        var key = KernelCheckCache.Key(machine, "float32", checks);
        Assert.That(KernelCheckCache.Key(machine, "float32", checks), Is.EqualTo(key));
        Assert.That(KernelCheckCache.Key(machine, "bf16-mixed", checks), Is.Not.EqualTo(key));
        Assert.That(KernelCheckCache.Key(machine, "float32", ["Linear|784,128"]), Is.Not.EqualTo(key));
        Assert.That(KernelCheckCache.Key(machine with { Cpu = "another CPU" }, "float32", checks), Is.Not.EqualTo(key));
        Assert.That(KernelCheckCache.Key(machine with { InstructionSets = [.. machine.InstructionSets, "amx_bf16"] }, "float32", checks), Is.Not.EqualTo(key));
        Assert.That(KernelCheckCache.Key(machine with { OneDnn = "9.9.9" }, "float32", checks), Is.Not.EqualTo(key));
        var paths = new Dictionary<string, string?>(machine.ComputePathVariables) { ["ONEDNN_MAX_CPU_ISA"] = "SSE41" };
        Assert.That(KernelCheckCache.Key(machine with { ComputePathVariables = paths }, "float32", checks), Is.Not.EqualTo(key));
    }

    [Test]
    public void A_failure_is_never_kept_and_a_damaged_file_is_a_miss()
    {
        using var dir = new TempDirectory();
        var cache = new KernelCheckCache(dir.Path);
        var failing = new KernelCheckReport("float32", MachineInfo.Capture(), [new KernelCheckRow("Linear(1→1)", ["D"], [1, 1], "forward", 1, 2)], 0.1);
        cache.Keep("k", failing);
        Assert.That(cache.Find("k"), Is.Null);
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);

        File.WriteAllText(Path.Combine(dir.Path, "d.json"), "{ not json");
        Assert.That(cache.Find("d"), Is.Null);
    }

    [Test]
    public void A_repeated_gan_train_records_the_kept_verdict_and_trains_the_same()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string?> { [KernelCheckCache.Variable] = dir.File("cache") };
        string[] Train(string name)
        {
            var r = GanCli.Run(dir.Path, env, "train", "--pair", "g1-d1", "--epochs", "1", "--subset", "256", "--threads", "1", "--plain", "--out", name);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            return File.ReadLines(Path.Combine(dir.File(name), "metrics.csv")).Select(l => string.Join(',', l.Split(',')[..6])).ToArray();
        }
        bool Cached(string name)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File(name), "config.json")));
            return doc.RootElement.GetProperty("provenance").GetProperty("kernelCheck").GetProperty("cached").GetBoolean();
        }
        var first = Train("first");
        var second = Train("second");
        Assert.That(Cached("first"), Is.False);
        Assert.That(Cached("second"), Is.True);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void The_environment_names_the_cache_or_turns_it_off()
    {
        var before = Environment.GetEnvironmentVariable(KernelCheckCache.Variable);
        try
        {
            Environment.SetEnvironmentVariable(KernelCheckCache.Variable, "off");
            Assert.That(KernelCheckCache.FromEnvironment(), Is.Null);
            Environment.SetEnvironmentVariable(KernelCheckCache.Variable, "/tmp/somewhere");
            Assert.That(KernelCheckCache.FromEnvironment()!.Directory, Is.EqualTo("/tmp/somewhere"));
            Environment.SetEnvironmentVariable(KernelCheckCache.Variable, null);
            Assert.That(KernelCheckCache.FromEnvironment()!.Directory, Does.EndWith(Path.Combine("gan", "kernel-check")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(KernelCheckCache.Variable, before);
        }
    }
}
