using Gan.Core.Data;
using Gan.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Gan.Core.Evaluation;

/// <summary>How <see cref="ClassifierTraining"/> trains the evaluation classifier.</summary>
public sealed record ClassifierTrainingOptions
{
    public int Epochs { get; init; } = 15;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 0;
    /// <summary>Intra-op threads for LibTorch; 0 keeps LibTorch's default.</summary>
    public int Threads { get; init; } = 0;

    public ClassifierTrainingOptions Validate()
    {
        if (Epochs < 1) throw new GanException($"classifier epochs {Epochs} must be at least 1");
        if (BatchSize < 1) throw new GanException($"classifier batch size {BatchSize} must be at least 1");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new GanException($"classifier learning rate {LearningRate} must be a positive number");
        if (Threads < 0) throw new GanException($"threads {Threads} must be 0 (LibTorch's default) or positive");
        return this;
    }
}

/// <summary>
/// Trains <see cref="LeNet5"/> with Adam and cross-entropy on a train split, with small random affine distortions
/// (±10° rotation, ±10% scale, ±2 px shift) because 8,000 digits alone overfit short of 98% test accuracy.
/// The learning rate drops tenfold for the last third of the epochs. Deterministic for a seed and thread count.
/// </summary>
public static class ClassifierTraining
{
    public static LeNet5 Train(ImageDataset train, ClassifierTrainingOptions options, Action<int, double>? onEpoch = null)
    {
        options = options.Validate();
        TorchThreads.Use(options.Threads);
        random.manual_seed(options.Seed);
        var model = new LeNet5();
        using var order = new torch.Generator((ulong)options.Seed + 1);
        using var distort = new torch.Generator((ulong)options.Seed + 2);
        using var opt = optim.Adam(model.parameters(), options.LearningRate);
        int decayAt = options.Epochs - options.Epochs / 3;
        model.train();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (epoch == decayAt + 1)
                foreach (var g in opt.ParamGroups) g.LearningRate = options.LearningRate / 10;
            using var perm = randperm(train.Count, generator: order);
            double lossSum = 0;
            int batches = 0;
            for (long i = 0; i < train.Count; i += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = perm[TensorIndex.Slice(i, Math.Min(i + options.BatchSize, train.Count))];
                var x = Distort(train.Images.index_select(0, idx), distort);
                var loss = functional.cross_entropy(model.forward(x), train.Labels.index_select(0, idx));
                opt.zero_grad();
                loss.backward();
                opt.step();
                lossSum += loss.item<float>();
                batches++;
            }
            onEpoch?.Invoke(epoch, lossSum / batches);
        }
        model.eval();
        return model;
    }

    /// <summary>A random rotation, scale and shift per image; the background (−1) fills what moves in from outside.</summary>
    static Tensor Distort(Tensor x, torch.Generator gen)
    {
        long n = x.shape[0];
        var angle = (rand(n, generator: gen) * 2 - 1) * (10 * Math.PI / 180);
        var scale = 1 + (rand(n, generator: gen) * 2 - 1) * 0.1;
        var shift = (rand(n, 2, generator: gen) * 2 - 1) * (2.0 / 14);
        var cos = angle.cos() / scale;
        var sin = angle.sin() / scale;
        var theta = stack([cos, -sin, shift[.., 0], sin, cos, shift[.., 1]], 1).view(n, 2, 3);
        var grid = functional.affine_grid(theta, [n, 1, 28, 28], align_corners: false);
        return functional.grid_sample(x + 1, grid, align_corners: false) - 1;
    }

    /// <summary>The fraction of <paramref name="data"/> whose predicted class is its label.</summary>
    public static double Accuracy(LeNet5 model, ImageDataset data, int batch = 1000)
    {
        model.eval();
        long correct = 0;
        using (no_grad())
        {
            for (long i = 0; i < data.Count; i += batch)
            {
                using var scope = NewDisposeScope();
                var range = TensorIndex.Slice(i, Math.Min(i + batch, data.Count));
                var predicted = model.forward(data.Images[range]).argmax(1);
                correct += predicted.eq(data.Labels[range]).sum().item<long>();
            }
        }
        return (double)correct / data.Count;
    }
}
