using Gan.Core.Runtime;

namespace Gan.Regression;

/// <summary>The suite's tolerances, each chosen between two measured numbers (README.md, "Tolerance").</summary>
public static class RegressionTolerance
{
    /// <summary>
    /// Float64 trajectories: the largest <see cref="TrajectoryDeviation"/> any number of a case may have from its
    /// recording.
    /// </summary>
    public const double Float64 = 1e-5;

    /// <summary>How many first iterations of a float32 or bf16-mixed run are held against float64, and how closely.</summary>
    public static (int Steps, double Deviation) Envelope(Precision precision, string discriminator) => (precision, discriminator) switch
    {
        (Precision.Fp32, "D2") => (3, 1e-3),
        (Precision.Fp32, _) => (10, 1e-3),
        (Precision.Bf16Mixed, _) => (10, 5e-2),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "float64 runs are held to Float64"),
    };
}
