using System.Runtime.CompilerServices;
using Gan.Core.Runtime;

namespace Gan.Tests.Shared;

/// <summary>
/// Every test assembly starts the native runtime before its first torch call as <c>gan</c> does
/// (<see cref="NativeRuntime.Initialize"/>), with the caller's compute-path choice: the CPU's own kernels by default,
/// or the AVX2 pins with <c>GAN_COMPUTE_PATHS=pinned</c>. Nothing in the suites depends
/// on which: float64 trajectories hold within a tolerance across paths, and bit-identity is asserted only between two
/// runs of one process. The compute-path matrix (<c>tests/Gan.Regression/compute-matrix.sh</c>) runs them under several.
/// Kept kernel-check verdicts are off (unless the caller names a cache), so every test that trains checks its kernels
/// and no test writes to the user's cache; KernelCheckCacheTests turn a cache on themselves.
/// </summary>
static class ComputePathChoice
{
#pragma warning disable CA2255 // a test assembly, not a library: this must run before any test touches LibTorch
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KernelCheckCache.Variable)))
            Environment.SetEnvironmentVariable(KernelCheckCache.Variable, "off");
        NativeRuntime.Initialize();
    }
}
