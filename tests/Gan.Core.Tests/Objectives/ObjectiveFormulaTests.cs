using Gan.Core.Objectives;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Objectives;

/// <summary>
/// Every registered objective's two losses on D's raw scores, real (2, −1) and fake (0.5, −3), against values worked
/// out by hand in float64 with softplus(s) = ln(1 + eˢ), since −ln σ(s) = softplus(−s) and −ln(1 − σ(s)) = softplus(s):
/// softplus(−2) = 0.1269280, softplus(1) = 1.3132617, softplus(0.5) = 0.9740770, softplus(−3) = 0.0485874,
/// softplus(−0.5) = 0.4740770, softplus(3) = 3.0485874. The tolerance is about ten float32 spacings at these magnitudes.
/// </summary>
public class ObjectiveFormulaTests
{
    const double Tolerance = 1e-5;
    static readonly float[] Real = [2f, -1f];
    static readonly float[] Fake = [0.5f, -3f];

    static double D(IGanObjective o) => Value(o.DiscriminatorLoss(tensor(Real), tensor(Fake)));
    static double G(IGanObjective o) => Value(o.GeneratorLoss(tensor(Fake), o.GeneratorLossUsesReal ? tensor(Real) : null));

    static double Value(Tensor loss)
    {
        using (loss)
        {
            Assert.That(loss.shape, Is.Empty, "a loss is a scalar");
            return loss.item<float>();
        }
    }

    [Test]
    public void Bce_is_the_studys_BCE_on_the_sigmoid_with_the_non_saturating_G_loss()
    {
        var o = ObjectiveRegistry.Create("bce");
        // D: (0.1269280 + 1.3132617)/2 + (0.9740770 + 0.0485874)/2; G: (0.4740770 + 3.0485874)/2
        Assert.That(D(o), Is.EqualTo(1.2314270).Within(Tolerance));
        Assert.That(G(o), Is.EqualTo(1.7613322).Within(Tolerance));
    }

    [Test]
    public void Bce_minimax_has_the_same_D_loss_and_G_loss_mean_log_of_1_minus_D()
    {
        var o = ObjectiveRegistry.Create("bce-minimax");
        Assert.That(D(o), Is.EqualTo(1.2314270).Within(Tolerance));
        // −(0.9740770 + 0.0485874)/2: the sign is the G objective's, not BCE's.
        Assert.That(G(o), Is.EqualTo(-0.5113322).Within(Tolerance));
    }

    [Test]
    public void Lsgan_is_half_the_mean_squared_distance_to_the_targets()
    {
        var o = ObjectiveRegistry.Create("lsgan");
        // D: ½·((2−1)² + (−1−1)²)/2 + ½·(0.5² + 3²)/2 = 1.25 + 2.3125; G: ½·((0.5−1)² + (−3−1)²)/2
        Assert.That(D(o), Is.EqualTo(3.5625).Within(Tolerance));
        Assert.That(G(o), Is.EqualTo(4.0625).Within(Tolerance));
    }

    [Test]
    public void Hinge_penalises_scores_inside_the_margin()
    {
        var o = ObjectiveRegistry.Create("hinge");
        // D: (relu(1−2) + relu(1+1))/2 + (relu(1+0.5) + relu(1−3))/2 = 1 + 0.75; G: −(0.5 − 3)/2
        Assert.That(D(o), Is.EqualTo(1.75).Within(Tolerance));
        Assert.That(G(o), Is.EqualTo(1.25).Within(Tolerance));
    }

    [Test]
    public void Wgan_gp_critic_loss_is_the_mean_fake_minus_the_mean_real_score()
    {
        var o = ObjectiveRegistry.Create("wgan-gp");
        // D: −1.25 − 0.5 (the gradient penalty is a separate term); G: 1.25
        Assert.That(D(o), Is.EqualTo(-1.75).Within(Tolerance));
        Assert.That(G(o), Is.EqualTo(1.25).Within(Tolerance));
        Assert.That(o.Penalties.Select(p => p.Column), Is.EqualTo(new[] { "gp" }));
        Assert.That(((GradientPenalty)o.Penalties[0]).Weight, Is.EqualTo(10), "λ = 10 by default");
        Assert.That(((GradientPenalty)ObjectiveRegistry.Create("wgan-gp:2.5").Penalties[0]).Weight, Is.EqualTo(2.5));
    }

