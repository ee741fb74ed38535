using TorchSharp;

namespace Gan.Core.Runtime;

/// <summary>
/// What decides which kernels LibTorch runs: the CPU and its vector instruction sets, the LibTorch and oneDNN versions,
/// the CPU capability ATen dispatches to, the thread count, and the compute-path variables as the native code sees them
/// (null = unset; <see cref="ComputePaths"/>). A kernel check's result holds for this combination only.
/// </summary>
public sealed record MachineInfo(
    string Cpu,
    IReadOnlyList<string> InstructionSets,
    string LibTorch,
    string OneDnn,
    string AtenCpuCapability,
    int TorchThreads,
    bool ComputePathsPinned,
    IReadOnlyDictionary<string, string?> ComputePathVariables)
{
    public static MachineInfo Capture() => new(
        CpuInfo.Model,
        CpuInfo.SimdFeatures,
        torch.__version__,
        LibTorchBuild.OneDnnVersion(),
        LibTorchBuild.CpuCapability(),
        torch.get_num_threads(),
        ComputePaths.Pinned,
        ComputePaths.NativeValues());
}
