using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// The bf16 copies of float32 weights made inside one forward-and-backward region (a D step or a G step), as PyTorch's
/// autocast caches them: each weight is cast once per region however many forwards use it, and the bf16 gradients of
/// those uses sum in bf16 before the one cast back to float32. On D2 that saves a 37.7M-element cast each way, an
/// add, and their allocations, per extra forward. Outside a region every forward casts afresh.
/// A weight changed in place (an optimizer step) or re-frozen inside a region would be served stale, so a region must
/// not span an optimizer step; the cache also recasts when the weight's requires_grad differs from when it cast it.
/// </summary>
public sealed class Bf16CastCache : IDisposable
{
    [ThreadStatic] static Bf16CastCache? _current;

    readonly Bf16CastCache? _outer;
    readonly Dictionary<IntPtr, (Tensor Bf16, bool RequiresGrad)> _casts = [];

    Bf16CastCache()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>Opens a region on this thread; dispose it before the weights next change.</summary>
    public static Bf16CastCache Begin() => new();

    /// <summary>The region open on this thread, or null outside one.</summary>
    internal static Bf16CastCache? Current => _current;

    /// <summary>The region's bf16 copy of <paramref name="weight"/>, cast on first use (again if its requires_grad changed).</summary>
    internal Tensor Get(Tensor weight)
    {
        bool requiresGrad = weight.requires_grad;
        if (_casts.TryGetValue(weight.Handle, out var hit) && hit.RequiresGrad == requiresGrad) return hit.Bf16;
        hit.Bf16?.Dispose();
        var bf16 = weight.to(ScalarType.BFloat16).DetachFromDisposeScope();
        _casts[weight.Handle] = (bf16, requiresGrad);
        return bf16;
    }

    public void Dispose()
    {
        if (_current != this) throw new InvalidOperationException("Bf16CastCache regions must be disposed innermost first");
        _current = _outer;
        foreach (var (bf16, _) in _casts.Values) bf16.Dispose();
        _casts.Clear();
    }
}
