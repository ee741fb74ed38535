using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Gan.Core.Runtime;

/// <summary>
/// The study's loss as its objective (<see cref="Objectives.NonSaturatingBce"/>) computes it: binary_cross_entropy, mean over the batch, on
/// Sigmoid outputs, with target 1 and target 0, against float64. Each term −log p or −log(1 − p) errs by an ulp or two of
/// the log plus, through 1 − p, an absolute u; the mean of B terms adds γ_{B+1} of the terms' magnitudes. The gradient,
/// (p − t)/(p(1 − p))/B elementwise, errs by a few roundings: 8u relative.
/// </summary>
public static class BinaryCrossEntropyCheck
{
    public const string Module = "objective bce";

    public static IReadOnlyList<KernelCheckRow> Rows(IEnumerable<long> batchSizes, LeafCheckContext context)
    {
        var rows = new List<KernelCheckRow>();
        double u = context.Precision.UnitRoundoff;
        foreach (var batch in batchSizes)
        {
            foreach (var target in new[] { 1.0, 0.0 })
            {
                using var scope = NewDisposeScope();
                // Inputs scaled by 4 reach probabilities within 1e-7 of 0 and 1, where the loss and its gradient are steepest.
                var p = (4 * context.Normal([batch])).sigmoid();
                var x = p.detach().requires_grad_(true);
                var loss = binary_cross_entropy(x, full_like(x, target));
                var grad = autograd.grad([loss], [x])[0];

                var x64 = p.to(ScalarType.Float64).requires_grad_(true);
                var t64 = full_like(x64, target);
                var loss64 = binary_cross_entropy(x64, t64);
                var grad64 = autograd.grad([loss64], [x64])[0];
                var terms = binary_cross_entropy(x64.detach(), t64, reduction: nn.Reduction.None).abs();
                var lossBound = context.Precision.Gamma(batch + 1) * terms.mean() + (4 * u * terms + 2 * u).mean();

                var op = $"binary_cross_entropy(target {target:0})";
                long[] shape = [batch];
                var forward = Deviation.Of(loss.detach().to(ScalarType.Float64), loss64.detach(), lossBound);
                var backward = Deviation.Of(grad.to(ScalarType.Float64), grad64, 8 * u * grad64.abs() + u * context.Precision.SmallestNormal);
                rows.Add(new KernelCheckRow(op, [Module], shape, CheckDirection.Forward, forward.Error, forward.Normalised));
                rows.Add(new KernelCheckRow(op, [Module], shape, CheckDirection.GradInput, backward.Error, backward.Normalised));
            }
        }
        return rows;
    }
}
