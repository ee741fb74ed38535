using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Training;
using TorchSharp;

namespace Gan.Core.Runs;

/// <summary>
/// A recorded run's networks as it trained them, loaded from one of its checkpoints: built from its config by the
/// same <see cref="TrainingParts"/> the trainer used (so D's options, spectral normalisation and dropout, shape its
/// state_dict as they did in training), in the run's dtype (float64 for fp64), with the checkpoint's weights. The one
/// place eval and export rebuild a run's models, so neither can build them differently from training.
/// </summary>
public static class RunModels
{
    /// <summary>G, or its moving average when <paramref name="average"/> and the run kept one; the caller owns it.</summary>
    public static Models.Generator Generator(TrainingConfig config, string checkpointDir, bool average = false, TrainingParts? parts = null) =>
        Loaded((parts ?? TrainingParts.Registered).Generator(config), config, g => Checkpoint.LoadGenerator(g, checkpointDir, average && config.Ema is not null));

    /// <summary>D; the caller owns it.</summary>
    public static Discriminator Discriminator(TrainingConfig config, string checkpointDir, TrainingParts? parts = null) =>
        Loaded((parts ?? TrainingParts.Registered).Discriminator(config), config, d => Checkpoint.LoadDiscriminator(d, checkpointDir));

    /// <summary>The model in the run's dtype with <paramref name="load"/> applied; disposed if loading fails.</summary>
    static T Loaded<T>(T model, TrainingConfig config, Action<T> load) where T : TorchSharp.torch.nn.Module
    {
        try
        {
            model.to(config.Precision.DType());
            load(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
