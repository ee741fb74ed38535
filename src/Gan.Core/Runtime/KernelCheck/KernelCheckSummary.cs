namespace Gan.Core.Runtime;

/// <summary>
/// A kernel check's verdict as runs record it (provenance in config.json, bench JSON): pass or fail, how many used
/// rows were compared, the worst of them as a multiple of its bound, which one that was, and the check's wall time.
/// </summary>
public sealed record KernelCheckSummary(string Verdict, string Precision, int RowsChecked, double WorstNormalisedError, string? Worst, double Seconds)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string NotRun = "not run";

    /// <summary>The verdict was a kept one for the same machine, paths, precision and shapes (<see cref="KernelCheckCache"/>).</summary>
    public bool Cached { get; init; }

    /// <summary>
    /// An fp64 run's record: its kernels compute in the check's own reference precision, so there is nothing more
    /// precise here to hold them against. Its guard is the regression suite, whose float64 trajectories must agree
    /// across machines within a tolerance far below any change of the maths.
    /// </summary>
    public static KernelCheckSummary Float64 { get; } =
        new(NotRun, "float64", 0, 0, "an fp64 run computes in the check's reference precision", 0);

    /// <summary>One line for people: "pass: 152 rows within their float32 bounds, worst 0.97× (Linear(256→1) (64,256) grad input), 0.41 s".</summary>
    public override string ToString() => Verdict == NotRun ? $"{Verdict}: {Worst}" :
        $"{Verdict}: {RowsChecked} rows {(Verdict == Pass ? "within" : "checked against")} their {Precision} bounds, " +
        $"worst {KernelCheckReport.Times(WorstNormalisedError)}{(Worst is null ? "" : $" ({Worst})")}, {Seconds:F2} s" +
        (Cached ? " (kept verdict for this machine and these shapes)" : "");
}
