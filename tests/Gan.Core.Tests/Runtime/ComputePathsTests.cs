using System.Text.Json;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// LibTorch's code paths are pinned natively before it loads, whatever the caller's environment says, so one seed gives
/// the same numbers on any AVX2 machine; <c>GAN_COMPUTE_PATHS=native</c> is the only way out, and it is recorded.
/// </summary>
public class ComputePathsTests
{
    /// <summary>What a caller could set to move LibTorch onto other kernels (wider SIMD, MKL's reproducible mode).</summary>
    static readonly Dictionary<string, string?> HostileEnvironment = new()
    {
        ["ATEN_CPU_CAPABILITY"] = "avx512",
        ["ONEDNN_MAX_CPU_ISA"] = "AVX512_CORE_AMX",
        ["MKL_ENABLE_INSTRUCTIONS"] = "AVX512",
        ["MKL_CBWR"] = "COMPATIBLE",
    };

    TempDirectory _cwd = null!;

    [SetUp] public void CreateWorkingDirectory() => _cwd = new TempDirectory();
    [TearDown] public void DeleteWorkingDirectory() => _cwd.Dispose();

    [Test]
    public void The_test_process_runs_on_the_pinned_paths_as_native_getenv_sees_them()
    {
        var seen = ComputePaths.NativeValues();
        Assert.That(ComputePaths.Pinned, Is.True);
        foreach (var (variable, value) in ComputePaths.Pins)
            Assert.That(seen[variable], Is.EqualTo(value), variable);
    }

    [Test]
    public void Pinning_again_is_a_no_op_and_pinning_after_LibTorch_loaded_is_refused()
    {
        using var t = TorchSharp.torch.ones(1);
        Assert.That(ComputePaths.Pin(), Is.True);
        if (OperatingSystem.IsLinux()) Assert.That(ComputePaths.LibTorchLoaded(), Is.True);
        Assert.That(() => ComputePaths.RefuseAfterLoad(true),
            Throws.TypeOf<GanException>().With.Message.Contains("before its compute paths were pinned").And.Message.Contains("NativeRuntime.Initialize()"));
        Assert.That(() => ComputePaths.RefuseAfterLoad(false), Throws.Nothing);
    }

    JsonElement Bench(IReadOnlyDictionary<string, string?> env, string name)
    {
        var json = _cwd.File(name);
        var r = GanCli.Run(_cwd.Path, env, "bench", "--pair", "g1-d1", "--steps", "2", "--warmup", "0", "--threads", "1", "--json", json);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return doc.RootElement.Clone();
    }

    [Test]
    public void Gan_pins_by_default_and_records_the_opt_out()
    {
        Assert.That(Bench(new Dictionary<string, string?>(), "pinned.json").GetProperty("computePathsPinned").GetBoolean(), Is.True);
        var native = new Dictionary<string, string?> { [ComputePaths.OptOutVariable] = "native" };
        Assert.That(Bench(native, "native.json").GetProperty("computePathsPinned").GetBoolean(), Is.False);
    }

    [Test]
    public void An_unknown_choice_is_a_one_line_error()
    {
        var r = GanCli.Run(_cwd.Path, new Dictionary<string, string?> { [ComputePaths.OptOutVariable] = "fast" }, "models");
        GanCli.AssertUserError(r, ExitCodes.BadInput, "GAN_COMPUTE_PATHS=fast", "pinned", "native");
    }

    string[] TrainLosses(IReadOnlyDictionary<string, string?> env, string name)
    {
        var r = GanCli.Run(_cwd.Path, env, "train", "--pair", "g1-d1", "--epochs", "1", "--subset", "512", "--seed", "0",
            "--threads", "1", "--out", name);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        // step,epoch,d_loss,g_loss,d_real,d_fake: everything but the wall time.
        return File.ReadLines(Path.Combine(_cwd.File(name), "metrics.csv")).Select(l => string.Join(',', l.Split(',')[..6])).ToArray();
    }

    [Test]
    public void The_callers_code_path_variables_do_not_change_a_run()
    {
        var plain = TrainLosses(new Dictionary<string, string?>(), "plain");
        var hostile = TrainLosses(HostileEnvironment, "hostile");
        Assert.That(hostile, Is.EqualTo(plain));

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_cwd.File("hostile"), "config.json")));
        var paths = config.RootElement.GetProperty("provenance").GetProperty("computePaths");
        Assert.Multiple(() =>
        {
            Assert.That(paths.GetProperty("pinned").GetBoolean(), Is.True);
            Assert.That(paths.GetProperty("variables").GetProperty("ATEN_CPU_CAPABILITY").GetString(), Is.EqualTo("avx2"));
            Assert.That(paths.GetProperty("variables").GetProperty("MKL_CBWR").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(paths.GetProperty("cpuSimd").EnumerateArray().Select(e => e.GetString()), Does.Contain("avx2"));
        });
    }
}
