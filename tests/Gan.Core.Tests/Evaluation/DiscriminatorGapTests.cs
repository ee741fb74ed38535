using Gan.Core.Data;
using Gan.Core.Evaluation;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Evaluation;

/// <summary>D's train/held-out gap against its scores computed by hand, and that measuring it leaves D as it was.</summary>
public class DiscriminatorGapTests
{
    [Test]
    public void The_gap_is_the_mean_eval_mode_score_on_training_reals_minus_on_held_out_ones()
    {
        using var train = SampleData.LoadTrain();
        using var test = SampleData.LoadTest();
        using var subset = train.Take(300);
        // D1 with dropout: eval mode must switch it off, and training mode must come back.
        using var trainer = new GanTrainer(new TrainingConfig { Seed = 1, Threads = 1, DDropout = 0.3 }, subset);
        trainer.TrainEpoch().Take(3).ToList();
        var before = Tensors.Snapshot(trainer.D);

        var gap = DiscriminatorGap.Measure(trainer, test, limit: 1000);

        trainer.D.eval();
        double Mean(Tensor images)
        {
            using (no_grad())
                return trainer.D.forward(images).to(ScalarType.Float64).mean().item<double>();
        }
        double expectedTrain = Mean(subset.Images[..300]), expectedHeld = Mean(test.Images[..300]);
        trainer.D.train();
        Assert.Multiple(() =>
        {
            Assert.That(gap.Images, Is.EqualTo(300), "min(1000, 300 training images, 2000 test images)");
            Assert.That(gap.Train, Is.EqualTo(expectedTrain).Within(1e-12));
            Assert.That(gap.HeldOut, Is.EqualTo(expectedHeld).Within(1e-12));
            Assert.That(gap.Gap, Is.EqualTo(expectedTrain - expectedHeld).Within(1e-12));
            Assert.That(Tensors.Snapshot(trainer.D).Zip(before).All(p => Tensors.Same(p.First, p.Second)), Is.True, "D's weights and buffers untouched");
        });
    }
}
