using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A forward-and-backward region (a D step or a G step) in which each bf16 layer hands out one bf16 weight however
/// many forwards use it, as PyTorch's autocast caches its casts: the bf16 gradients of those uses sum in bf16 before
/// the one cast back to float32. The weight is the layer's kept <see cref="Bf16Copy"/>, recast only when stale, so
/// a region after an optimizer step that rewrote the copy casts nothing. Outside a region every forward casts afresh.
/// A weight changed in place (an optimizer step) or re-frozen inside a region would be served stale, so a region must
/// not span an optimizer step; the region hands out a new weight when the weight's requires_grad differs from before.
/// </summary>
public sealed class Bf16CastCache : IDisposable
{
    [ThreadStatic] static Bf16CastCache? _current;

    readonly Bf16CastCache? _outer;
    readonly Dictionary<Bf16Copy, (Tensor Bf16, bool RequiresGrad)> _casts = [];

    Bf16CastCache()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>Opens a region on this thread; dispose it before the weights next change.</summary>
    public static Bf16CastCache Begin() => new();

    /// <summary>The region open on this thread, or null outside one.</summary>
    internal static Bf16CastCache? Current => _current;

    /// <summary>The region's bf16 weight from <paramref name="copy"/>, taken on first use (again if requires_grad changed).</summary>
    internal Tensor Get(Bf16Copy copy, Tensor weight)
    {
        bool requiresGrad = weight.requires_grad;
        if (_casts.TryGetValue(copy, out var hit) && hit.RequiresGrad == requiresGrad) return hit.Bf16;
        hit.Bf16?.Dispose();
        var bf16 = copy.ForRegion().DetachFromDisposeScope();
        _casts[copy] = (bf16, requiresGrad);
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
