using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>∇ₓ of D's scores with respect to its input, kept differentiable (create_graph) so a penalty on it trains D.</summary>
public static class InputGradient
{
    /// <summary>
    /// ∂(Σᵢ D(xᵢ))/∂x: row i is ∇ D(xᵢ) because D scores each sample on its own (no BatchNorm in a discriminator).
    /// </summary>
    public static Tensor Of(Func<Tensor, Tensor> d, Tensor x)
    {
        var input = x.detach().requires_grad_(true);
        var scores = d(input);
        // retain_graph too: TorchSharp defaults it to false even with create_graph (PyTorch defaults it to create_graph),
        // and without it the backward through this gradient finds D's saved activations freed.
        return autograd.grad([scores.sum()], [input], retain_graph: true, create_graph: true)[0];
    }

    /// <summary>The squared L2 norm of each sample's gradient: Σ over every dimension but the first.</summary>
    public static Tensor SquaredNorms(Tensor gradient) => gradient.flatten(1).square().sum(1);
}
