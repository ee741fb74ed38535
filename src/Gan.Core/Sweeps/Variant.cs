using Gan.Core.Training;

namespace Gan.Core.Sweeps;

/// <summary>A named training configuration in a grid; its runs go to runs/EXPERIMENT/NAME/seed-N.</summary>
public sealed record Variant(string Name, TrainingConfig Config);
