using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>
/// DiffAugment's cutout: x·m, with m = 0 on a square of half the image's side (14 of 28 pixels) and 1 elsewhere; the
/// square covers rows oᵢ − 7 … oᵢ + 6 and columns oⱼ − 7 … oⱼ + 6 (clipped to the image), centres oᵢ, oⱼ ~ U{0, …, H}
/// per image, as DiffAugment draws them.
/// </summary>
public sealed class Cutout : IAugmentation
{
    public const double Ratio = 0.5;

    public string Name => "cutout";

    public Tensor Apply(Tensor images, Generator generator)
    {
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        long ch = (long)(h * Ratio + 0.5), cw = (long)(w * Ratio + 0.5);
        using var scope = NewDisposeScope();
        var oi = randint(0, h + (1 - ch % 2), [n, 1, 1], generator: generator).to(images.device);
        var oj = randint(0, w + (1 - cw % 2), [n, 1, 1], generator: generator).to(images.device);
        var i = arange(h, device: images.device).view(1, h, 1);
        var j = arange(w, device: images.device).view(1, 1, w);
        var inRows = i.ge(oi - ch / 2).logical_and(i.lt(oi - ch / 2 + ch));
        var inCols = j.ge(oj - cw / 2).logical_and(j.lt(oj - cw / 2 + cw));
        var keep = inRows.logical_and(inCols).logical_not().unsqueeze(1).to(images.dtype);
        return (images * keep).MoveToOuterDisposeScope();
    }
}
