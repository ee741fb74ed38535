using Gan.Core.Data;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests;

public class InitSpreadProbe
{
    [Test]
    public void Probe([Values("G1+D1", "G2+D2", "G3+D2", "G3+D1", "G2+D1")] string pair)
    {
        using var data = SampleData.LoadTrain();
        var parts = pair.Split('+');
        double maxD = 0, maxG = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            var cfg = new TrainingConfig { Generator = parts[0], Discriminator = parts[1], Seed = seed };
            using var t = new GanTrainer(cfg, data);
            using var gen = new TorchSharp.torch.Generator(99);
            for (int b = 0; b < 4; b++)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var real = data.Images[(b * 64)..((b + 1) * 64)];
                var fake = t.G.forward(randn(64, 100, generator: gen));
                var dr = t.D.forward(real); var df = t.D.forward(fake);
                var d = GanLosses.Discriminator(dr, df).item<float>();
                var g = GanLosses.GeneratorNonSaturating(df).item<float>();
                maxD = Math.Max(maxD, Math.Abs(d - 2 * Math.Log(2)));
                maxG = Math.Max(maxG, Math.Abs(g - Math.Log(2)));
                TestContext.Out.WriteLine($"{pair} seed {seed} batch {b}: D {d:F5} ({d - 2 * Math.Log(2):+0.00000;-0.00000}) G {g:F5} ({g - Math.Log(2):+0.00000;-0.00000}) mean D(x) {dr.mean().item<float>():F4} D(G(z)) {df.mean().item<float>():F4}");
            }
        }
        TestContext.Out.WriteLine($"{pair}: max |D - 2ln2| {maxD:F5}, max |G - ln2| {maxG:F5}");
    }
}
