using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Gan.Core.Models;
using Gan.Core.Optim;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Models;

/// <summary>
/// A bf16 layer's kept weight copy: rounded as LibTorch's cast, rewritten by SinglePassAdam in its update pass so
/// the next region needs no cast, and recast when the weight changes any other way.
/// </summary>
[NonParallelizable]
public class Bf16CopyTests
{
    static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    static ushort[] Bits(Tensor bf16) => MemoryMarshal.Cast<byte, ushort>(bf16.contiguous().bytes).ToArray();

    [Test]
    public void Rounding_matches_LibTorchs_cast_on_ties_extremes_and_random_values()
    {
        // Ties to even both ways, the largest finite float (rounds to infinity), infinities, denormals, signed zeros.
        float[] special =
        [
            BitConverter.UInt32BitsToSingle(0x3F808000), BitConverter.UInt32BitsToSingle(0x3F818000),
            BitConverter.UInt32BitsToSingle(0x3F807FFF), BitConverter.UInt32BitsToSingle(0x3F808001),
            float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity,
            float.Epsilon, -1e-40f, 0f, -0f, 1f, -3.14159f,
        ];
        using var gen = new TorchSharp.torch.Generator(3);
        using var random = randn(4096, generator: gen).mul(randint(-30, 30, [4096], generator: gen).to(ScalarType.Float32).exp());
        var values = special.Concat(MemoryMarshal.Cast<byte, float>(random.bytes).ToArray()).ToArray();
        Array.Resize(ref values, values.Length / 16 * 16);
        using var asTensor = tensor(values);
        var expected = Bits(asTensor.to(ScalarType.BFloat16));
        var scalar = values.Select(Bf16Copy.Round).ToArray();
        var vector = new ushort[values.Length];
        for (int i = 0; i < values.Length; i += 16)
            Bf16Copy.Round(Vector256.Create(values.AsSpan(i, 8)), Vector256.Create(values.AsSpan(i + 8, 8))).CopyTo(vector.AsSpan(i));
        Assert.Multiple(() =>
        {
            Assert.That(scalar, Is.EqualTo(expected), "scalar rounding");
            Assert.That(vector, Is.EqualTo(expected), "vector rounding");
            Assert.That(Bf16Copy.Round(float.NaN), Is.EqualTo((ushort)0x7FC0), "NaN stays NaN (LibTorch's scalar cast)");
        });
    }

    static (Sequential Model, Linear Leaf) Model()
    {
        random.manual_seed(2);
        var leaf = nn.Linear(300, 7);
        var model = nn.Sequential(leaf);
        MixedPrecision.UseBf16(model);
        return (model, leaf);
    }

    static Tensor RegionWeight(Linear leaf)
    {
        using (Bf16CastCache.Begin())
            return Bf16Copy.Of(leaf.weight!)!.ForRegion(withGradient: false).clone();
    }

    [Test]
    public void After_SinglePassAdam_the_kept_copy_is_the_cast_of_the_updated_weight_and_is_used_uncast()
    {
        var (model, leaf) = Model();
        var (reference, _) = Model();
        using var adam = new SinglePassAdam(model.parameters(), 3e-4, 0.9, 0.999);
        using var referenceAdam = new Adam(reference.parameters(), 3e-4, 0.9, 0.999);
        Assume.That(adam.IsSinglePass, "the fused update needs AVX + FMA and libtorch_cpu's VML");
        using (RegionWeight(leaf)) { }
        using var gen = new TorchSharp.torch.Generator(9);
        for (int step = 0; step < 3; step++)
        {
            foreach (var (p, r) in model.parameters().Zip(reference.parameters()))
            {
                p.grad = randn(p.shape, generator: gen);
                r.grad = p.grad.clone();
            }
            adam.step();
            referenceAdam.step();
        }
        foreach (var (p, r) in model.parameters().Zip(reference.parameters()))
            Assert.That(Same(p.detach(), r.detach()), Is.True, "writing the copy leaves the update TorchSharp's, bit for bit");
        var copy = Bf16Copy.Of(leaf.weight!)!;
        Assert.That(copy.TryGetValues(out var kept), Is.True);
        var keptBits = kept.ToArray();
        using var cast = leaf.weight!.detach().to(ScalarType.BFloat16);
        Assert.That(keptBits, Is.EqualTo(Bits(cast)), "the copy Adam wrote is the cast of the weight it wrote");
        // The next region hands out that copy as it is: writing a marker into it shows it was not recast.
        kept[1] ^= 0x0001;
        using var handedOut = RegionWeight(leaf);
        Assert.That(Bits(handedOut)[1], Is.EqualTo((ushort)(keptBits[1] ^ 0x0001)), "a current copy is used without a cast");
        model.Dispose();
        reference.Dispose();
    }

    [Test]
    public void A_weight_changed_outside_the_optimizer_is_cast_afresh()
    {
        var (model, leaf) = Model();
        using var before = RegionWeight(leaf);
        using (no_grad()) leaf.weight!.mul_(1.5);
        using var after = RegionWeight(leaf);
        using var cast = leaf.weight!.detach().to(ScalarType.BFloat16);
        Assert.Multiple(() =>
        {
            Assert.That(Same(after, cast), Is.True, "after mul_ the region's weight is the new cast");
            Assert.That(Same(after, before), Is.False);
        });
        using (no_grad()) leaf.weight.copy_(randn(7, 300));
        using var loaded = RegionWeight(leaf);
        using var loadedCast = leaf.weight.detach().to(ScalarType.BFloat16);
        Assert.That(Same(loaded, loadedCast), Is.True, "after copy_ (what loading a checkpoint does) likewise");
        model.Dispose();
    }

    [Test]
    public void TorchSharps_own_Adam_leaves_the_copy_stale_and_the_region_recasts()
    {
        var (model, leaf) = Model();
        using var adam = new Adam(model.parameters(), 3e-4, 0.9, 0.999);
        using var x = randn(16, 300);
        using (Bf16CastCache.Begin())
            model.call(x).square().sum().backward();
        adam.step();
        using var region = RegionWeight(leaf);
        using var cast = leaf.weight!.detach().to(ScalarType.BFloat16);
        Assert.That(Same(region, cast), Is.True);
        model.Dispose();
    }

    [Test]
    public void Forget_drops_the_copy_and_a_disposed_layer_leaves_none()
    {
        var (model, leaf) = Model();
        using (RegionWeight(leaf)) { }
        var copy = Bf16Copy.Of(leaf.weight!)!;
        Assert.That(copy.TryGetValues(out _), Is.True);
        copy.Forget();
        Assert.That(copy.TryGetValues(out _), Is.False);
        var weight = leaf.weight!;
        model.Dispose();
        Assert.That(Bf16Copy.Of(weight), Is.Null);
    }
}
