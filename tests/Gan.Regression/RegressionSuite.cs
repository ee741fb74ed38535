using Gan.Core.Data;
using static TorchSharp.torch;

[assembly: NonParallelizable]
[assembly: LevelOfParallelism(1)]

namespace Gan.Regression;

/// <summary>
/// Suite-wide fixture. LibTorch runs on one intra-op thread for every test, because reductions split across threads
/// sum in a different order and the snapshots lock in exact values; tests never run in parallel, because model
/// initialisation draws from the global torch RNG.
/// </summary>
[SetUpFixture]
public sealed class RegressionSuite
{
    static ImageDataset? _sample;

    /// <summary>The embedded mnist-sample train split (8,000 digits), loaded once before any test.</summary>
    public static ImageDataset Sample => _sample ?? throw new InvalidOperationException("the regression suite's setup has not run");

    /// <summary>Loads the sample here, outside every test's dispose scope, which would otherwise take ownership of it.</summary>
    [OneTimeSetUp]
    public void PinThreadsAndLoadSample()
    {
        set_num_threads(1);
        _sample = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);
    }

    [OneTimeTearDown]
    public void ReleaseSample()
    {
        _sample?.Dispose();
        _sample = null;
    }
}
