using System.Text.Json;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// LibTorch's code paths are the CPU's own by default, with whatever compute-path variables the caller set, and
/// recorded; <c>GAN_COMPUTE_PATHS=pinned</c> pins them natively before LibTorch loads, overriding the caller's variables.
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

    static readonly Dictionary<string, string?> PinnedChoice = new() { [ComputePaths.ChoiceVariable] = "pinned" };

    /// <summary>The caller's environment with the choice left to the default, whatever the test process was started with.</summary>
    static readonly Dictionary<string, string?> NativeChoice = new() { [ComputePaths.ChoiceVariable] = null };

    TempDirectory _cwd = null!;

    [SetUp] public void CreateWorkingDirectory() => _cwd = new TempDirectory();
    [TearDown] public void DeleteWorkingDirectory() => _cwd.Dispose();

    [Test]
    public void The_test_process_runs_on_the_paths_its_environment_chose_as_native_getenv_sees_them()
    {
        var seen = ComputePaths.NativeValues();
        bool pinned = Environment.GetEnvironmentVariable(ComputePaths.ChoiceVariable) is string c && c.Equals("pinned", StringComparison.OrdinalIgnoreCase);
        Assert.That(ComputePaths.Pinned, Is.EqualTo(pinned));
        foreach (var (variable, value) in ComputePaths.Pins)
            Assert.That(seen[variable], Is.EqualTo(pinned ? value : Environment.GetEnvironmentVariable(variable)), variable);
    }

    [Test]
    public void Pinning_after_LibTorch_loaded_is_refused()
    {
        using var t = TorchSharp.torch.ones(1);
        if (OperatingSystem.IsLinux()) Assert.That(ComputePaths.LibTorchLoaded(), Is.True);
        if (ComputePaths.Pinned) Assert.That(ComputePaths.Pin(), Is.True, "pinning again is a no-op");
        else if (OperatingSystem.IsLinux()) Assert.That(() => ComputePaths.Pin(), Throws.TypeOf<GanException>());
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
    public void Gan_runs_the_CPUs_own_paths_by_default_and_records_the_pinned_choice()
    {
        Assert.That(Bench(NativeChoice, "native.json").GetProperty("computePathsPinned").GetBoolean(), Is.False);
        Assert.That(Bench(PinnedChoice, "pinned.json").GetProperty("computePathsPinned").GetBoolean(), Is.True);
    }

    [Test]
    public void An_unknown_choice_is_a_one_line_error()
    {
        var r = GanCli.Run(_cwd.Path, new Dictionary<string, string?> { [ComputePaths.ChoiceVariable] = "fast" }, "models");
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

    static JsonElement ComputePathsOf(string run)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        return config.RootElement.GetProperty("provenance").GetProperty("computePaths").Clone();
    }

    [Test]
    public void Pinned_the_callers_code_path_variables_do_not_change_a_run()
    {
        var plain = TrainLosses(PinnedChoice, "plain");
        var hostile = TrainLosses(new Dictionary<string, string?>(HostileEnvironment) { [ComputePaths.ChoiceVariable] = "pinned" }, "hostile");
        Assert.That(hostile, Is.EqualTo(plain));

        var paths = ComputePathsOf(_cwd.File("hostile"));
        Assert.Multiple(() =>
        {
            Assert.That(paths.GetProperty("pinned").GetBoolean(), Is.True);
            Assert.That(paths.GetProperty("variables").GetProperty("ATEN_CPU_CAPABILITY").GetString(), Is.EqualTo("avx2"));
            Assert.That(paths.GetProperty("variables").GetProperty("MKL_CBWR").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(paths.GetProperty("cpuSimd").EnumerateArray().Select(e => e.GetString()), Does.Contain("avx2"));
        });
    }

    [Test]
    public void By_default_the_callers_code_path_variables_reach_LibTorch_and_are_recorded()
    {
        var env = new Dictionary<string, string?>(NativeChoice) { ["ATEN_CPU_CAPABILITY"] = "default", ["MKL_CBWR"] = "COMPATIBLE" };
        TrainLosses(env, "native");
        var paths = ComputePathsOf(_cwd.File("native"));
        Assert.Multiple(() =>
        {
            Assert.That(paths.GetProperty("pinned").GetBoolean(), Is.False);
            Assert.That(paths.GetProperty("variables").GetProperty("ATEN_CPU_CAPABILITY").GetString(), Is.EqualTo("default"));
            Assert.That(paths.GetProperty("variables").GetProperty("MKL_CBWR").GetString(), Is.EqualTo("COMPATIBLE"));
        });
    }
}
