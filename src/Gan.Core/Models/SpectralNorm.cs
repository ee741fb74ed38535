using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// Spectral normalisation (Miyato et al., 2018) of a Linear or Conv2d layer: its weight divided by an estimate of its
/// largest singular value σ, so the layer is about 1-Lipschitz. σ = uᵀWv with u, v refined by one power iteration per
/// forward in training mode (as PyTorch's spectral_norm; none in eval mode) and kept as buffers, so checkpoints carry them and a resumed run
/// continues the same iteration. TorchSharp 0.107 has no spectral_norm, hence this module.
/// </summary>
public sealed class SpectralNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Power iterations at construction, so σ is already a good estimate at the first step (as PyTorch's parametrization does).</summary>
    const int InitialIterations = 15;
    const double Eps = 1e-12;

    readonly Parameter weight_orig;
    readonly Parameter? bias;
    readonly Tensor u;
    readonly Tensor v;
    readonly Func<Tensor, Tensor, Tensor?, Tensor> _apply;

    /// <summary>Wraps <paramref name="layer"/>, taking over its weight and bias; the layer itself is disposed.</summary>
    public SpectralNorm(nn.Module<Tensor, Tensor> layer) : base(nameof(SpectralNorm))
    {
        switch (layer)
        {
            case Linear linear:
                weight_orig = new Parameter(linear.weight.detach().clone());
                bias = linear.bias is null ? null : new Parameter(linear.bias.detach().clone());
                _apply = (x, w, b) => nn.functional.linear(x, w, b);
                break;
            case Conv2d conv when conv.padding_mode == PaddingModes.Zeros && conv.padding is not null:
                weight_orig = new Parameter(conv.weight.detach().clone());
                bias = conv.bias is null ? null : new Parameter(conv.bias.detach().clone());
                long[] stride = conv.stride, padding = conv.padding, dilation = conv.dilation;
                long groups = conv.groups;
                _apply = (x, w, b) => nn.functional.conv2d(x, w, b, stride, padding, dilation, groups);
                break;
            default:
                throw new GanException($"spectral normalisation supports Linear and zero-padded Conv2d layers, not {layer.GetType().Name}");
        }
        layer.Dispose();
        // u from a private generator: wrapping a layer draws nothing from the global one, so D's initial weights stay the same.
        using var generator = new torch.Generator(0);
        var rows = weight_orig.shape[0];
        using (no_grad())
        {
            var w = weight_orig.view(rows, -1);
            var u0 = Normalize(randn(rows, generator: generator).to(w.dtype));
            var v0 = Normalize(w.t().mv(u0));
            for (int i = 0; i < InitialIterations; i++)
            {
                u0 = Normalize(w.mv(v0));
                v0 = Normalize(w.t().mv(u0));
            }
            u = u0.DetachFromDisposeScope();
            v = v0.DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The current σ estimate uᵀWv, without gradient.</summary>
    public Tensor Sigma()
    {
        using (no_grad())
            return Estimate(get_parameter(nameof(weight_orig))!);
    }

    public override Tensor forward(Tensor x)
    {
        var w = get_parameter(nameof(weight_orig))!;
        if (training)
        {
            using (no_grad())
            {
                var mat = w.view(w.shape[0], -1);
                var uBuffer = get_buffer(nameof(u))!;
                var vBuffer = get_buffer(nameof(v))!;
                vBuffer.copy_(Normalize(mat.t().mv(uBuffer)));
                uBuffer.copy_(Normalize(mat.mv(vBuffer)));
            }
        }
        // Copies of u and v in the graph: the next forward (D scores real, then fake) updates the buffers in place,
        // which would otherwise invalidate this forward's saved tensors before backward (PyTorch clones them too).
        var sigma = training
            ? get_buffer(nameof(u))!.clone().dot(w.view(w.shape[0], -1).mv(get_buffer(nameof(v))!.clone()))
            : Estimate(w);
        return _apply(x, w / sigma, get_parameter(nameof(bias)));
    }

    /// <summary>σ = uᵀ W v, differentiable in W (u and v are constants, as in the paper).</summary>
    Tensor Estimate(Tensor w) => get_buffer(nameof(u))!.dot(w.view(w.shape[0], -1).mv(get_buffer(nameof(v))!));

    static Tensor Normalize(Tensor t) => t / t.norm().clamp_min(Eps);
}
