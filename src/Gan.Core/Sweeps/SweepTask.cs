using Gan.Core.Training;

namespace Gan.Core.Sweeps;

/// <summary>One run of a grid: its stable id, variant, seed, config and run directory (EXPERIMENT/VARIANT/seed-N).</summary>
public sealed record SweepTask(int Id, string Variant, long Seed, TrainingConfig Config, string RunDir);
