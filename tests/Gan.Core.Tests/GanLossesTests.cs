using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests;

/// <summary>
/// The losses on float32 probabilities, against values worked out by hand with natural logs
/// (ln 0.9 = −0.1053605, ln 0.6 = −0.5108256, ln 0.8 = −0.2231436, ln 0.5 = −0.6931472, ln 0.2 = −1.6094379).
/// </summary>
public class GanLossesTests
{
    static float Value(Tensor loss)
    {
        Assert.That(loss.shape, Is.Empty, "a loss is a scalar");
        return loss.item<float>();
    }

    static Tensor P(params float[] p) => tensor(p);

    [Test]
    public void Discriminator_loss_is_BCE_real_1_plus_BCE_fake_0()
    {
        // (0.1053605 + 0.5108256)/2 + (0.2231436 + 0.6931472)/2 = 0.3080931 + 0.4581454
        Assert.That(Value(GanLosses.Discriminator(P(0.9f, 0.6f), P(0.2f, 0.5f))), Is.EqualTo(0.7662384).Within(1e-6));
    }

    [Test]
    public void Discriminator_loss_at_the_equilibrium_is_2_ln_2()
    {
        Assert.That(Value(GanLosses.Discriminator(P(0.5f, 0.5f), P(0.5f))), Is.EqualTo(1.3862944).Within(1e-6));
    }

    [Test]
    public void Non_saturating_loss_is_minus_mean_log_D_of_fake()
    {
        // (1.6094379 + 0.6931472)/2
        Assert.That(Value(GanLosses.GeneratorNonSaturating(P(0.2f, 0.5f))), Is.EqualTo(1.1512925).Within(1e-6));
        Assert.That(Value(GanLosses.Generator(GeneratorLoss.NonSaturating, P(0.5f))), Is.EqualTo(0.6931472).Within(1e-6));
    }

    [Test]
    public void Minimax_loss_is_mean_log_of_1_minus_D_of_fake_and_negative()
    {
        // (−0.2231436 − 0.6931472)/2: the sign is the G objective's, not BCE's.
        Assert.That(Value(GanLosses.GeneratorMinimax(P(0.2f, 0.5f))), Is.EqualTo(-0.4581454).Within(1e-6));
        Assert.That(Value(GanLosses.Generator(GeneratorLoss.Minimax, P(0.5f))), Is.EqualTo(-0.6931472).Within(1e-6));
    }

    [Test]
    public void Both_generator_losses_fall_as_D_is_fooled_more()
    {
        Assert.That(Value(GanLosses.GeneratorMinimax(P(0.3f))), Is.LessThan(Value(GanLosses.GeneratorMinimax(P(0.2f)))));
        Assert.That(Value(GanLosses.GeneratorNonSaturating(P(0.3f))), Is.LessThan(Value(GanLosses.GeneratorNonSaturating(P(0.2f)))));
    }

    [Test]
    public void Non_saturating_loss_is_clamped_at_100_when_D_is_certain()
    {
        // BCE clamps log 0 at −100, as PyTorch's BCELoss does.
        Assert.That(Value(GanLosses.GeneratorNonSaturating(P(0f, 0f))), Is.EqualTo(100).Within(1e-6));
        // (100 + 0.6931472)/2 = 50.3465736; float32's spacing at 50 is 3.8e-6, so the tolerance is one spacing.
        Assert.That(Value(GanLosses.GeneratorNonSaturating(P(0f, 0.5f))), Is.EqualTo(50.3465736).Within(4e-6));
    }

    [Test]
    public void Minimax_loss_is_clamped_at_minus_100_and_is_0_when_D_is_certain()
    {
        Assert.That(Value(GanLosses.GeneratorMinimax(P(1f))), Is.EqualTo(-100).Within(1e-6));
        Assert.That(Value(GanLosses.GeneratorMinimax(P(0f))), Is.EqualTo(0).Within(1e-6));
    }

    [Test]
    public void Discriminator_loss_is_clamped_at_100_per_term()
    {
        Assert.That(Value(GanLosses.Discriminator(P(0f), P(1f))), Is.EqualTo(200).Within(1e-6));
        Assert.That(Value(GanLosses.Discriminator(P(1f), P(0f))), Is.EqualTo(0).Within(1e-6));
    }

    /// <summary>Why the minimax loss saturates: its gradient at D(G(z)) = 0.01 is −1/(1−0.01), the non-saturating one's −1/0.01.</summary>
    [Test]
    public void Gradients_show_the_minimax_loss_saturating()
    {
        static float Grad(Func<Tensor, Tensor> loss)
        {
            using var d = tensor(new[] { 0.01f }, requires_grad: true);
            using var l = loss(d);
            l.backward();
            return d.grad!.item<float>();
        }
        Assert.That(Grad(GanLosses.GeneratorNonSaturating), Is.EqualTo(-100).Within(1e-4));
        Assert.That(Grad(GanLosses.GeneratorMinimax), Is.EqualTo(-1.0101010).Within(1e-6));
    }

    [TestCase("non-saturating", GeneratorLoss.NonSaturating)]
    [TestCase("minimax", GeneratorLoss.Minimax)]
    [TestCase("MINIMAX", GeneratorLoss.Minimax)]
    public void Loss_names_parse_and_round_trip(string name, GeneratorLoss kind)
    {
        Assert.That(GanLosses.ParseGeneratorLoss(name), Is.EqualTo(kind));
        Assert.That(GanLosses.ParseGeneratorLoss(kind.Name()), Is.EqualTo(kind));
    }

    [Test]
    public void Unknown_loss_name_is_a_one_line_error()
    {
        var e = Assert.Throws<GanException>(() => GanLosses.ParseGeneratorLoss("wasserstein"))!;
        Assert.That(e.Message, Does.Contain("'wasserstein'").And.Contain("non-saturating or minimax"));
    }
}
