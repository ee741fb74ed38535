using Gan.Core.Evaluation;
using Gan.Core.Runs;
using static TorchSharp.torch;

namespace Gan.Notebooks;

/// <summary>Sample grids as pictures: images in [−1, 1] drawn 8 per row, as the run directories' sample PNGs.</summary>
public static class SampleImages
{
    /// <summary>A grid of <paramref name="images"/> (N, 1, H, W) in [−1, 1].</summary>
    public static PngImage Grid(Tensor images, string title = "samples", int perRow = 8)
    {
        using var stream = new MemoryStream();
        SampleGrid.Write(images, stream, perRow);
        return Gray(stream.ToArray(), title);
    }

    /// <summary><paramref name="n"/> samples of <paramref name="g"/> (eval mode) from noise seeded with <paramref name="seed"/>.</summary>
    public static PngImage Of(Core.Models.Generator g, int n = 64, long seed = 0, string? title = null)
    {
        using var images = GeneratedSamples.Draw(g, n, seed);
        return Grid(images, title ?? $"{n} samples of {g.GetType().Name}, noise seed {seed}");
    }

    /// <summary>A PNG file on disk (a run's sample grid) as a picture.</summary>
    public static PngImage File(string path) => Gray(System.IO.File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>
    /// The grid as an 8-bit grayscale PNG: the images are grayscale, and one channel instead of three keeps a notebook
    /// with a dozen grids under the 1 MB a committed notebook may have.
    /// </summary>
    static PngImage Gray(byte[] png, string title)
    {
        using var decoded = SkiaSharp.SKBitmap.Decode(png);
        using var gray = new SkiaSharp.SKBitmap(decoded.Width, decoded.Height, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque);
        using (var canvas = new SkiaSharp.SKCanvas(gray))
            canvas.DrawBitmap(decoded, 0, 0);
        using var data = gray.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return new PngImage(data.ToArray(), title);
    }
}
