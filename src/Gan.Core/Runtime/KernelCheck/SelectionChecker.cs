using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Modules that only move or select values (max pooling, flattening): the forward must equal float64 exactly, as must
/// the gradient where each input element receives from one output. Pooling windows that overlap add up to
/// ⌈k/s⌉² gradients per element, which the bound γ_m·(routed |g|) allows. Recomputed for a few batch rows.
/// </summary>
public sealed class SelectionChecker(Func<nn.Module, string?> settings, Func<nn.Module, long> gradientsPerInput) : ILeafChecker
{
    public static readonly SelectionChecker MaxPool2d = new(
        m => m is MaxPool2d p ? $"k{string.Join("x", p.kernel_size.Distinct())}, s{string.Join("x", (p.stride ?? p.kernel_size).Distinct())}, p{string.Join("x", (p.padding ?? [0]).Distinct())}{(p.ceil_mode ? ", ceil" : "")}" : null,
        m => m is MaxPool2d p ? p.kernel_size.Zip(p.stride ?? p.kernel_size, (k, s) => (k + s - 1) / s).Aggregate(1L, (a, b) => a * b) : 1);

    public static readonly SelectionChecker Flatten = new(
        m => m is Flatten f ? $"dims {f.start_dim}..{f.end_dim}" : null,
        _ => 0);

    public string? Settings(nn.Module module) => settings(module);

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var run = PrecisionRun.Of(module, context.Normal(inputShape), context);
        var rows = context.Rows(inputShape[0]);
        var x = run.Input.index_select(0, rows).to(ScalarType.Float64).requires_grad_(true);
        var y = module.forward(x.clone());
        var results = new List<LeafComparison>
        {
            new(CheckDirection.Forward, Deviation.Of(run.Output.index_select(0, rows).to(ScalarType.Float64), y.detach(), zeros_like(y))),
        };
        if (!context.Backward) return results;
        var g = run.Upstream!.index_select(0, rows).to(ScalarType.Float64);
        var dx = autograd.grad([y], [x], [g], retain_graph: true)[0];
        var routed = autograd.grad([y], [x], [g.abs()])[0];
        results.Add(new(CheckDirection.GradInput, Deviation.Of(
            run.GradInput!.index_select(0, rows).to(ScalarType.Float64), dx, context.Precision.Gamma(gradientsPerInput(module)) * routed)));
        return results;
    }
}
