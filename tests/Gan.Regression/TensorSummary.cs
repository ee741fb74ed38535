using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>Count, mean, standard deviation (unbiased), minimum and maximum of a tensor, computed in float64.</summary>
public sealed record TensorSummary(long Count, double Mean, double Std, double Min, double Max)
{
    /// <summary>Rounded to <see cref="Rounded"/>'s 6 digits, for snapshots.</summary>
    public static TensorSummary Of(Tensor t)
    {
        var s = Exact(t);
        return new TensorSummary(s.Count, Rounded.Of(s.Mean), Rounded.Of(s.Std), Rounded.Of(s.Min), Rounded.Of(s.Max));
    }

    /// <summary>At full float64 precision, for the trajectories.</summary>
    public static TensorSummary Exact(Tensor t)
    {
        using var scope = NewDisposeScope();
        var x = t.detach().cpu().to(ScalarType.Float64);
        return new TensorSummary(
            x.numel(),
            x.mean().item<double>(),
            x.numel() > 1 ? x.std().item<double>() : 0,
            x.min().item<double>(),
            x.max().item<double>());
    }

    /// <summary>The trajectory form: the five numbers by name.</summary>
    public Dictionary<string, double> ToDictionary() => new()
    {
        ["count"] = Count,
        ["mean"] = Mean,
        ["std"] = Std,
        ["min"] = Min,
        ["max"] = Max,
    };
}
