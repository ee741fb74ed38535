using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Layers whose output is bilinear in input and weight plus a bias per output unit (Linear, Conv2d, ConvTranspose2d):
/// y = f(x, W) + b. The layer runs in the tested precision at the exact shape; the float64 references stay cheap:
/// <list type="bullet">
/// <item>forward and grad input: recomputed for a few batch rows (<see cref="LeafCheckContext.Rows"/>), against the bound
/// γ_{K+1}·(f(|x|, |W|) + |b|) per element (K products and the bias summed in any order) and γ_K·|W|ᵀ|g| for the input
/// gradient, both evaluated in float64 on absolute values. A weight larger than <see cref="WeightBudget"/> is compared on a
/// sample of output (or input) units, so D2's 37.7M-weight Linear costs its float64 side about 2M weights per row.</item>
/// <item>grad weight: dW sums T = batch × positions products per element, for all rows. Recomputing it in float64 costs
/// as much as the layer, so two projections are compared instead, each a one-output-unit layer run on the whole batch:
/// dW·v (every output unit o, against Σ ⟨g_o, f(x, v)⟩) and uᵀ·dW (every input unit and tap, against the weight gradient of
/// f(x, v) for the upstream Σ_o u_o g_o), with bounds γ_T·Σ ⟨|g_o|, f(|x|, |v|)⟩ and the same on absolute values.
/// Every element of dW enters both, so no element escapes. Contracting dW in float64 adds at most n·2⁻⁵³ relative to
/// those bounds' γ_T ≥ 2⁻²⁴: negligible.</item>
/// <item>grad bias: Σ over batch and positions of g, exactly in float64, against γ_T·Σ|g|.</item>
/// </list>
/// </summary>
public abstract class BilinearLayerChecker<TModule> : ILeafChecker where TModule : nn.Module
{
    /// <summary>float64 weight elements one reference may touch in full; beyond it the units are sampled (first, last, random).</summary>
    public const long WeightBudget = 1 << 20;

    /// <summary>The axis of the weight that indexes output units (0 for Linear and Conv2d, 1 for ConvTranspose2d).</summary>
    protected abstract int WeightOutputAxis { get; }
    protected int WeightInputAxis => 1 - WeightOutputAxis;

    protected abstract Tensor Weight(TModule m);
    protected abstract Tensor? Bias(TModule m);

    /// <summary>The layer's function with another weight and bias: the float64 references, and on absolute values their bounds.</summary>
    protected abstract Tensor Apply(TModule m, Tensor x, Tensor w, Tensor? b);

    public abstract string? Settings(nn.Module module);

    public virtual bool Supports(nn.Module module) => true;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var m = (TModule)(object)module;
        var p = context.Precision;
        var run = PrecisionRun.Of(module, context.Normal(inputShape), context);
        var weight = Weight(m).detach();
        var bias = Bias(m)?.detach();
        long outUnits = weight.shape[WeightOutputAxis], inUnits = weight.shape[WeightInputAxis];
        long taps = weight.numel() / (outUnits * inUnits);
        long keepOut = Math.Max(16, outUnits * WeightBudget / weight.numel());
        long keepIn = Math.Max(16, inUnits * WeightBudget / weight.numel());

        var rows = context.Rows(inputShape[0]);
        var x = run.Input.index_select(0, rows).to(ScalarType.Float64);
        var outs = context.Sample(outUnits, keepOut);
        var w = weight.index_select(WeightOutputAxis, outs).to(ScalarType.Float64);
        var b = bias?.index_select(0, outs).to(ScalarType.Float64);
        var results = new List<LeafComparison>
        {
            new(CheckDirection.Forward, Deviation.Of(
                run.Output.index_select(0, rows).index_select(1, outs).to(ScalarType.Float64),
                Apply(m, x, w, b),
                p.Gamma(inUnits * taps + 1) * Apply(m, x.abs(), w.abs(), b?.abs()))),
        };
        if (!context.Backward) return results;

        var g = run.Upstream!.index_select(0, rows).to(ScalarType.Float64);
        var ins = context.Sample(inUnits, keepIn);
        var wIn = weight.index_select(WeightInputAxis, ins).to(ScalarType.Float64);
        var xIn = x.index_select(1, ins);
        results.Add(new(CheckDirection.GradInput, Deviation.Of(
            run.GradInput!.index_select(0, rows).index_select(1, ins).to(ScalarType.Float64),
            InputGradient(m, xIn, wIn, g),
            p.Gamma(outUnits * taps) * InputGradient(m, xIn, wIn.abs(), g.abs()))));

