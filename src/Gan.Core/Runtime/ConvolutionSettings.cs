using TorchSharp.Modules;

namespace Gan.Core.Runtime;

/// <summary>A convolution's settings as a row names them: "32→64, k3, s1, p0" (non-square values as "3x5").</summary>
static class ConvolutionSettings
{
    public static string Describe(Convolution m)
    {
        var text = $"{m.in_channels}→{m.out_channels}, k{Size(m.kernel_size)}, s{Size(m.stride)}, p{Size(m.padding)}";
        if (m.dilation.Any(d => d != 1)) text += $", d{Size(m.dilation)}";
        if (m.output_padding?.Any(o => o != 0) == true) text += $", op{Size(m.output_padding)}";
        if (m.bias is null) text += ", no bias";
        return text;
    }

    static string Size(long[]? values) =>
        values is null ? "?" : values.Distinct().Count() == 1 ? values[0].ToString() : string.Join("x", values);
}
