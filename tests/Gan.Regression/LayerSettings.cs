using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;

namespace Gan.Regression;

/// <summary>
/// The hyperparameters of a leaf layer that its shape and parameter count do not reveal (slopes, kernels, strides,
/// BatchNorm eps and momentum), so the model card snapshot names the layer whose setting changed.
/// </summary>
public static class LayerSettings
{
    public static string Describe(torch.nn.Module module) => module switch
    {
        Linear l => $"in {l.in_features}, out {l.out_features}, bias {l.bias is not null}",
        LeakyReLU r => $"negative_slope {Number(r.negative_slope)}, inplace {r.inplace}",
        ReLU r => $"inplace {r.inplace}",
        BatchNorm1d b => $"features {b.num_features}, eps {Number(b.eps)}, momentum {Number(b.momentum)}, affine {b.affine}, track_running_stats {b.track_running_stats}",
        BatchNorm2d b => $"features {b.num_features}, eps {Number(b.eps)}, momentum {Number(b.momentum)}, affine {b.affine}, track_running_stats {b.track_running_stats}",
        Convolution c => Convolution(c),
        _ => "",
    };

    static string Convolution(Convolution c) =>
        $"in {c.in_channels}, out {c.out_channels}, kernel {Pair(c.kernel_size)}, stride {Pair(c.stride)}, " +
        $"padding {Pair(c.padding)}, output_padding {Pair(c.output_padding)}, dilation {Pair(c.dilation)}, groups {c.groups}, bias {c.bias is not null}";

    static string Pair(long[]? values) => values is null ? "none" : string.Join("x", values);

    static string Number(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "none";
}
