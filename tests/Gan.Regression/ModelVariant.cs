using Gan.Core.Models;
using static TorchSharp.torch;

namespace Gan.Regression;

/// <summary>One buildable model: every generator in every slope variant that changes it, and both discriminators.</summary>
public sealed record ModelVariant(string Model, SlopeVariant? Slope)
{
    public bool IsGenerator => ModelZoo.Generators.Contains(Model);

    public string Name => Slope is { } s ? $"{Model}.slope-{s.Name()}" : Model;

    public static IReadOnlyList<ModelVariant> All { get; } =
    [
        new("G1", null),
        new("G2", SlopeVariant.Seed),
        new("G2", SlopeVariant.Fixed),
        new("G2-BN", SlopeVariant.Seed),
        new("G2-BN", SlopeVariant.Fixed),
        new("G3", SlopeVariant.Seed),
        new("G3", SlopeVariant.Fixed),
        new("D1", null),
        new("D2", null),
    ];

    public nn.Module<Tensor, Tensor> Create() => IsGenerator
        ? ModelZoo.CreateGenerator(Model, Slope ?? SlopeVariant.Seed)
        : ModelZoo.CreateDiscriminator(Model);

    /// <summary>A batch of <paramref name="n"/> inputs: noise for a generator, images for a discriminator.</summary>
    public long[] InputShape(long n) => IsGenerator ? [n, 100] : [n, 1, 28, 28];

    public override string ToString() => Name;
}
