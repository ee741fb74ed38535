using System.ComponentModel;
using Gan.Core;
using Gan.Core.Data;
using Gan.Core.Evaluation;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary><c>gan classifier train</c>: trains the evaluation classifier on a train split and reports its test accuracy.</summary>
public sealed class ClassifierTrainCommand : Command<ClassifierTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--dataset <NAME>"), Description("mnist-sample (default), mnist, fashion-mnist.")]
        public string Dataset { get; init; } = DatasetCatalog.Sample;
        [CommandOption("--data-dir <DIR>"), Description("Any folder of MNIST-layout IDX files.")]
        public string? DataDir { get; init; }
        [CommandOption("--out <PATH>"), Description("Weights file (default data/classifiers/lenet-<dataset>.pt); a card NAME.json is written next to it.")]
        public string? Out { get; init; }
        [CommandOption("--force"), Description("Overwrite existing weights (they are the identity of every evaluation made with them).")]
        public bool Force { get; init; }
        [CommandOption("--epochs <N>"), Description("Default 15.")]
        public int? Epochs { get; init; }
        [CommandOption("--seed <SEED>"), Description("Default 0.")]
        public long? Seed { get; init; }
        [CommandOption("--threads <T>"), Description("LibTorch intra-op threads (0 = LibTorch's default).")]
        public int? Threads { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var defaults = new ClassifierTrainingOptions();
        var options = (defaults with
        {
            Epochs = s.Epochs ?? defaults.Epochs,
            Seed = s.Seed ?? defaults.Seed,
            Threads = s.Threads ?? defaults.Threads,
        }).Validate();
        var outPath = s.Out ?? Path.Combine(DatasetCatalog.RepoDataDir(), EvaluationClassifier.Folder, $"lenet-{s.Dataset}.pt");
        if (File.Exists(outPath) && !s.Force)
            throw new GanException($"{outPath} already exists; evaluations record its checksum, so pass --force to replace it or choose another --out");
        var dir = DatasetCatalog.RequireDirectory(s.Dataset, s.DataDir);
        using var train = ImageDataset.Load(s.Dataset, dir, Split.Train);
        using var test = ImageDataset.Load(s.Dataset, dir, Split.Test);

        Console.WriteLine($"training LeNet5 on {s.Dataset} ({train.Count} train images), {options.Epochs} epochs, seed {options.Seed}");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var model = ClassifierTraining.Train(train, options, (epoch, loss) =>
            Console.WriteLine($"epoch {epoch}/{options.Epochs} loss {loss:F4} ({watch.Elapsed.TotalSeconds:F0} s)"));
        var accuracy = ClassifierTraining.Accuracy(model, test);
        var card = EvaluationClassifier.Save(model, outPath, sha => new ClassifierCard(
            s.Dataset, train.Count, test.Count, accuracy, options, "features", LeNet5.FeatureDim, sha, DateTime.UtcNow));
        Console.WriteLine($"test accuracy {accuracy:P2} on {test.Count} test images of {s.Dataset}");
        Console.WriteLine($"weights: {Path.GetFullPath(outPath)} (sha256 {card.Sha256})");
        return ExitCodes.Ok;
    }
}
