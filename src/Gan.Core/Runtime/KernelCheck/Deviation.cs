using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// How far a low-precision result is from its float64 reference: the largest absolute error, and the largest error
/// divided by its element's bound (<see cref="Normalised"/>; above 1 means the kernel broke the bound).
/// </summary>
public readonly record struct Deviation(double Error, double Normalised)
{
    public static readonly Deviation None = new(0, 0);

    /// <summary>
    /// Compares <paramref name="actual"/> with <paramref name="reference"/> elementwise against <paramref name="bound"/>
    /// (all float64, same shape). A zero bound demands equality; a NaN or infinity where the reference is finite is an
    /// infinitely bad error, so a kernel that returns garbage can never pass by producing NaN.
    /// </summary>
    public static Deviation Of(Tensor actual, Tensor reference, Tensor bound)
    {
        using var scope = NewDisposeScope();
        var diff = (actual - reference).abs();
        var bad = isfinite(reference).logical_and(isfinite(actual).logical_not());
        diff = where(bad, full_like(diff, double.PositiveInfinity), diff);
        var ratio = where(bound > 0, diff / bound, where(diff > 0, full_like(diff, double.PositiveInfinity), zeros_like(diff)));
        return diff.numel() == 0 ? None : new(diff.max().item<double>(), ratio.max().item<double>());
    }

    /// <summary>The worse of two deviations, component by component (one row reports several comparisons).</summary>
    public Deviation Max(Deviation other) => new(Math.Max(Error, other.Error), Math.Max(Normalised, other.Normalised));
}
