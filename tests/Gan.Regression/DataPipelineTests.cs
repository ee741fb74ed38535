using Gan.Core.Data;
using Gan.Core.Training;
using Snapshooter.NUnit;
using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>
/// Locks in what the trainer is fed for seed 0 with the study's batch size: the embedded sample's files, its
/// normalised pixel statistics, and the first batch of the first two epochs (indices, labels, pixel statistics).
/// </summary>
public class DataPipelineTests
{
    [Test]
    public void Seed_0_batches_and_pixels_are_unchanged()
    {
        var data = RegressionSuite.Sample;
        var config = new TrainingConfig();
        using var sampler = new BatchSampler(data.Count, config.BatchSize, SeedStreams.DataOrder(config.Seed));
        var epoch1 = sampler.NextEpoch();
        var epoch2 = sampler.NextEpoch();

        Snapshot.Match(new
        {
            data.Name,
            data.Count,
            Files = data.FileMd5,
            config.BatchSize,
            sampler.BatchesPerEpoch,
            Pixels = TensorSummary.Of(data.Images),
            Epoch1FirstBatch = Batch(data, epoch1[0]),
            Epoch2FirstBatch = Batch(data, epoch2[0]),
        });
    }

    static object Batch(ImageDataset data, long[] indices)
    {
        using var idx = tensor(indices);
        using var images = data.Images.index_select(0, idx);
        using var labels = data.Labels.index_select(0, idx);
        return new
        {
            Indices = string.Join(" ", indices),
            Labels = string.Join("", labels.data<long>().ToArray()),
            Pixels = TensorSummary.Of(images),
        };
    }
}
