using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>
/// A differentiable augmentation of the images D sees (N, C, H, W): built from tensor operations, so gradients flow
/// through it to G. Its random parameters, one set per image, come from the generator it is given, on the CPU (the
/// run's noise stream), so every device sees the same draws and a resumed run continues them.
/// </summary>
public interface IAugmentation
{
    /// <summary>The policy name it is selected by (in <c>--augment diffaug:NAME,...</c>).</summary>
    string Name { get; }

    Tensor Apply(Tensor images, Generator generator);
}
