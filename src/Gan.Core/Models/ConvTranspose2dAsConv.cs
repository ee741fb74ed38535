using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// A stride-1 transposed 2-D convolution computed as the convolution it equals: conv2d over the input zero-padded
/// by k−1−padding, with the kernel flipped spatially and its in/out axes swapped. LibTorch 2.10 sends float32
/// conv_transpose2d to oneDNN 3.7's deconvolution, which was reported to compute a wrong function for batches of 2 or
/// more at G3's shapes on an AVX-512 machine; conv2d in this form is checked against float64 conv_transpose2d (ATen's
/// own kernel) to float32 rounding (tests/Gan.Core.Tests/Models/ConvTranspose2dAsConvTests.cs).
/// Parameters, their names, layout (weight (in, out, kH, kW)) and initialisation are ConvTranspose2d's: the shared
/// base constructor draws the same numbers from the global RNG, so state_dicts are interchangeable.
/// </summary>
public sealed class ConvTranspose2dAsConv : ConvolutionTranspose
{
    public ConvTranspose2dAsConv(long in_channels, long out_channels, long kernel_size, long stride = 1,
        long padding = 0, long output_padding = 0, long dilation = 1, long groups = 1, bool bias = true)
        : base(nameof(ConvTranspose2dAsConv), in_channels, out_channels,
            SupportedKernel(kernel_size, stride, padding, output_padding, dilation, groups),
            [stride, stride], [padding, padding], null, [dilation, dilation], true,
            [output_padding, output_padding], groups, bias, PaddingModes.Zeros)
    {
    }

    // Checked before the base constructor allocates and initialises the parameters.
    static long[] SupportedKernel(long kernel_size, long stride, long padding, long output_padding, long dilation, long groups)
    {
        if (stride != 1 || dilation != 1 || groups != 1 || output_padding != 0)
            throw new ArgumentException(
                $"{nameof(ConvTranspose2dAsConv)} supports only stride 1, dilation 1, groups 1 and output_padding 0 " +
                $"(got stride {stride}, dilation {dilation}, groups {groups}, output_padding {output_padding}); use ConvTranspose2d for others");
        if (padding < 0 || padding > kernel_size - 1)
            throw new ArgumentOutOfRangeException(nameof(padding), padding,
                $"{nameof(ConvTranspose2dAsConv)} needs 0 ≤ padding ≤ kernel_size − 1 = {kernel_size - 1}");
        return [kernel_size, kernel_size];
    }

    public override Tensor forward(Tensor input, long[]? output_size)
    {
        // At stride 1 only one output size exists, so there is no output_padding to derive from it.
        if (output_size is not null)
            throw new ArgumentException($"{nameof(ConvTranspose2dAsConv)} has one output size at stride 1; omit output_size", nameof(output_size));
        if (!ValidateShape(input, 2))
            throw new ArgumentException($"Expected 3D (unbatched) or 4D (batched) input with {in_channels} channels to {nameof(ConvTranspose2dAsConv)}.", nameof(input));
        return Apply(input, weight, bias, padding![0]);
    }

    /// <summary>
    /// conv_transpose2d(input, weight, bias, stride 1, <paramref name="padding"/>) for a weight (in, out, kH, kW),
    /// computed as conv2d over the input padded by (kH−1−padding, kW−1−padding) with the flipped, in/out-swapped kernel.
    /// </summary>
    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias, long padding)
    {
        using var flipped = weight.flip(2, 3);
        using var kernel = flipped.transpose(0, 1);
        return nn.functional.conv2d(input, kernel, bias, padding: [weight.shape[2] - 1 - padding, weight.shape[3] - 1 - padding]);
    }
}
