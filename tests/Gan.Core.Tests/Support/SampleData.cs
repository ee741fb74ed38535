using Gan.Core.Data;

namespace Gan.Core.Tests.Support;

/// <summary>The repository's embedded mnist-sample (data/mnist-sample), found from the test binaries as the CLI finds it.</summary>
public static class SampleData
{
    public static ImageDataset LoadTrain() =>
        ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);

    public static ImageDataset LoadTest() =>
        ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Test);
}
