using System.Text.Json;
using Gan.Core.Benchmarking;
using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using TorchSharp.Modules;

namespace Gan.Core.Tests.Benchmarking;

/// <summary>
/// The step floor: one row per Linear / convolution leaf of G and D in call order, each leaf's ops counted as a k = 1
/// step runs them, and the total their sum; <c>gan bench --floor</c> reports it and the step's ratio to it.
/// </summary>
public class StepFloorTests
{
    [TestCase("g1-d1")]
    [TestCase("g3-d2")]
    public void Has_a_row_per_product_leaf_in_call_order_counted_as_a_step_runs_them(string pairName)
    {
        var floor = StepFloor.Measure(pairName, Precision.Fp32, batch: 8, reps: 1);
        var pair = ModelZoo.Pair(pairName);
        using var g = ModelZoo.CreateGenerator(pair.Generator);
        using var d = ModelZoo.CreateDiscriminator(pair.Discriminator);
        static int Leaves(TorchSharp.torch.nn.Module m) => m.modules().Count(x => x is Linear or Conv2d or ConvolutionTranspose);
        var gRows = floor.Rows.Where(r => r.Net == "G").ToList();
        var dRows = floor.Rows.Where(r => r.Net == "D").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(gRows, Has.Count.EqualTo(Leaves(g)));
            Assert.That(dRows, Has.Count.EqualTo(Leaves(d)));
            Assert.That(floor.Rows.All(r => r.ForwardMs > 0), Is.True);
            // G: 2 forwards, 1 weight gradient, an input gradient except at the first layer; D: 3, 2 and 3 (1 at the first).
            Assert.That(gRows[0].StepMs, Is.EqualTo(2 * gRows[0].ForwardMs + gRows[0].WeightGradMs).Within(1e-9));
            Assert.That(gRows[1].StepMs, Is.EqualTo(2 * gRows[1].ForwardMs + gRows[1].WeightGradMs + gRows[1].InputGradMs).Within(1e-9));
            Assert.That(dRows[0].StepMs, Is.EqualTo(3 * dRows[0].ForwardMs + 2 * dRows[0].WeightGradMs + dRows[0].InputGradMs).Within(1e-9));
            Assert.That(dRows[1].StepMs, Is.EqualTo(3 * dRows[1].ForwardMs + 2 * dRows[1].WeightGradMs + 3 * dRows[1].InputGradMs).Within(1e-9));
            Assert.That(floor.TotalMs, Is.EqualTo(floor.Rows.Sum(r => r.StepMs)));
            Assert.That(dRows[0].Input.Aggregate(1L, (a, b) => a * b), Is.EqualTo(784), "D's first leaf sees a whole image");
        });
    }

    [Test]
    public void Gan_bench_with_floor_prints_and_records_the_ratio()
    {
        var json = Path.Combine(Path.GetTempPath(), $"gan-floor-{Guid.NewGuid():N}.json");
        try
        {
            var r = GanCli.Run(Path.GetTempPath(), "bench", "--pair", "g1-d1", "--steps", "3", "--warmup", "1", "--floor", "--json", json);
            Assert.That(r.ExitCode, Is.Zero, r.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            double median = doc.RootElement.GetProperty("medianMs").GetDouble();
            double floorMs = doc.RootElement.GetProperty("floorMs").GetDouble();
            Assert.Multiple(() =>
            {
                Assert.That(floorMs, Is.GreaterThan(0));
                Assert.That(doc.RootElement.GetProperty("floorRatio").GetDouble(), Is.EqualTo(median / floorMs).Within(1e-9));
                Assert.That(r.StdOut, Does.Match(@"floor +[0-9.]+ ms .*median / floor = [0-9.]+"));
            });
        }
        finally
        {
            File.Delete(json);
        }
    }
}
