using System.Security.Cryptography;
using Gan.Core.Data;
using Gan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Evaluation;

/// <summary>Which classifier produced an evaluation: its weights file and that file's SHA-256.</summary>
public sealed record ClassifierIdentity(string File, string Sha256)
{
    /// <summary>Numbers from different weights are different metrics: refuse to put them side by side.</summary>
    public void RequireSame(ClassifierIdentity other)
    {
        if (!string.Equals(Sha256, other.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new GanException(
                $"evaluations used different classifiers ({File} sha256 {Short(Sha256)} vs {other.File} sha256 {Short(other.Sha256)}); " +
                "their numbers are not comparable, re-evaluate both with the same --classifier");
    }

    static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}

/// <summary>
/// A trained <see cref="LeNet5"/> loaded for evaluation (eval mode, CPU, no autograd), with the identity of its weights.
/// The classifier is part of the metric: numbers computed with different weights are different metrics.
/// </summary>
public sealed class EvaluationClassifier : IDisposable
{
    public const string Folder = "classifiers";

    /// <summary>Images the classifier takes per forward in <see cref="Run"/>.</summary>
    public const int Batch = 1000;

    public LeNet5 Model { get; }
    public ClassifierIdentity Identity { get; }

    EvaluationClassifier(LeNet5 model, ClassifierIdentity identity)
    {
        Model = model;
        Identity = identity;
    }

    /// <summary>
    /// The repository's classifier for a data set: <c>data/classifiers/lenet-NAME.pt</c>. Full MNIST shares the
    /// shipped <c>mnist-sample</c> classifier (same digits), so their numbers stay comparable.
    /// </summary>
    public static string DefaultPath(string dataset)
    {
        var name = dataset == DatasetCatalog.Mnist ? DatasetCatalog.Sample : dataset;
        return Path.Combine(DatasetCatalog.RepoDataDir(), Folder, $"lenet-{name}.pt");
    }

    public static string CardPath(string weightsPath) => Path.ChangeExtension(weightsPath, ".json");

    public static EvaluationClassifier Load(string path)
    {
        if (!File.Exists(path))
            throw new GanException($"{path}: classifier weights not found; train them with 'gan classifier train --dataset NAME --out {path}' or pass --classifier PATH");
        var model = new LeNet5();
        try
        {
            model.load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            model.Dispose();
            throw new GanException($"{path}: not LeNet5 classifier weights ({e.Message.Split('\n')[0]}); retrain with 'gan classifier train'");
        }
        model.eval();
        return new EvaluationClassifier(model, new ClassifierIdentity(Path.GetFileName(path), Sha256(path)));
    }

    /// <summary>Saves the weights, then the card with their checksum; both atomically. Returns the card written.</summary>
    public static ClassifierCard Save(LeNet5 model, string path, Func<string, ClassifierCard> card)
    {
        AtomicFile.WriteVia(path, tmp => model.save(tmp));
        var written = card(Sha256(path));
        Json.WriteAtomic(CardPath(path), written);
        return written;
    }

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>Features and class probabilities of <paramref name="images"/> (N,1,28,28), in batches, each in its own dispose scope.</summary>
    public ClassifierOutputs Run(Tensor images, int batch = Batch)
    {
        var features = new List<Tensor>();
        var probs = new List<Tensor>();
        using (no_grad())
        {
            for (long i = 0; i < images.shape[0]; i += batch)
            {
                using var scope = NewDisposeScope();
                var f = Model.Features(images[TensorIndex.Slice(i, Math.Min(i + batch, images.shape[0]))].cpu());
                var p = nn.functional.softmax(Model.Logits(f).to(ScalarType.Float64), 1);
                features.Add(f.MoveToOuterDisposeScope());
                probs.Add(p.MoveToOuterDisposeScope());
            }
        }
        var outputs = new ClassifierOutputs(cat(features, 0), cat(probs, 0));
        foreach (var t in features.Concat(probs)) t.Dispose();
        return outputs;
    }

    public void Dispose() => Model.Dispose();
}
