using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Evaluation;

/// <summary>Samples for evaluation, drawn from their own noise stream so evaluating never shifts a run's training noise.</summary>
public static class GeneratedSamples
{
    /// <summary>Samples G draws per forward.</summary>
    public const int Chunk = 1000;

    /// <summary>
    /// <paramref name="n"/> images G(z), z ~ N(0, I) from a generator seeded with <paramref name="seed"/>, in chunks,
    /// with G in eval mode (BatchNorm uses, and does not update, its running statistics) and without autograd; G's
    /// previous mode is restored. The noise is drawn in float32 whatever G's precision (an fp64 G sees the same z,
    /// widened); the result is float32, the evaluation classifier's precision, on the CPU, and owned by the caller.
    /// </summary>
    public static Tensor Draw(Models.Generator g, int n, long seed, int chunk = Chunk)
    {
        if (n < 1) throw new GanException($"number of samples {n} must be at least 1");
        var first = g.parameters().First();
        var (device, dtype) = (first.device, first.dtype);
        bool wasTraining = g.training;
        g.eval();
        using var gen = new torch.Generator((ulong)seed);
        // One draw for all n: LibTorch's randn fills in blocks of 16, so drawing per chunk would make the samples depend on the chunk size.
        using var noise = randn(n, g.NoiseDim, generator: gen);
        var parts = new List<Tensor>();
        try
        {
            using (no_grad())
            {
                for (int i = 0; i < n; i += chunk)
                {
                    using var scope = NewDisposeScope();
                    parts.Add(g.forward(noise[i..Math.Min(n, i + chunk)].to(dtype, device)).to(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
                }
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
            if (wasTraining) g.train();
        }
    }
}
