namespace Gan.Core.Models;

/// <summary>
/// Regularisers built into a discriminator: spectral normalisation of every Linear and Conv2d layer, and dropout with
/// probability <paramref name="Dropout"/> after every hidden activation. The defaults are the study's D (neither).
/// </summary>
public sealed record DiscriminatorOptions(bool SpectralNorm = false, double Dropout = 0)
{
    public static readonly DiscriminatorOptions None = new();
}
