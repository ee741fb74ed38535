using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>DiffAugment's contrast: (x − x̄)·(u + 0.5) + x̄, x̄ the image's mean, u ~ U[0, 1) per image.</summary>
public sealed class Contrast : IAugmentation
{
    public string Name => "contrast";

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var u = rand([images.shape[0], 1, 1, 1], generator: generator);
        using var factor = (u + 0.5).to(images.dtype, images.device);
        using var mean = images.mean([1, 2, 3], keepdim: true);
        using var centred = images - mean;
        using var scaled = centred * factor;
        return scaled + mean;
    }
}