        var xAll = run.Input.to(ScalarType.Float64);
        var gAll = run.Upstream.to(ScalarType.Float64);
        long terms = Math.Max(xAll.numel() / xAll.shape[1], gAll.numel() / gAll.shape[1]);
        results.Add(new(CheckDirection.Grad("weight"), WeightGradient(m, run.Grad("weight"), xAll, gAll, p.Gamma(terms), context)));
        if (bias is not null)
        {
            var notChannel = Enumerable.Range(0, (int)gAll.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
            results.Add(new(CheckDirection.Grad("bias"), Deviation.Of(
                run.Grad("bias").to(ScalarType.Float64),
                gAll.sum(notChannel),
                p.Gamma(terms) * gAll.abs().sum(notChannel))));
        }
        return results;
    }

    /// <summary>g·∂f(x, w)/∂x: linear in w and g, so on |w| and |g| it is the sum of the gradient's terms' magnitudes.</summary>
    Tensor InputGradient(TModule m, Tensor x, Tensor w, Tensor g)
    {
        var leaf = x.detach().requires_grad_(true);
        return autograd.grad([Apply(m, leaf, w, null)], [leaf], [g])[0];
    }

    /// <summary>The two projections of dW (see the class summary), the worse of the two.</summary>
    Deviation WeightGradient(TModule m, Tensor gradWeight, Tensor x, Tensor g, double gamma, LeafCheckContext context)
    {
        var oneUnitShape = gradWeight.shape.ToArray();
        oneUnitShape[WeightOutputAxis] = 1;
        var v = context.Normal(oneUnitShape).to(ScalarType.Float64);
        long outUnits = gradWeight.shape[WeightOutputAxis];
        var u = context.Normal([outUnits]).to(ScalarType.Float64);
        var unitShape = Enumerable.Repeat(1L, (int)g.dim()).ToArray();
        unitShape[1] = outUnits;
        var notChannel = Enumerable.Range(0, (int)g.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();

        var (dwV, uDw) = Project(gradWeight, v, u);
        var alongV = Deviation.Of(dwV, (g * Apply(m, x, v, null)).sum(notChannel),
            gamma * (g.abs() * Apply(m, x.abs(), v.abs(), null)).sum(notChannel));
        var mixed = (g * u.view(unitShape)).sum(1, keepdim: true);
        var mixedAbs = (g.abs() * u.abs().view(unitShape)).sum(1, keepdim: true);
        var alongU = Deviation.Of(uDw, WeightGradientOfOneUnit(m, x, v, mixed),
            gamma * WeightGradientOfOneUnit(m, x.abs(), v, mixedAbs));
        return alongV.Max(alongU);
    }

    /// <summary>∂⟨h, f(x, v)⟩/∂v for a one-output-unit weight v: uᵀ·dW when h = Σ_o u_o g_o. Linear in v, so any v gives the same gradient.</summary>
    Tensor WeightGradientOfOneUnit(TModule m, Tensor x, Tensor v, Tensor h)
    {
        var leaf = v.detach().requires_grad_(true);
        return autograd.grad([Apply(m, x, leaf, null)], [leaf], [h])[0];
    }

    /// <summary>dW·v and uᵀ·dW in float64, a slice of output units at a time so a large dW is never widened whole.</summary>
    (Tensor DwV, Tensor UDw) Project(Tensor gradWeight, Tensor v, Tensor u)
    {
        var byUnit = gradWeight.movedim([WeightOutputAxis], [0]).reshape(gradWeight.shape[WeightOutputAxis], -1);
        var vFlat = v.movedim([WeightOutputAxis], [0]).reshape(-1);
        long units = byUnit.shape[0], chunk = Math.Max(1, WeightBudget / byUnit.shape[1]);
        var dwV = zeros(units, dtype: ScalarType.Float64);
        var uDw = zeros(byUnit.shape[1], dtype: ScalarType.Float64);
        for (long start = 0; start < units; start += chunk)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(chunk, units - start);
            var slice = byUnit.narrow(0, start, n).to(ScalarType.Float64);
            dwV.narrow(0, start, n).copy_(slice.mv(vFlat));
            uDw.add_(slice.t().mv(u.narrow(0, start, n)));
        }
        return (dwV, uDw.reshape(v.movedim([WeightOutputAxis], [0]).shape).movedim([0], [WeightOutputAxis]));
    }
}
