using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Layers whose output is bilinear in input and weight plus a bias per output unit (Linear, Conv2d, ConvTranspose2d):
/// y = f(x, W) + b. The layer runs in the tested precision at the exact shape; the float64 references stay cheap:
/// <list type="bullet">
/// <item>forward and grad input: recomputed for a few batch rows (<see cref="LeafCheckContext.Rows"/>), against the bound
/// γ_{K+1}·(f(|x|, |W|) + |b|) per element (K products and the bias summed in any order) and γ_K·|W|ᵀ|g| for the input
/// gradient, both evaluated in float64 on absolute values. A weight larger than <see cref="WeightBudget"/> is compared on
/// a sample of output (or input) units, so D2's 37.7M-weight Linear costs its float64 side about 1M weights per row.</item>
/// <item>grad weight: dW sums T = batch × positions products per element, for all rows. Recomputing it in float64 costs
/// as much as the layer, so two projections with random u and v are compared instead: dW·v (one value per row of dW)
/// and uᵀ·dW (one per column), against γ_T times the same projections of the products' magnitudes. Every element of dW
/// enters both, so no element escapes; contracting dW in float64 adds at most n·2⁻⁵³ relative to those bounds'
/// γ_T ≥ 2⁻²⁴, which is negligible.</item>
/// <item>grad bias: Σ over batch and positions of g, exactly in float64, against γ_T·Σ|g|.</item>
/// </list>
/// </summary>
public abstract class BilinearLayerChecker<TModule> : ILeafChecker where TModule : nn.Module
{
    /// <summary>Weight elements a per-row reference may use whole; beyond it units are sampled (first, last, random).</summary>
    public const long WeightBudget = 1 << 20;

    /// <summary>float64 elements widened or unfolded at once: a slice that stays in cache (2 MB) keeps the float64 passes cheap.</summary>
    const long ChunkElements = 1 << 18;

    /// <summary>The axis of the weight that indexes output units (0 for Linear and Conv2d, 1 for ConvTranspose2d).</summary>
    protected abstract int WeightOutputAxis { get; }
    protected int WeightInputAxis => 1 - WeightOutputAxis;

    protected abstract Tensor Weight(TModule m);
    protected abstract Tensor? Bias(TModule m);

    /// <summary>The layer's function with another weight and bias: the float64 references, and on absolute values their bounds.</summary>
    protected abstract Tensor Apply(TModule m, Tensor x, Tensor w, Tensor? b);

    /// <summary>
    /// A (rows, a, Q) and B (rows, b, Q) such that dW, viewed as an a × b matrix in the weight's own layout, is the sum
    /// over rows of A·Bᵀ: the output gradient and the unfolded input for a convolution, the input and the unfolded output
    /// gradient for a transposed one (Q positions; 1 for Linear).
    /// </summary>
    protected abstract (Tensor A, Tensor B) WeightGradientOperands(TModule m, Tensor x, Tensor g);

    public abstract string? Settings(nn.Module module);

