using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Evaluation;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019) in the classifier's feature space. Each set's manifold is
/// the union of balls around its points, each ball's radius the distance to the point's k-th nearest neighbour in
/// its own set. Precision: the fraction of generated samples inside the real manifold (are samples realistic?);
/// recall: the fraction of real samples inside the generated manifold (is the data's variety covered?).
/// </summary>
public sealed record PrecisionRecall(double Precision, double Recall, int K)
{
    public const int DefaultK = 3;

    /// <summary>Precision and recall of <paramref name="generated"/> against <paramref name="real"/>, both (N, features).</summary>
    public static PrecisionRecall Compute(Tensor real, Tensor generated, int k = DefaultK, int chunk = 1000)
    {
        if (k < 1) throw new GanException($"k = {k} nearest neighbours must be at least 1");
        if (real.shape[0] <= k || generated.shape[0] <= k)
            throw new GanException($"precision/recall with k = {k} needs more than {k} samples per set (got {real.shape[0]} real, {generated.shape[0]} generated)");
        using var r = real.to(ScalarType.Float64);
        using var g = generated.to(ScalarType.Float64);
        using var realRadii = KthNeighbourDistances(r, k, chunk);
        using var generatedRadii = KthNeighbourDistances(g, k, chunk);
        return new PrecisionRecall(FractionInside(g, r, realRadii, chunk), FractionInside(r, g, generatedRadii, chunk), k);
    }

    /// <summary>Each row's distance to its k-th nearest other row (the row itself, at distance 0, is neighbour 0).</summary>
    static Tensor KthNeighbourDistances(Tensor x, int k, int chunk)
    {
        var parts = new List<Tensor>();
        for (long i = 0; i < x.shape[0]; i += chunk)
        {
            using var scope = NewDisposeScope();
            var d = cdist(x[TensorIndex.Slice(i, Math.Min(i + chunk, x.shape[0]))], x);
            parts.Add(d.topk(k + 1, dim: 1, largest: false).values[.., k].MoveToOuterDisposeScope());
        }
        var radii = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return radii;
    }

    /// <summary>The fraction of <paramref name="queries"/> within the radius of at least one centre.</summary>
    static double FractionInside(Tensor queries, Tensor centres, Tensor radii, int chunk)
    {
        long inside = 0;
        for (long i = 0; i < queries.shape[0]; i += chunk)
        {
            using var scope = NewDisposeScope();
            var d = cdist(queries[TensorIndex.Slice(i, Math.Min(i + chunk, queries.shape[0]))], centres);
            inside += d.le(radii.unsqueeze(0)).any(1).sum().item<long>();
        }
        return (double)inside / queries.shape[0];
    }
}
