using System.Runtime.CompilerServices;
using Gan.Core.Runtime;

namespace Gan.Tests.Shared;

/// <summary>
/// Every test assembly pins LibTorch's compute paths before its first torch call, whatever the caller's environment
/// says, so snapshots and bit-identity checks never depend on the host's instruction sets (and gan processes the tests
/// start inherit the pins).
/// </summary>
static class PinnedComputePaths
{
#pragma warning disable CA2255 // a test assembly, not a library: this must run before any test touches LibTorch
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Pin() => ComputePaths.Pin();
}
