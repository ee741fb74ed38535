using Gan.Core.Runtime;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// <c>--precision</c>: fp32, fp64 or bf16-mixed; fp64 is float64 throughout and never falls back; bf16-mixed on a CPU without native bf16 falls back to fp32 with one
/// message unless forced; and the compute paths' profile follows the precision only where the CPU has the kernels.
/// </summary>
public class PrecisionTests
{
    [TestCase("fp32", Precision.Fp32, false)]
    [TestCase("bf16-mixed", Precision.Bf16Mixed, false)]
    [TestCase("BF16-Mixed!", Precision.Bf16Mixed, true)]
    [TestCase("fp64", Precision.Fp64, false)]
    [TestCase("float64", Precision.Fp64, false)]
    public void Requests_parse(string text, Precision expected, bool forced) =>
        Assert.That(PrecisionExtensions.ParseRequest(text), Is.EqualTo((expected, forced)));

    [Test]
    public void An_unknown_precision_is_a_one_line_error_naming_the_choices() =>
        Assert.That(() => PrecisionExtensions.ParseRequest("fp16"),
            Throws.TypeOf<GanException>().With.Message.EqualTo("unknown --precision 'fp16'; use fp32 (the default), fp64 or bf16-mixed"));

    [Test]
    public void Fp64_is_float64_and_runs_as_asked_on_any_CPU()
    {
        Assert.That(Precision.Fp64.DType(), Is.EqualTo(TorchSharp.torch.ScalarType.Float64));
        Assert.That(Precision.Fp32.DType(), Is.EqualTo(TorchSharp.torch.ScalarType.Float32));
        Assert.That(Precision.Bf16Mixed.DType(), Is.EqualTo(TorchSharp.torch.ScalarType.Float32), "bf16-mixed keeps float32 masters");
        var said = new List<string>();
        Assert.That(PrecisionExtensions.Resolve("fp64", cpuHasBf16: false, said.Add), Is.EqualTo(Precision.Fp64));
        Assert.That(said, Is.Empty);
        Assert.That(Precision.Fp64.Name(), Is.EqualTo("fp64"));
    }

    [Test]
    public void Without_native_bf16_the_run_falls_back_to_fp32_and_says_so_once()
    {
        var said = new List<string>();
        Assert.That(PrecisionExtensions.Resolve("bf16-mixed", cpuHasBf16: false, said.Add), Is.EqualTo(Precision.Fp32));
        Assert.That(said, Has.Count.EqualTo(1));
        Assert.That(said[0], Does.Contain("avx512_bf16").And.Contain("bf16-mixed!"));
    }

    [Test]
    public void Forced_or_on_a_bf16_cpu_the_run_uses_bf16_mixed_silently()
    {
        var said = new List<string>();
        Assert.That(PrecisionExtensions.Resolve("bf16-mixed!", cpuHasBf16: false, said.Add), Is.EqualTo(Precision.Bf16Mixed));
        Assert.That(PrecisionExtensions.Resolve("bf16-mixed", cpuHasBf16: true, said.Add), Is.EqualTo(Precision.Bf16Mixed));
        Assert.That(PrecisionExtensions.Resolve("fp32", cpuHasBf16: false, said.Add), Is.EqualTo(Precision.Fp32));
        Assert.That(said, Is.Empty);
    }

    [TestCase(Precision.Fp32, true, "avx2")]
    [TestCase(Precision.Bf16Mixed, true, "avx512-bf16")]
    [TestCase(Precision.Bf16Mixed, false, "avx2")]
    public void The_profile_follows_the_precision_where_the_cpu_has_bf16(Precision precision, bool cpuHasBf16, string profile)
    {
        var (name, pins) = ComputePaths.For(precision, cpuHasBf16);
        Assert.That(name, Is.EqualTo(profile));
        Assert.That(pins, Is.SameAs(profile == "avx2" ? ComputePaths.Pins : ComputePaths.Bf16Pins));
    }

    [Test]
    public void Both_profiles_set_the_same_variables_so_provenance_records_every_one() =>
        Assert.That(ComputePaths.Bf16Pins.Select(p => p.Variable), Is.EqualTo(ComputePaths.Pins.Select(p => p.Variable)));
}
