using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>
/// DiffAugment's translation: y[i, j] = x[i + tᵢ, j + tⱼ], zero where that falls outside the image, with integer shifts
/// tᵢ, tⱼ ~ U{−s, …, s} per image, s = ⌊H/8 + 0.5⌋ (4 pixels of 28). Zero is DiffAugment's padding value; on images in
/// [−1, 1] it is mid-grey, so D can tell a shifted image by its border, as in the original.
/// </summary>
public sealed class Translation : IAugmentation
{
    public const double Ratio = 0.125;

    public string Name => "translation";

    public Tensor Apply(Tensor images, Generator generator)
    {
        long n = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        long sh = (long)(h * Ratio + 0.5), sw = (long)(w * Ratio + 0.5);
        using var scope = NewDisposeScope();
        var ti = randint(-sh, sh + 1, [n, 1, 1], generator: generator).to(images.device);
        var tj = randint(-sw, sw + 1, [n, 1, 1], generator: generator).to(images.device);
        // Read each output pixel from the zero-padded image: row i + tᵢ + 1 and column j + tⱼ + 1, clamped into the
        // padding ring, whose zeros fill what the shift uncovers.
        var rows = (arange(h, device: images.device).view(1, h, 1) + ti + 1).clamp(0, h + 1);
        var cols = (arange(w, device: images.device).view(1, 1, w) + tj + 1).clamp(0, w + 1);
        var index = (rows * (w + 2) + cols).view(n, 1, h * w).expand(n, c, h * w);
        var padded = nn.functional.pad(images, [1, 1, 1, 1]).view(n, c, (h + 2) * (w + 2));
        return padded.gather(2, index).view(n, c, h, w).MoveToOuterDisposeScope();
    }
}
