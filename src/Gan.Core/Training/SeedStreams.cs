namespace Gan.Core.Training;

/// <summary>
/// The independent random streams of a run, each derived from the run's seed so one number reproduces all of them.
/// Keeping them apart means, for example, that drawing the fixed sample noise never shifts the training noise.
/// </summary>
public static class SeedStreams
{
    /// <summary>The global torch RNG, seeded just before G then D are built (PyTorch's default initialisation).</summary>
    public static long Init(long seed) => seed;
    /// <summary>The noise z drawn for every D and G step.</summary>
    public static long Noise(long seed) => seed + 1;
    /// <summary>The data order: one permutation per epoch.</summary>
    public static long DataOrder(long seed) => seed + 2;
    /// <summary>The fixed noise batch behind every sample grid and the sample statistics.</summary>
    public static long FixedNoise(long seed) => seed + 3;
    /// <summary>The noise of the samples that evaluation draws (during training and in <c>gan eval</c>).</summary>
    public static long Evaluation(long seed) => seed + 4;
}