    [Test]
    public void Rasgan_compares_each_score_with_the_other_sides_mean()
    {
        var o = ObjectiveRegistry.Create("rasgan");
        Assert.That(o.GeneratorLossUsesReal, Is.True);
        // mean real 0.5, mean fake −1.25: real − mean fake = (3.25, 0.25), fake − mean real = (0, −3.5).
        // D: (softplus(−3.25) + softplus(−0.25))/2 + (softplus(0) + softplus(−3.5))/2
        Assert.That(D(o), Is.EqualTo(0.6684392).Within(Tolerance));
        // G, labels swapped: (softplus(0) + softplus(3.5))/2 + (softplus(3.25) + softplus(0.25))/2
        Assert.That(G(o), Is.EqualTo(4.1684392).Within(Tolerance));
    }

    [Test]
    public void One_sided_label_smoothing_moves_only_the_real_target()
    {
        // BCE with target 0.9 adds 0.1·mean(real score) to the real term: 1.2314270 + 0.1·0.5.
        Assert.That(D(ObjectiveRegistry.Create("bce", realLabel: 0.9)), Is.EqualTo(1.2814270).Within(Tolerance));
        Assert.That(G(ObjectiveRegistry.Create("bce", realLabel: 0.9)), Is.EqualTo(1.7613322).Within(Tolerance), "G's target stays 1");
        // LSGAN: ½·((2−0.9)² + (−1−0.9)²)/2 + 2.3125
        Assert.That(D(ObjectiveRegistry.Create("lsgan", realLabel: 0.9)), Is.EqualTo(3.5175).Within(Tolerance));
    }

    [Test]
    public void Bce_keeps_the_clamp_at_100_when_D_is_certain()
    {
        // σ(−200) is 0 in float32, so log 0 is clamped at −100 as PyTorch's BCELoss does.
        var o = ObjectiveRegistry.Create("bce");
        Assert.That(Value(o.GeneratorLoss(tensor(new[] { -200f }), null)), Is.EqualTo(100).Within(1e-6));
        Assert.That(Value(o.DiscriminatorLoss(tensor(new[] { -200f }), tensor(new[] { 200f }))), Is.EqualTo(200).Within(1e-6));
    }

    [Test]
    public void Every_registered_objective_is_tested_here()
    {
        Assert.That(ObjectiveRegistry.Names, Is.EquivalentTo(new[] { "bce", "bce-minimax", "lsgan", "hinge", "wgan-gp", "rasgan" }));
        Assert.That(ObjectiveRegistry.Names.Select(n => ObjectiveRegistry.Create(n).Name), Is.EqualTo(ObjectiveRegistry.Names));
    }

    [TestCase("non-saturating", "bce")]
    [TestCase("NS", "bce")]
    [TestCase("minimax", "bce-minimax")]
    [TestCase("mm", "bce-minimax")]
    public void The_older_g_loss_names_map_to_objectives(string gLoss, string objective) =>
        Assert.That(ObjectiveRegistry.FromGeneratorLoss(gLoss), Is.EqualTo(objective));

    [TestCase("wasserstein", "unknown objective 'wasserstein'")]
    [TestCase("hinge:1", "objective hinge takes no number")]
    [TestCase("wgan-gp:-1", "'-1' is not a non-negative number")]
    [TestCase("wgan-gp:1:2", "is not NAME or NAME:NUMBER")]
    public void Bad_objective_is_a_one_line_error(string spec, string expected)
    {
        var e = Assert.Throws<GanException>(() => ObjectiveRegistry.Create(spec))!;
        Assert.That(e.Message, Does.Contain(expected).And.Not.Contain('\n'));
    }

    [Test]
    public void Label_smoothing_is_refused_where_there_is_no_real_label()
    {
        var e = Assert.Throws<GanException>(() => ObjectiveRegistry.Create("hinge", realLabel: 0.9))!;
        Assert.That(e.Message, Does.Contain("label smoothing 0.9").And.Contain("hinge"));
    }

    [Test]
    public void Registering_a_taken_name_is_refused()
    {
        var e = Assert.Throws<GanException>(() => ObjectiveRegistry.Register("hinge", "again", _ => new Hinge()))!;
        Assert.That(e.Message, Does.Contain("'hinge' is registered already"));
    }
}