    public virtual bool Supports(nn.Module module) => true;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context) =>
        Check(module, (TModule)(object)module, inputShape, context);

    /// <summary>
    /// Runs <paramref name="module"/> and compares it with float64 references of <paramref name="m"/>, the layer that
    /// defines its function and holds its parameters (the same module, or the float32 layer inside a bf16 one).
    /// </summary>
    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, TModule m, long[] inputShape, LeafCheckContext context)
    {
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

        results.Add(new(CheckDirection.Grad("weight"), WeightGradient(m, run, context)));
        if (bias is not null)
        {
            var g64 = run.Upstream.to(ScalarType.Float64);
            var notChannel = Enumerable.Range(0, (int)g64.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
            results.Add(new(CheckDirection.Grad("bias"), Deviation.Of(
                run.Grad("bias").to(ScalarType.Float64),
                g64.sum(notChannel),
                p.Gamma(g64.numel() / g64.shape[1]) * g64.abs().sum(notChannel))));
        }
        return results;
    }

    /// <summary>g·∂f(x, w)/∂x: linear in w and g, so on |w| and |g| it is the sum of the gradient's terms' magnitudes.</summary>
    Tensor InputGradient(TModule m, Tensor x, Tensor w, Tensor g)
    {
        var leaf = x.detach().requires_grad_(true);
        return autograd.grad([Apply(m, leaf, w, null)], [leaf], [g])[0];
    }

    /// <summary>
    /// The two projections of dW (see the class summary), the worse of the two: with dW = Σ A·Bᵀ
    /// (<see cref="WeightGradientOperands"/>), dW·v = Σ A·(Bᵀv) and uᵀ·dW = Σ (uᵀA)·Bᵀ. A few batch rows at a time, so a
    /// convolution's unfolded input stays small.
    /// </summary>
    Deviation WeightGradient(TModule m, PrecisionRun run, LeafCheckContext context)
    {
        var gradWeight = run.Grad("weight");
        long rowsOfDw = gradWeight.shape[0], columnsOfDw = gradWeight.numel() / rowsOfDw;
        // Row vectors, so each batch row's product is a matrix-vector product broadcast over the rows.
        var v = context.Normal([columnsOfDw]).to(ScalarType.Float64).view(1, 1, -1);
        var u = context.Normal([rowsOfDw]).to(ScalarType.Float64).view(1, 1, -1);
        var dwV = zeros(rowsOfDw, 1, dtype: ScalarType.Float64);
        var dwVBound = zeros_like(dwV);
        var uDw = zeros(columnsOfDw, 1, dtype: ScalarType.Float64);
        var uDwBound = zeros_like(uDw);
        long batch = run.Input.shape[0], positions = 1;
        long rowsPerChunk = Math.Max(1, ChunkElements / (columnsOfDw * Math.Max(1, run.Input.numel() / batch / run.Input.shape[1])));
        for (long start = 0; start < batch; start += rowsPerChunk)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(rowsPerChunk, batch - start);
            var (a, b) = WeightGradientOperands(m,
                run.Input.narrow(0, start, n).to(ScalarType.Float64), run.Upstream!.narrow(0, start, n).to(ScalarType.Float64));
            positions = a.shape[2];
            var aAbs = a.abs();
            var bAbs = b.abs();
            dwV.add_(a.matmul(v.matmul(b).transpose(1, 2)).sum([0]));
            dwVBound.add_(aAbs.matmul(v.abs().matmul(bAbs).transpose(1, 2)).sum([0]));
            uDw.add_(b.matmul(u.matmul(a).transpose(1, 2)).sum([0]));
            uDwBound.add_(bAbs.matmul(u.abs().matmul(aAbs).transpose(1, 2)).sum([0]));
        }
        double gamma = context.Precision.Gamma(batch * positions);
        var (actualDwV, actualUDw) = Project(gradWeight.view(rowsOfDw, columnsOfDw), v.view(-1), u.view(-1));
        return Deviation.Of(actualDwV, dwV.view(-1), gamma * dwVBound.view(-1))
            .Max(Deviation.Of(actualUDw, uDw.view(-1), gamma * uDwBound.view(-1)));
    }

    /// <summary>dW·v and uᵀ·dW in float64 for dW as a matrix, a slice of rows at a time so a large dW is never widened whole.</summary>
    static (Tensor DwV, Tensor UDw) Project(Tensor gradWeight, Tensor v, Tensor u)
    {
        long rows = gradWeight.shape[0], chunk = Math.Max(1, ChunkElements / gradWeight.shape[1]);
        var dwV = zeros(rows, dtype: ScalarType.Float64);
        var uDw = zeros(gradWeight.shape[1], dtype: ScalarType.Float64);
        for (long start = 0; start < rows; start += chunk)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(chunk, rows - start);
            var slice = gradWeight.narrow(0, start, n).to(ScalarType.Float64);
            dwV.narrow(0, start, n).copy_(slice.mv(v));
            uDw.add_(slice.t().mv(u.narrow(0, start, n)));
        }
        return (dwV, uDw);
    }
}
