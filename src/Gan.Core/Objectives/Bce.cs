using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Gan.Core.Objectives;

/// <summary>
/// The study's BCE on scores: sigmoid, then binary_cross_entropy on the probability, as its D's Sigmoid layer and
/// BCELoss did, so the default objective runs the same LibTorch operations (not BCE-with-logits, which rounds
/// differently). BCE clamps each log term at −100 as PyTorch does, so a loss of 100 means D is certain (log 0).
/// </summary>
public static class Bce
{
    /// <summary>BCE(σ(s), y) = −mean[y·log σ(s) + (1 − y)·log(1 − σ(s))].</summary>
    public static Tensor Of(Tensor scores, double label) =>
        binary_cross_entropy(scores.sigmoid(), full_like(scores, label));
}
