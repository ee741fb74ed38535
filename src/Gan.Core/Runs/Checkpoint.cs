using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>Model weights on disk (TorchSharp's format), each file written atomically.</summary>
public static class Checkpoint
{
    public const string GeneratorFile = "G.pt";
    public const string DiscriminatorFile = "D.pt";
    /// <summary>The moving average of G's weights, in runs with <see cref="TrainingConfig.Ema"/>.</summary>
    public const string AverageGeneratorFile = "G_ema.pt";

    public static void SaveWeights(GanTrainer trainer, string dir)
    {
        Directory.CreateDirectory(dir);
        AtomicFile.WriteVia(Path.Combine(dir, GeneratorFile), tmp => trainer.G.save(tmp));
        AtomicFile.WriteVia(Path.Combine(dir, DiscriminatorFile), tmp => trainer.D.save(tmp));
        if (trainer.GEma is { } average)
            AtomicFile.WriteVia(Path.Combine(dir, AverageGeneratorFile), tmp => average.save(tmp));
    }

    /// <summary>
    /// Loads G weights saved by <see cref="SaveWeights"/> into a freshly built generator of the same kind: the moving
    /// average when <paramref name="average"/> (the run had one, and it is what sample grids and evaluation used), else G.
    /// </summary>
    public static void LoadGenerator(Models.Generator g, string dir, bool average = false) =>
        Load(g, Path.Combine(dir, average ? AverageGeneratorFile : GeneratorFile));

    /// <summary>Loads D weights saved by <see cref="SaveWeights"/> into a freshly built discriminator of the same kind.</summary>
    public static void LoadDiscriminator(Models.Discriminator d, string dir) => Load(d, Path.Combine(dir, DiscriminatorFile));

    static void Load(TorchSharp.torch.nn.Module model, string path)
    {
        if (!File.Exists(path))
            throw new GanException($"{path}: checkpoint not found");
        try
        {
            model.load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new GanException($"{path}: cannot load into {model.GetType().Name} ({e.Message.Split('\n')[0]}); is it a checkpoint of another model or damaged?");
        }
    }
}
