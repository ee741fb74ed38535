using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// A module run at the exact shape, the way training runs it: the forward, and (when the check covers backward)
/// autograd's gradients for an upstream gradient with respect to the input and every parameter that requires one.
/// Without backward the forward runs under no_grad, as inference does.
/// </summary>
public sealed record PrecisionRun(Tensor Input, Tensor Output, Tensor? Upstream, Tensor? GradInput, IReadOnlyList<(string Name, Tensor Grad)> GradParameters)
{
    /// <summary>The module in the tested precision on <paramref name="input"/>, with a random upstream gradient.</summary>
    public static PrecisionRun Of(nn.Module<Tensor, Tensor> module, Tensor input, LeafCheckContext context) =>
        Run(module, input, context.Backward, context.Normal);

    /// <summary>The module on <paramref name="input"/>, backward with the gradient <paramref name="upstream"/> makes for the output's shape.</summary>
    public static PrecisionRun Run(nn.Module<Tensor, Tensor> module, Tensor input, bool backward, Func<long[], Tensor> upstream)
    {
        if (!backward)
        {
            using (no_grad())
                return new PrecisionRun(input, module.forward(input.clone()), null, null, []);
        }
        var x = input.detach().requires_grad_(true);
        // A clone, so an in-place module (ReLU(inplace: true)) works on a copy, never on the leaf autograd differentiates for.
        var y = module.forward(x.clone());
        var g = upstream(y.shape);
        var parameters = module.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var grads = autograd.grad([y], [x, .. parameters.Select(p => (Tensor)p.parameter)], [g], allow_unused: true);
        var gradParameters = parameters.Select((p, i) => (p.name, grads[i + 1]))
            .Where(p => p.Item2 is not null && !p.Item2.IsInvalid).ToList();
        return new PrecisionRun(input, y.detach(), g, grads[0], gradParameters);
    }

    /// <summary>The gradient of the named parameter; every parameter of the checked layers takes part in the output.</summary>
    public Tensor Grad(string name) => GradParameters.First(p => p.Name == name).Grad;
}
