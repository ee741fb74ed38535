using Gan.Core.Models;

namespace Gan.Core.Training;

/// <summary>A named recipe: settings applied to a config before any explicit option, which still wins.</summary>
public sealed record TrainingPreset(string Name, string Summary, Func<TrainingConfig, TrainingConfig> Apply);

/// <summary>The recipes <c>--preset</c> knows, by name.</summary>
public static class TrainingPresets
{
    static readonly List<TrainingPreset> Entries =
    [
        new("dcgan", "the DCGAN recipe (Radford et al., 2016): LeakyReLU slope 0.2, Adam lr 2e-4 and β1 0.5",
            c => c with { Slope = SlopeVariant.Fixed, LearningRate = 2e-4, Beta1 = 0.5 }),
    ];

    public static IReadOnlyList<TrainingPreset> All => Entries;

    public static TrainingPreset Get(string name) =>
        Entries.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new GanException($"unknown preset '{name}'; use {string.Join(", ", Entries.Select(p => p.Name))}");
}
