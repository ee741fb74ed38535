namespace Gan.Core.Training;

/// <summary>What training does when a D or G loss comes out NaN or infinite.</summary>
public enum NanPolicy
{
    /// <summary>Stop the run (exit code 3), keeping the last good checkpoint. The default.</summary>
    Stop,
    /// <summary>Skip that optimizer update and carry on; non-finite parameters still stop the run, as skipping cannot repair them.</summary>
    SkipStep,
}

public static class NanPolicyExtensions
{
    public static string Name(this NanPolicy p) => p == NanPolicy.Stop ? "stop" : "skip-step";

    public static NanPolicy Parse(string s) => s.ToLowerInvariant() switch
    {
        "stop" => NanPolicy.Stop,
        "skip-step" or "skip" => NanPolicy.SkipStep,
        _ => throw new GanException($"unknown --on-nan '{s}'; use stop or skip-step"),
    };
}
