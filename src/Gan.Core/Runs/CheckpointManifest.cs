using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>
/// The <c>state.json</c> of a resumable checkpoint, written last inside it: which models it is for, the trainer's
/// counters, position and generator states, how far metrics.csv and the wall clock had got, and the MD5 of every
/// other file of the checkpoint so a damaged one is refused instead of silently resumed.
/// </summary>
public sealed record CheckpointManifest(
    int Format,
    string Generator,
    string Discriminator,
    Models.SlopeVariant Slope,
    int NoiseDim,
    TrainerState Trainer,
    double WallSeconds,
    IReadOnlyDictionary<string, string> FileMd5,
    DateTime SavedUtc)
{
    public const int CurrentFormat = 1;
}
