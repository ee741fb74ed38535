namespace Gan.Core.Runtime;

/// <summary>
/// Everything that must reach LibTorch's native libraries before they load (OpenMP's wait policy, malloc's
/// thresholds, the compute paths' choice), in one call: the CLI makes it first thing, and a script run by another host
/// (dotnet-script) makes it before its first torch call.
/// </summary>
public static class NativeRuntime
{
    static bool _initialized;

    /// <summary>
    /// Idempotent; a bad <see cref="ComputePaths.ChoiceVariable"/> value is a <see cref="GanException"/>. The process's
    /// arguments, when given, choose the compute paths' profile by the precision they ask for (<see cref="PrecisionArgument"/>).
    /// </summary>
    public static void Initialize(IReadOnlyList<string>? args = null)
    {
        if (_initialized) return;
        OpenMpWaitPolicy.PreferPassive();
        MallocTuning.KeepLargeBlocksInHeap();
        ComputePaths.Apply(args is null ? Precision.Fp32 : PrecisionArgument.Find(args));
        _initialized = true;
    }
}
