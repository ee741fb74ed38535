using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Objectives;

/// <summary>
/// A term added to D's loss that differentiates D with respect to its input (a gradient penalty): an objective's own
/// (WGAN-GP's) or a regulariser chosen with <c>--d-reg</c>. Its weighted value is logged as a metrics.csv column.
/// </summary>
public interface IDiscriminatorPenalty
{
    /// <summary>The metrics.csv column its value goes to (gp, r1, ...).</summary>
    string Column { get; }

    /// <summary>
    /// The weighted term, with a graph back to D's parameters. <paramref name="d"/> scores a batch; <paramref name="real"/> and
    /// <paramref name="fake"/> are the D step's batches (no gradient); random draws come from <paramref name="noise"/>.
    /// </summary>
    Tensor Compute(Func<Tensor, Tensor> d, Tensor real, Tensor fake, torch.Generator noise);
}
