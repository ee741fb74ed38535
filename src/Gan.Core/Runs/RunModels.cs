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
    public static Models.Generator Generator(TrainingConfig config, string checkpointDir, bool average = false, TrainingParts? parts = null)
    {
        var g = (parts ?? TrainingParts.Registered).Generator(config);
        try
        {
            g.to(config.Precision.DType());
            Checkpoint.LoadGenerator(g, checkpointDir, average && config.Ema is not null);
            return g;
        }
        catch
        {
            g.Dispose();
            throw;
        }
    }

    /// <summary>D; the caller owns it.</summary>
    public static Discriminator Discriminator(TrainingConfig config, string checkpointDir, TrainingParts? parts = null)
    {
        var d = (parts ?? TrainingParts.Registered).Discriminator(config);
        try
        {
            d.to(config.Precision.DType());
            Checkpoint.LoadDiscriminator(d, checkpointDir);
            return d;
        }
        catch
        {
            d.Dispose();
            throw;
        }
    }
}
