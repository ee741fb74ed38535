using System.ComponentModel;
using Gan.Core.Models;
using Spectre.Console.Cli;

namespace Gan.Cli;

public sealed class ModelsCommand : Command<ModelsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--slope <VARIANT>")]
        [Description("seed (slope 1.0, as the study ran) or fixed (slope 0.2); affects G2 and G3 only.")]
        public string Slope { get; init; } = "seed";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var slope = SlopeVariantExtensions.Parse(settings.Slope);
        foreach (var name in ModelZoo.Generators)
        {
            using var g = ModelZoo.CreateGenerator(name, slope);
            Console.WriteLine(ModelCard.Describe(name, g, [2, g.NoiseDim]));
        }
        foreach (var name in ModelZoo.Discriminators)
        {
            using var d = ModelZoo.CreateDiscriminator(name);
            Console.WriteLine(ModelCard.Describe(name, d, [2, 1, 28, 28]));
        }
        Console.WriteLine($"LeakyReLU slope of G2/G3: {slope.NegativeSlope()} ({slope.Name()}). Pairs: " +
            string.Join(", ", ModelZoo.Pairs.Select(p => $"{p.Name} = {p.Generator}+{p.Discriminator}")));
        return 0;
    }
}
