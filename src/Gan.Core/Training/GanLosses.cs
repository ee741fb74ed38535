using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Gan.Core.Training;

/// <summary>
/// The GAN losses on discriminator probabilities (Sigmoid outputs), as the study computed them with BCELoss.
/// BCE clamps each log term at −100 as PyTorch does, so a loss of 100 means D is certain (log 0).
/// </summary>
public static class GanLosses
{
    /// <summary>L_D = BCE(D(x), 1) + BCE(D(G(z)), 0) = −mean log D(x) − mean log(1 − D(G(z))).</summary>
    public static Tensor Discriminator(Tensor dReal, Tensor dFake) =>
        binary_cross_entropy(dReal, ones_like(dReal)) + binary_cross_entropy(dFake, zeros_like(dFake));

    /// <summary>L_G = BCE(D(G(z)), 1) = −mean log D(G(z)) (non-saturating).</summary>
    public static Tensor GeneratorNonSaturating(Tensor dFake) =>
        binary_cross_entropy(dFake, ones_like(dFake));

    /// <summary>L_G = −BCE(D(G(z)), 0) = mean log(1 − D(G(z))) (minimax, saturating).</summary>
    public static Tensor GeneratorMinimax(Tensor dFake) =>
        -binary_cross_entropy(dFake, zeros_like(dFake));

    public static Tensor Generator(GeneratorLoss kind, Tensor dFake) => kind switch
    {
        GeneratorLoss.NonSaturating => GeneratorNonSaturating(dFake),
        GeneratorLoss.Minimax => GeneratorMinimax(dFake),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Name(this GeneratorLoss kind) => kind switch
    {
        GeneratorLoss.NonSaturating => "non-saturating",
        GeneratorLoss.Minimax => "minimax",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static GeneratorLoss ParseGeneratorLoss(string s) => s.ToLowerInvariant() switch
    {
        "non-saturating" or "nonsaturating" or "ns" => GeneratorLoss.NonSaturating,
        "minimax" or "mm" => GeneratorLoss.Minimax,
        _ => throw new GanException($"unknown G loss '{s}'; use non-saturating or minimax"),
    };
}
