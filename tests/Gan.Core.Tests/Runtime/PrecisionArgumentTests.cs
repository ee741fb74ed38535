using Gan.Core.Runtime;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Runtime;

/// <summary>The precision a gan process pins its compute paths for, read from its raw arguments before LibTorch loads.</summary>
public class PrecisionArgumentTests
{
    [TestCase(new[] { "train", "--pair", "g2-d2" }, Precision.Fp32)]
    [TestCase(new[] { "train", "--precision", "bf16-mixed", "--pair", "g2-d2" }, Precision.Bf16Mixed)]
    [TestCase(new[] { "bench", "--precision=bf16-mixed!" }, Precision.Bf16Mixed)]
    [TestCase(new[] { "bench", "--precision", "fp32" }, Precision.Fp32)]
    [TestCase(new[] { "script", "scripts/g-loss.csx", "--", "--quick", "--precision", "bf16-mixed" }, Precision.Bf16Mixed)]
    [TestCase(new[] { "train", "--precision", "nonsense" }, Precision.Fp32)]
    [TestCase(new[] { "train", "--precision" }, Precision.Fp32)]
    public void The_precision_option_is_found_anywhere(string[] args, Precision expected) =>
        Assert.That(PrecisionArgument.Find(args), Is.EqualTo(expected));

    [TestCase("bf16-mixed", Precision.Bf16Mixed)]
    [TestCase("fp32", Precision.Fp32)]
    public void A_resumed_or_evaluated_run_uses_the_precision_in_its_config(string recorded, Precision expected)
    {
        using var run = new TempDirectory();
        File.WriteAllText(run.File("config.json"), $$"""{ "name": "r", "config": { "generator": "G1", "precision": "{{recorded}}" } }""");
        Assert.That(PrecisionArgument.Find(["train", "--resume", run.Path, "--plain"]), Is.EqualTo(expected));
        Assert.That(PrecisionArgument.Find(["eval", run.Path, "--samples", "100"]), Is.EqualTo(expected));
    }

    [Test]
    public void A_run_without_a_readable_config_counts_as_fp32()
    {
        using var run = new TempDirectory();
        Assert.That(PrecisionArgument.Find(["train", "--resume", run.Path]), Is.EqualTo(Precision.Fp32));
        File.WriteAllText(run.File("config.json"), "{ not json");
        Assert.That(PrecisionArgument.Find(["train", "--resume", run.Path]), Is.EqualTo(Precision.Fp32));
    }
}
