using Gan.Core.Evaluation;
using Gan.Core.Models;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// What a kernel check covers: the models with the modes and batch sizes a command runs them at, and the batch sizes of
/// the loss. Built for a training run, an evaluation, or <c>gan doctor</c>.
/// </summary>
public sealed record KernelCheckPlan(IReadOnlyList<KernelCheckTarget> Models, IReadOnlyList<long> LossBatchSizes)
{
    static readonly long[] Image = [1, 28, 28];

    /// <summary>
    /// <c>gan train</c>: G and D forward and backward in training mode at batch 1, the batch size and (when the data set
    /// is not a multiple of it) the last partial batch, D also at twice those with the joint D batch; G in evaluation
    /// mode for the sample grids; with periodic evaluation, what <see cref="ForEvaluation"/> covers. Given
    /// <paramref name="g"/> and <paramref name="d"/> (the trainer's, just built), it checks those instead of building copies.
    /// </summary>
    public static KernelCheckPlan ForTraining(TrainingConfig config, int trainCount, Models.Generator? g = null, Discriminator? d = null)
    {
        var sizes = Distinct(1, config.BatchSize, trainCount % config.BatchSize);
        var dSizes = config.JointDBatch ? Distinct([.. sizes, .. sizes.Select(b => 2 * b)]) : sizes;
        var models = new List<KernelCheckTarget>
        {
            Generator(config, training: true, sizes, g),
            Generator(config, training: false, [GanTrainer.FixedNoiseCount], g),
            new(config.Discriminator, () => d ?? ModelZoo.CreateDiscriminator(config.Discriminator, config.DOptions), Image, true, dSizes, true) { Borrowed = d is not null },
        };
        if (config.EvalEvery > 0) models.AddRange(ForEvaluation(config, config.EvalSamples).Models);
        return new KernelCheckPlan(models, sizes);
    }

    /// <summary><c>gan eval</c>: G and the classifier forward in evaluation mode at the chunk sizes that draw and score <paramref name="samples"/>.</summary>
    public static KernelCheckPlan ForEvaluation(TrainingConfig config, int samples)
    {
        var sizes = Distinct(Math.Min(samples, GeneratedSamples.Chunk), samples % GeneratedSamples.Chunk);
        return new KernelCheckPlan(
            [
                Generator(config, training: false, sizes),
                new(nameof(LeNet5), () => new LeNet5(), Image, false, sizes, false),
            ],
            []);
    }

    /// <summary>
    /// <c>gan doctor</c>: each generator and discriminator forward and backward in training mode at batch 1, the batch size
    /// and twice it with the joint D batch; each generator in evaluation mode; the classifier forward and backward; the
    /// loss; and, informational, LibTorch's own ConvTranspose2d at G3's shapes.
    /// </summary>
    public static KernelCheckPlan ForDoctor(IEnumerable<string> generators, IEnumerable<string> discriminators, int batchSize, bool jointDBatch)
    {
        var sizes = jointDBatch ? Distinct(1, batchSize, 2 * batchSize) : Distinct(1, batchSize);
        var models = new List<KernelCheckTarget>();
        foreach (var g in generators.Distinct())
        {
            var config = new TrainingConfig { Generator = g };
            models.Add(Generator(config, training: true, sizes));
            models.Add(Generator(config, training: false, [batchSize]));
        }
        foreach (var d in discriminators.Distinct())
            models.Add(new(d, () => ModelZoo.CreateDiscriminator(d), Image, true, sizes, true));
        models.Add(new(nameof(LeNet5), () => new LeNet5(), Image, false, sizes, true));
        models.Add(NativeConvTranspose(sizes.Where(b => b > 1).ToList()));
        return new KernelCheckPlan(models, sizes);
    }

    /// <summary>
    /// LibTorch's ConvTranspose2d at G3's shapes (1→4 on 22×22, 4→8 on 24×24, 8→4 on 26×26, 3×3 kernels), which the models
    /// do not use: its float32 kernel computes the wrong function on some AVX-512 CPUs for batches of 2 or more.
    /// </summary>
    public static KernelCheckTarget NativeConvTranspose(IReadOnlyList<long> batchSizes) =>
        new("native",
            () => nn.Sequential(nn.ConvTranspose2d(1, 4, 3), nn.ConvTranspose2d(4, 8, 3), nn.ConvTranspose2d(8, 4, 3)),
            [1, 22, 22], true, batchSizes, true, Informational: true);

    static KernelCheckTarget Generator(TrainingConfig config, bool training, IReadOnlyList<long> sizes, Models.Generator? g = null) =>
        new(training ? config.Generator : $"{config.Generator} (eval)",
            () => g ?? ModelZoo.CreateGenerator(config.Generator, config.Slope, config.NoiseDim),
            [config.NoiseDim], training, sizes, training)
        { Borrowed = g is not null };

    static List<long> Distinct(params long[] sizes) => sizes.Where(b => b > 0).Distinct().ToList();
}
