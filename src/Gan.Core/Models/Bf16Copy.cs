using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A float32 weight's bf16 copy kept from one cast region to the next, so a region uses it instead of casting the
/// weight again. <see cref="Optim.SinglePassAdam"/> rewrites it in the pass that updates the weight, which costs a
/// 2-byte store per element where a cast costs a 4-byte read and a 2-byte store in every region (on D2, twice per
/// iteration over 37.7M weights). Values are round-to-nearest-even, as LibTorch's cast, so training is bit-identical.
/// <para>
/// The copy is trusted only while the weight's float32 values at a few spread positions still equal those it was
/// made from. An optimizer update changes them, and so does every whole-tensor change outside it (a checkpoint load,
/// a script scaling the weight, TorchSharp's own Adam), so the next region casts afresh. A change that leaves those
/// positions alone would go unseen: write a weight in place only through a whole-tensor operation, or call
/// <see cref="Forget"/>.
/// </para>
/// </summary>
public sealed class Bf16Copy : IDisposable
{
    static readonly ConditionalWeakTable<Tensor, Bf16Copy> Registry = [];
    const int SampleCount = 16;

    readonly Tensor _weight;
    readonly long[] _positions;
    readonly int[] _sampled;
    Tensor? _bf16;
    bool _disposed;

    internal Bf16Copy(Tensor weight)
    {
        _weight = weight;
        long n = weight.numel();
        int k = (int)Math.Min(SampleCount, n);
        _positions = [.. Enumerable.Range(0, k).Select(i => k == 1 ? 0 : i * (n - 1) / (k - 1))];
        _sampled = new int[k];
        Registry.AddOrUpdate(weight, this);
    }

    /// <summary>The copy a bf16 layer keeps of <paramref name="weight"/>, or null when none does (or it was disposed).</summary>
    internal static Bf16Copy? Of(Tensor weight) => Registry.TryGetValue(weight, out var copy) && !copy._disposed ? copy : null;

    /// <summary>
    /// The bf16 weight for a forward inside a cast region: the kept copy, recast first when stale. With
    /// <paramref name="withGradient"/> it is a new leaf over the copy's storage whose bf16 gradient
    /// <see cref="TakeGradient"/> later hands to the float32 weight, as the cast's backward would.
    /// </summary>
    internal Tensor ForRegion(bool withGradient)
    {
        using (no_grad())
        {
            if (_bf16 is null || !_bf16.shape.SequenceEqual(_weight.shape))
            {
                _bf16?.Dispose();
                _bf16 = _weight.detach().to(ScalarType.BFloat16).DetachFromDisposeScope();
                Stamp();
            }
            else if (!Current)
            {
                _bf16.copy_(_weight.detach());
                Stamp();
            }
        }
        var weight = _bf16.detach();
        return withGradient ? weight.requires_grad_(true) : weight;
    }

    /// <summary>
    /// Adds the bf16 gradient that <paramref name="leaf"/> (from <see cref="ForRegion"/>) gathered to the float32
    /// weight's gradient, exactly widened: the cast's backward. It is laid out contiguously, as an optimizer reads it.
    /// </summary>
    internal void TakeGradient(Tensor leaf)
    {
        using var gradient = leaf.grad;
        if (gradient is null) return;
        // The weight's gradient keeps its own reference: these wrappers go now rather than at a dispose scope's end.
        using (no_grad())
        using (var wide = empty(gradient.shape, ScalarType.Float32, gradient.device).copy_(gradient))
        using (var existing = _weight.grad)
        {
            if (existing is null) _weight.grad = wide;
            else existing.add_(wide);
        }
        leaf.grad = null;
    }

    /// <summary>True when the copy was made from the weight's present values (see the class remarks).</summary>
    bool Current
    {
        get
        {
            if (!Readable) return false;
            var values = WeightBits;
            for (int i = 0; i < _positions.Length; i++)
                if (values[(int)_positions[i]] != _sampled[i]) return false;
            return true;
        }
    }

    /// <summary>The float32 weight's elements as bit patterns (a NaN compares equal to itself), where they are <see cref="Readable"/>.</summary>
    Span<int> WeightBits => MemoryMarshal.Cast<byte, int>(_weight.bytes);

    // Other devices' memory cannot be read from here; their copies are recast in every region, as casts were.
    bool Readable => _weight.device_type == DeviceType.CPU && _weight.is_contiguous();

    /// <summary>The copy's elements, for an optimizer to write beside the weight; false before the first region made it.</summary>
    internal bool TryGetValues(out Span<ushort> values)
    {
        if (_bf16 is null || _disposed || !Readable)
        {
            values = default;
            return false;
        }
        values = MemoryMarshal.Cast<byte, ushort>(_bf16.bytes);
        return true;
    }

    /// <summary>Records that the copy now holds the weight's present values rounded (the writer has set every element).</summary>
    internal void Stamp()
    {
        if (!Readable) return;
        var values = WeightBits;
        for (int i = 0; i < _positions.Length; i++) _sampled[i] = values[(int)_positions[i]];
    }

    /// <summary>Drops the copy; the next region casts afresh. For a weight changed in place at only a few elements.</summary>
    public void Forget()
    {
        _bf16?.Dispose();
        _bf16 = null;
    }

    /// <summary>bf16 bits of <paramref name="x"/>, rounded to nearest even as LibTorch's cast (NaN becomes 0x7FC0).</summary>
    internal static ushort Round(float x)
    {
        if (float.IsNaN(x)) return 0x7FC0;
        uint bits = BitConverter.SingleToUInt32Bits(x);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary><see cref="Round(float)"/> of 16 floats, as 16 bf16 values.</summary>
    internal static Vector256<ushort> Round(Vector256<float> low, Vector256<float> high) =>
        Vector256.Narrow(RoundWide(low), RoundWide(high));

    static Vector256<uint> RoundWide(Vector256<float> x)
    {
        var bits = x.AsUInt32();
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        var isNumber = Vector256.Equals(x, x).AsUInt32();
        return Vector256.ConditionalSelect(isNumber, rounded, Vector256.Create(0x7FC0u));
    }

    public void Dispose()
    {
        _disposed = true;
        Forget();
        Registry.Remove(_weight);
    }
}
