using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>DiffAugment's brightness: x + (u − 0.5), u ~ U[0, 1) per image.</summary>
public sealed class Brightness : IAugmentation
{
    public string Name => "brightness";

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var u = rand([images.shape[0], 1, 1, 1], generator: generator);
        using var shift = (u - 0.5).to(images.dtype, images.device);
        return images + shift;
    }
}
