using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>Turns <c>--device cpu|cuda|auto</c> into a TorchSharp device, failing clearly when CUDA is asked for but absent.</summary>
public static class DeviceSelector
{
    public static string ParseKind(string kind) => kind.ToLowerInvariant() switch
    {
        "cpu" or "cuda" or "auto" => kind.ToLowerInvariant(),
        _ => throw new GanException($"unknown device '{kind}'; use cpu, cuda or auto"),
    };

    public static Device Resolve(string kind) => ParseKind(kind) switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available()
            ? CUDA
            : throw new GanException("--device cuda: CUDA is not available (this build uses the CPU LibTorch, or no GPU/driver is visible); rebuild with -p:TorchBackend=cuda on a machine with an NVIDIA GPU, or use --device cpu"),
        _ => cuda.is_available() ? CUDA : CPU,
    };
}
