using Gan.Core.Models;

namespace Gan.Core.Tests.Models;

/// <summary><see cref="ModelZoo.PairOf"/>: the one parser of --pair and --g/--d for the commands and scripts.</summary>
public class PairOfTests
{
    [Test]
    public void A_study_pair_by_name_or_by_its_models_is_the_same_preset()
    {
        Assert.That(ModelZoo.PairOf("G3-D2", null, null), Is.EqualTo(ModelZoo.Pair("g3-d2")));
        Assert.That(ModelZoo.PairOf(null, "g3", "d2"), Is.EqualTo(ModelZoo.Pair("g3-d2")));
    }

    [Test]
    public void Another_combination_is_named_as_pair_names_are() =>
        Assert.That(ModelZoo.PairOf(null, "G2", "D1"), Is.EqualTo(ModelZoo.Pair("g2-d1")));

    [Test]
    public void Nothing_given_is_null() => Assert.That(ModelZoo.PairOf(null, null, null), Is.Null);

    [TestCase("g1-d1", "G1", null, "not both")]
    [TestCase(null, "G3", null, "--g and --d go together")]
    [TestCase(null, null, "D2", "--g and --d go together")]
    [TestCase(null, "G9", "D1", "G9")]
    public void Bad_combinations_are_one_line_errors(string? pair, string? g, string? d, string expected) =>
        Assert.That(() => ModelZoo.PairOf(pair, g, d), Throws.TypeOf<GanException>().With.Message.Contains(expected));
}
