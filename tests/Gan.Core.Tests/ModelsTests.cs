using Gan.Core.Models;
using static TorchSharp.torch;

namespace Gan.Core.Tests;

public class ModelsTests
{
    [TestCase("G1", 293_136)]
    [TestCase("G2", 1_486_352)]
    [TestCase("G3", 150_911)]
    public void Generator_has_the_studys_parameter_count(string name, long expected)
    {
        using var g = ModelZoo.CreateGenerator(name);
        Assert.That(ModelZoo.ParameterCount(g), Is.EqualTo(expected));
    }

    [TestCase("D1", 267_009)]
    [TestCase("D2", 38_293_889)]
    public void Discriminator_has_the_studys_parameter_count(string name, long expected)
    {
        using var d = ModelZoo.CreateDiscriminator(name);
        Assert.That(ModelZoo.ParameterCount(d), Is.EqualTo(expected));
    }
}
