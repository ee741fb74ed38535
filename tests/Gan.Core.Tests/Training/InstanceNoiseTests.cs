using Gan.Core.Training;

namespace Gan.Core.Tests.Training;

public class InstanceNoiseTests
{
    [Test]
    public void Sigma_falls_linearly_to_0_over_its_steps()
    {
        var annealed = new InstanceNoise(0.2, 4);
        Assert.That(Enumerable.Range(0, 6).Select(t => annealed.Sigma(t)), Is.EqualTo(new[] { 0.2, 0.15, 0.1, 0.05, 0, 0 }).Within(1e-12));
        Assert.That(new InstanceNoise(0.2, 0).Sigma(1000), Is.EqualTo(0.2), "without T, σ0 throughout");
    }
}
