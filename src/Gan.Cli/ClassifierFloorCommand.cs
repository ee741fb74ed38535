using System.ComponentModel;
using Gan.Core;
using Gan.Core.Data;
using Gan.Core.Evaluation;
using Gan.Core.Runtime;
using Gan.Core.Training;
using Spectre.Console.Cli;

namespace Gan.Cli;

/// <summary>
/// <c>gan classifier floor</c>: the classifier's test accuracy and every metric for real train images evaluated as if
/// generated against the real test split: the best a generator can hope for with these sample counts.
/// </summary>
public sealed class ClassifierFloorCommand : Command<ClassifierFloorCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--dataset <NAME>"), Description("mnist-sample (default), mnist, fashion-mnist.")]
        public string Dataset { get; init; } = DatasetCatalog.Sample;
        [CommandOption("--data-dir <DIR>"), Description("Any folder of MNIST-layout IDX files.")]
        public string? DataDir { get; init; }
        [CommandOption("--classifier <PATH>"), Description("Classifier weights (default data/classifiers/lenet-<dataset>.pt; mnist uses mnist-sample's).")]
        public string? Classifier { get; init; }
        [CommandOption("--threads <T>"), Description("LibTorch intra-op threads (0 = LibTorch's default).")]
        public int Threads { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        TorchThreads.Use(s.Threads);
        var dir = DatasetCatalog.RequireDirectory(s.Dataset, s.DataDir);
        using var train = ImageDataset.Load(s.Dataset, dir, Split.Train);
        using var test = ImageDataset.Load(s.Dataset, dir, Split.Test);
        var classifier = EvaluationClassifier.Load(s.Classifier ?? EvaluationClassifier.DefaultPath(s.Dataset));
        var accuracy = ClassifierTraining.Accuracy(classifier.Model, test);
        using var evaluator = new Evaluator(classifier, test);
        var result = evaluator.Evaluate(train.Images);
        Console.WriteLine($"classifier test accuracy {accuracy:P2} on {test.Count} test images of {s.Dataset}");
        EvaluationTable.Print([($"real train vs real test ({s.Dataset})", result)]);
        return ExitCodes.Ok;
    }
}
