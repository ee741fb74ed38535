using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>Mean, standard deviation (unbiased), minimum and maximum of a tensor, computed in float64 and rounded.</summary>
public sealed record TensorSummary(long Count, double Mean, double Std, double Min, double Max)
{
    public static TensorSummary Of(Tensor t)
    {
        using var scope = NewDisposeScope();
        var x = t.detach().cpu().to(ScalarType.Float64);
        return new TensorSummary(
            x.numel(),
            Rounded.Of(x.mean().item<double>()),
            Rounded.Of(x.numel() > 1 ? x.std().item<double>() : 0),
            Rounded.Of(x.min().item<double>()),
            Rounded.Of(x.max().item<double>()));
    }
}
