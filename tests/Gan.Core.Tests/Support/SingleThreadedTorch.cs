using static TorchSharp.torch;

namespace Gan.Core.Tests;

/// <summary>
/// Runs LibTorch single-threaded for every test in this assembly. No test depends on the thread count, but
/// `dotnet test Research.sln` runs test assemblies side by side, and LibTorch's OpenMP workers spin on
/// oversubscribed cores: on this 2-core machine at a load average of about 20, a G1+D1 step had a median of
/// 0.9-2.2 s with 2 threads against 0.12-0.14 s with 1 (see docs/testing.md, "Unit tests").
/// </summary>
[SetUpFixture]
public sealed class SingleThreadedTorch
{
    [OneTimeSetUp]
    public void UseOneThread() => set_num_threads(1);
}
