using Gan.Core.Models;
using Gan.Core.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Runtime;

/// <summary>
/// bf16-mixed runs check the bf16 layers they multiply with: against the float32 layer's float64 references, with
/// bounds for bfloat16 factors and result. The bf16 bound is needed (float32's fails a correct bf16 layer) and enough
/// (a correct one passes); a bf16 layer computing another function fails it. A bf16 bound is about 1.2% of the sum of
/// the terms' magnitudes, so it catches a wrong kernel (a sign, a flipped kernel, the errors of 4-13 the AVX-512
/// transposed convolution showed) but not a dropped term or a 5% weight error, which float32's bounds do catch.
/// </summary>
public class Bf16LayerCheckerTests
{
    static Bf16Linear Wrap(Linear linear) => (Bf16Linear)Bf16Linear.Wrap(linear)!;

    static IReadOnlyList<LeafComparison> CheckAgainst(Linear definition, nn.Module<Tensor, Tensor> run, KernelPrecision precision)
    {
        using var context = new LeafCheckContext(precision, backward: true, seed: 7);
        return new LinearChecker().Check(run, definition, [64, 512], context);
    }

    [Test]
    public void A_bf16_linear_passes_the_bf16_bounds_and_fails_float32s()
    {
        random.manual_seed(0);
        var linear = nn.Linear(512, 256);
        var bf16 = Wrap(linear);

        var withBf16Bounds = CheckAgainst(linear, bf16, KernelPrecision.Bf16Mixed);
        var withFloat32Bounds = CheckAgainst(linear, bf16, KernelPrecision.Float32);
        Assert.Multiple(() =>
        {
            Assert.That(withBf16Bounds.Select(c => c.Deviation.Normalised), Has.All.LessThanOrEqualTo(1.0), string.Join("; ", withBf16Bounds.Select(c => $"{c.Direction} {c.Deviation.Normalised:G3}")));
            Assert.That(withFloat32Bounds.Single(c => c.Direction == CheckDirection.Forward).Deviation.Normalised, Is.GreaterThan(1),
                "bf16 rounding exceeds what float32 allows, so the check really runs the bf16 kernel");
        });
    }

    [Test]
    public void A_bf16_linear_computing_another_function_fails_with_the_sign_of_its_weights_flipped()
    {
        random.manual_seed(0);
        var linear = nn.Linear(512, 256);
        var bf16 = Wrap(linear);
        var other = nn.Linear(512, 256);
        using (no_grad()) other.weight!.copy_(-linear.weight!);
        other.bias = linear.bias;

        var comparisons = CheckAgainst(other, bf16, KernelPrecision.Bf16Mixed);
        Assert.That(comparisons.Single(c => c.Direction == CheckDirection.Forward).Deviation.Normalised, Is.GreaterThan(1));
    }

    [Test]
    public void A_bf16_mixed_models_check_covers_its_bf16_layers()
    {
        random.manual_seed(0);
        var d = ModelZoo.CreateDiscriminator("D1");
        MixedPrecision.UseBf16(d);
        var report = KernelCheck.Run(new KernelCheckPlan([new KernelCheckTarget("D1", () => d, [1, 28, 28], true, [1, 64], true) { Borrowed = true }], []), threads: 1);

        var bf16Rows = report.Used.Where(r => r.Op.StartsWith(nameof(Bf16Linear))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Precision, Is.EqualTo("float32 and bf16-mixed"));
            Assert.That(bf16Rows.Select(r => r.Op).Distinct(), Is.EquivalentTo(new[] { "Bf16Linear(784→256, bf16)", "Bf16Linear(256→256, bf16)", "Bf16Linear(256→1, bf16)" }));
            Assert.That(bf16Rows.Select(r => r.Passed), Has.All.True);
            Assert.That(report.Used.Where(r => r.Op == nameof(Linear)), Is.Empty, "no layer stayed float32");
        });
    }

    [Test]
    public void The_bf16_mixed_gamma_adds_three_bfloat16_roundings_to_float32s()
    {
        double u = Math.ScaleB(1, -8);
        Assert.That(KernelPrecision.Bf16Mixed.Gamma(100),
            Is.EqualTo((1 + u) * (1 + u) * (1 + u) * (1 + KernelPrecision.Float32.Gamma(100)) - 1).Within(1e-15));
    }
}
