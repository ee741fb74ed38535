using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runs;

/// <summary>Writes generator samples in [−1, 1] as an 8-per-row PNG grid, like the study's figures (TorchVision + SkiaSharp).</summary>
public static class SampleGrid
{
    static readonly torchvision.io.Imager Imager = new torchvision.io.SkiaImager();

    public static void Save(Tensor images, string path, int perRow = 8) =>
        AtomicFile.Write(path, stream => Write(images, stream, perRow));

    /// <summary>The grid as PNG bytes written to <paramref name="stream"/> (a notebook shows them without a file).</summary>
    public static void Write(Tensor images, Stream stream, int perRow = 8)
    {
        using var scope = NewDisposeScope();
        var x = images.detach().cpu().to(ScalarType.Float32);
        torchvision.utils.save_image(x, stream, torchvision.ImageFormat.Png, nrow: perRow, padding: 2,
            normalize: true, value_range: (-1.0, 1.0), imager: Imager);
    }
}
