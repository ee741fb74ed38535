using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A forward-and-backward region (a D step or a G step) in which each bf16 layer hands out one bf16 weight however
/// many forwards use it, as PyTorch's autocast caches its casts: the bf16 gradients of those uses sum in bf16, and when
/// the region closes each sum is widened once into the float32 weight's gradient. The weight is the layer's kept
/// <see cref="Bf16Copy"/>, recast only when stale, so a region after an optimizer step that rewrote the copy casts
/// nothing. Outside a region every forward casts afresh and gradients arrive through the cast during backward.
/// Close a region after its backward and before the optimizer step: the step needs the gradients, and a weight changed
/// inside a region would be served stale. A weight whose requires_grad changes inside a region gets a new bf16 weight.
/// Several backward passes in one region sum their gradients in bf16 (one pass per region, as the trainer runs, is exact).
/// </summary>
public sealed class Bf16CastCache : IDisposable
{
    [ThreadStatic] static Bf16CastCache? _current;

    readonly Bf16CastCache? _outer;
    readonly Dictionary<Bf16Copy, (Tensor Bf16, bool RequiresGrad)> _casts = [];
    readonly List<(Bf16Copy Copy, Tensor Bf16, bool IsLeaf)> _handedOut = [];

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
        bool withGradient = requiresGrad && is_grad_enabled();
        var bf16 = copy.ForRegion(withGradient).DetachFromDisposeScope();
        _handedOut.Add((copy, bf16, withGradient));
        _casts[copy] = (bf16, requiresGrad);
        return bf16;
    }

    public void Dispose()
    {
        if (_current != this) throw new InvalidOperationException("Bf16CastCache regions must be disposed innermost first");
        _current = _outer;
        foreach (var (copy, bf16, isLeaf) in _handedOut)
        {
            if (isLeaf) copy.TakeGradient(bf16);
            bf16.Dispose();
        }
        _handedOut.Clear();
        _casts.Clear();
    }
}
