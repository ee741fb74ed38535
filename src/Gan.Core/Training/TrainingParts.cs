using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Optim;
using TorchSharp.Modules;

namespace Gan.Core.Training;

/// <summary>Builds the optimizer of one network from its parameters and the run's config.</summary>
public delegate OptimizerHelper OptimizerFactory(IEnumerable<Parameter> parameters, TrainingConfig config);

/// <summary>
/// The parts a <see cref="GanTrainer"/> is built from: G, D, the objective, an optimizer per network and any extra
/// training hooks, each made from the run's config. The defaults build what the config names from <see cref="ModelZoo"/> and
/// <see cref="ObjectiveRegistry"/>, with <see cref="SinglePassAdam"/> at each network's learning rate and β1. A script
/// replaces any of them (<c>TrainingParts.Registered with { ... }</c>) and passes them to <see cref="Runs.TrainingRun"/>;
/// the config's names still label the run (so they must be registered), and resuming it needs the same parts.
/// </summary>
public sealed record TrainingParts
{
    public static TrainingParts Registered { get; } = new();

    public Func<TrainingConfig, Models.Generator> Generator { get; init; } =
        c => ModelZoo.CreateGenerator(c.Generator, c.Slope, c.NoiseDim);

    public Func<TrainingConfig, Discriminator> Discriminator { get; init; } =
        c => ModelZoo.CreateDiscriminator(c.Discriminator, c.DOptions);

    public Func<TrainingConfig, IGanObjective> Objective { get; init; } =
        c => ObjectiveRegistry.Create(c.Objective, c.RealLabel);

    public OptimizerFactory GeneratorOptimizer { get; init; } =
        (parameters, c) => new SinglePassAdam(parameters, c.GLearningRate, c.GBeta1, c.Beta2);

    public OptimizerFactory DiscriminatorOptimizer { get; init; } =
        (parameters, c) => new SinglePassAdam(parameters, c.DLearningRate, c.DBeta1, c.Beta2);

    /// <summary>A script's own training hooks, called after the config's (instance noise, augmentation, moving average).</summary>
    public Func<TrainingConfig, IEnumerable<ITrainingHook>> Hooks { get; init; } = _ => [];
}
