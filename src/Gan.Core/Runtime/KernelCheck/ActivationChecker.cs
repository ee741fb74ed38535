using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Elementwise activations, recomputed in float64 for a few batch rows by the same module on widened inputs. Vectorised
/// float32 tanh, exp and division err by an ulp or two each, so the forward bound is <see cref="ForwardUlps"/>·u relative
/// (plus as much of the smallest normal number, for subnormal results). The backward works from the rounded output y,
/// so its bound follows from y's error δ ≤ c·u·|y|: (1 − y²) errs by 2c·u·y², y(1 − y) by c·u·y, plus 3u of
/// arithmetic; ReLU-like gradients only scale g.
/// </summary>
public sealed class ActivationChecker(
    Func<nn.Module, string?> settings,
    double forwardUlps,
    double inputScale,
    Func<ActivationChecker, Tensor, Tensor, Tensor, double, Tensor> gradBound) : ILeafChecker
{
    public static readonly ActivationChecker ReLU = new(_ => "", 1, 1, (_, _, _, dx, u) => 2 * u * dx.abs());

    public static readonly ActivationChecker LeakyReLU = new(m => $"slope {((LeakyReLU)m).negative_slope:G3}", 4, 1,
        (_, _, _, dx, u) => 4 * u * dx.abs());

    /// <summary>Inputs scaled by 4 reach the saturated tails (|x| up to about 16), where the float32 output rounds to ±1.</summary>
    public static readonly ActivationChecker Tanh = new(_ => "", 8, 4,
        (c, y, g, _, u) => (2 * c.ForwardUlps * y.square() + 3) * u * g.abs());

    public static readonly ActivationChecker Sigmoid = new(_ => "", 8, 4,
        (c, y, g, _, u) => (c.ForwardUlps + 3) * u * g.abs() * y);

    public double ForwardUlps { get; } = forwardUlps;

    public string? Settings(nn.Module module) => settings(module);

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var p = context.Precision;
        var run = PrecisionRun.Of(module, inputScale * context.Normal(inputShape), context);
        var rows = context.Rows(inputShape[0]);
        var x = run.Input.index_select(0, rows).to(ScalarType.Float64).requires_grad_(true);
        var y = module.forward(x.clone());
        var floor = ForwardUlps * p.UnitRoundoff * p.SmallestNormal;
        var results = new List<LeafComparison>
        {
            new(CheckDirection.Forward, Deviation.Of(
                run.Output.index_select(0, rows).to(ScalarType.Float64), y.detach(), ForwardUlps * p.UnitRoundoff * y.detach().abs() + floor)),
        };
        if (!context.Backward) return results;
        var g = run.Upstream!.index_select(0, rows).to(ScalarType.Float64);
        var dx = autograd.grad([y], [x], [g])[0];
        results.Add(new(CheckDirection.GradInput, Deviation.Of(
            run.GradInput!.index_select(0, rows).to(ScalarType.Float64), dx, gradBound(this, y.detach(), g, dx, p.UnitRoundoff) + floor)));
        return results;
    }
}
