using static TorchSharp.torch;

namespace Gan.Core.Tests;

/// <summary>
/// Runs LibTorch single-threaded for every test in this assembly. No test depends on the thread count, but
/// `dotnet test Research.sln` runs test assemblies side by side, and LibTorch's OpenMP workers spin on
/// oversubscribed cores: on this 2-core machine under load a G1+D1 step took ~1 s with 2 threads against
/// milliseconds with 1.
/// </summary>
[SetUpFixture]
public sealed class SingleThreadedTorch
{
    [OneTimeSetUp]
    public void UseOneThread() => set_num_threads(1);
}
