using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>One direction of a leaf check and how far the tested precision was from float64 in it.</summary>
public readonly record struct LeafComparison(string Direction, Deviation Deviation);

/// <summary>
/// Checks one kind of leaf module against float64 at one input shape: forward, and with
/// <see cref="LeafCheckContext.Backward"/> the gradients with respect to the input and each parameter.
/// Registered by module type in <see cref="LeafCheckers"/>.
/// </summary>
public interface ILeafChecker
{
    /// <summary>
    /// The settings that change what <paramref name="module"/> computes ("36864→1024"), shown in the row's name and used
    /// to merge identical checks; null when unknown, which keeps the check to this one module instance.
    /// </summary>
    string? Settings(nn.Module module);

    /// <summary>Whether this checker's bounds hold for <paramref name="module"/>; the others get the generic checker.</summary>
    bool Supports(nn.Module module) => true;

    /// <summary>
    /// Whether checking (or merely running) the module changes its parameters or buffers: the check then restores them
    /// on a model it borrowed. A forward of BatchNorm in training mode updates its running statistics, for one.
    /// </summary>
    bool ChangesModule => false;

    /// <summary>
    /// The precision whose bounds this checker's leaves are held to when it is not the check's own (a bf16 layer in a
    /// float32 check); null for the check's precision.
    /// </summary>
    KernelPrecision? OwnPrecision => null;

    /// <summary>Runs the module at <paramref name="inputShape"/> (batch first) and compares each direction with float64.</summary>
    IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context);
}
