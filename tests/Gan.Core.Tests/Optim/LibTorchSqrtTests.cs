using System.Runtime.InteropServices;
using Gan.Core.Optim;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Optim;

/// <summary>
/// MKL's vmsSqrt, called on blocks of any length, gives LibTorch's Tensor.sqrt bit for bit: what lets the fused Adam
/// take √v block by block. The inputs span Adam's second moments (squares of gradients, tiny ones and denormals included).
/// </summary>
public class LibTorchSqrtTests
{
    [Test]
    public void Blocks_of_any_length_give_LibTorchs_sqrt_bit_for_bit()
    {
        Assume.That(LibTorchSqrt.Available, "libtorch_cpu without MKL's VML (not an x64 Linux build)");
        using var gen = new TorchSharp.torch.Generator(11);
        // 10^k for k in [-44, 4): squares of gradients from 1e-22 to 1e2, and below float32's normal range.
        using var scale = randint(-44, 4, [300_001], generator: gen).to(ScalarType.Float32).mul(MathF.Log(10)).exp();
        using var v = randn(300_001, generator: gen).square().mul(scale);
        using var reference = v.sqrt();
        var input = MemoryMarshal.Cast<byte, float>(v.bytes).ToArray();
        var expected = MemoryMarshal.Cast<byte, int>(reference.bytes).ToArray();
        var ours = new float[input.Length];
        var lengths = new Random(5);
        for (int at = 0; at < input.Length;)
        {
            int n = Math.Min(input.Length - at, lengths.Next(1, 5000));
            LibTorchSqrt.Apply(input.AsSpan(at), ours.AsSpan(at), n);
            at += n;
        }
        int differing = Enumerable.Range(0, input.Length).Count(i => BitConverter.SingleToInt32Bits(ours[i]) != expected[i]);
        int notCorrectlyRounded = Enumerable.Range(0, input.Length).Count(i => BitConverter.SingleToInt32Bits(MathF.Sqrt(input[i])) != expected[i]);
        Assert.Multiple(() =>
        {
            Assert.That(differing, Is.Zero, "elements whose √ differs from Tensor.sqrt's");
            Assert.That(input.Count(x => x > 0 && x < 1.17549435e-38f), Is.GreaterThan(0), "denormal inputs were covered");
        });
        TestContext.Out.WriteLine($"{notCorrectlyRounded} of {input.Length} of LibTorch's roots differ from the correctly rounded one");
    }
}
