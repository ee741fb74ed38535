using Gan.Core.Augmentation;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Augmentation;

/// <summary>
/// ADA's controller against hand-computed p, its Bernoulli(p) application against the same draws replayed, the
/// checkpoint state, and its argument errors.
/// </summary>
public class AdaptiveAugmentTests
{
    [Test]
    public void P_moves_by_sign_of_r_minus_target_times_images_over_kimg_every_four_D_steps()
    {
        var ada = new AdaptiveAugment(target: 0.6, kimg: 1);
        // Three steps: no adjustment yet. The fourth: r = (0.9 + 0.9 + 0.9 + 0.5) / 4 = 0.8 > 0.6, so
        // p = 0 + 4 · 64 / 1000 = 0.256.
        foreach (var r in new[] { 0.9, 0.9, 0.9 }) ada.Observe(r, 64);
        Assert.That(ada.Probability, Is.EqualTo(0));
        ada.Observe(0.5, 64);
        Assert.That(ada.Probability, Is.EqualTo(0.256).Within(1e-15));
        // Below target: down by the same amount. A partial batch weighs by its size: r = (64·0.2 + 16·1) / 80 = 0.36.
        foreach (var r in new[] { 0.2, 0.2, 0.2 }) ada.Observe(r, 64);
        ada.Observe(1.0, 64);
        Assert.That(ada.Probability, Is.EqualTo(0).Within(1e-15));
        foreach (var r in new[] { 0.2, 0.2, 0.2 }) ada.Observe(r, 64);
        ada.Observe(1.0, 16);
        Assert.That(ada.Probability, Is.EqualTo(0), "clipped at 0: (0.2·192 + 16) / 208 = 0.26 < 0.6");
        var fast = new AdaptiveAugment(target: 0.1, kimg: 0.1);
        for (int i = 0; i < 40; i++) fast.Observe(1, 64);
        Assert.That(fast.Probability, Is.EqualTo(1), "clipped at 1");
    }

    [Test]
    public void Each_step_is_applied_to_the_images_its_bernoulli_p_draw_chose()
    {
        var ada = new AdaptiveAugment(target: 0.1, kimg: 0.512);
        for (int i = 0; i < 4; i++) ada.Observe(1, 64);
        Assert.That(ada.Probability, Is.EqualTo(0.5));
        using var gen0 = new TorchSharp.torch.Generator(5);
        using var x = rand([64, 1, 8, 8], generator: gen0) * 2 - 1;
        using var gen = new TorchSharp.torch.Generator(17);
        using var y = ada.Apply(x, gen);
        // Replay: each step of the default policy draws its parameters, then the mask u < p per image.
        using var twin = new TorchSharp.torch.Generator(17);
        var expected = x.clone();
        int chosen = 0;
        foreach (var step in new IAugmentation[] { new Brightness(), new Contrast(), new Translation(), new Cutout() })
        {
            using var augmented = step.Apply(expected, twin);
            var u = rand([64, 1, 1, 1], generator: twin).data<float>().ToArray();
            var next = expected.clone();
            for (int b = 0; b < 64; b++)
            {
                if (u[b] < 0.5) { next[b] = augmented[b]; chosen++; }
            }
            expected.Dispose();
            expected = next;
        }
        Assert.Multiple(() =>
        {
            Assert.That(y.equal(expected).all().item<bool>(), Is.True);
            Assert.That(chosen, Is.GreaterThan(64).And.LessThan(3 * 64), "about half of 4 × 64 image-steps");
        });
        expected.Dispose();
    }

    [Test]
    public void At_p_zero_the_images_pass_unchanged_and_nothing_is_drawn()
    {
        var ada = new AdaptiveAugment();
        using var x = ones(2, 1, 8, 8);
        using var gen = new TorchSharp.torch.Generator(3);
        using var before = gen.get_state();
        var y = ada.Apply(x, gen);
        using var after = gen.get_state();
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceEquals(y, x), Is.True);
            Assert.That(after.equal(before).all().item<bool>(), Is.True);
        });
    }

    [Test]
    public void The_captured_state_continues_the_controller_exactly()
    {
        var a = new AdaptiveAugment(0.6, 2);
        var b = new AdaptiveAugment(0.6, 2);
        for (int i = 0; i < 6; i++) a.Observe(0.9, 64);
        b.Restore(a.Capture());
        foreach (var r in new[] { 0.7, 0.1, 0.9, 0.95, 0.2 })
        {
            a.Observe(r, 64);
            b.Observe(r, 64);
        }
        Assert.That(b.Capture(), Is.EqualTo(a.Capture()));
        Assert.That(a.Probability, Is.EqualTo(2 * 4 * 64 / 2000.0).Within(1e-15), "two adjustments up, at steps 4 and 8");
    }

    [Test]
    public void The_defaults_are_adas_and_arguments_set_target_and_kimg()
    {
        var plain = (AdaptiveAugment)AugmentRegistry.Parse("ada")!;
        var target = (AdaptiveAugment)AugmentRegistry.Parse("ada:0.4")!;
        var both = (AdaptiveAugment)AugmentRegistry.Parse("ada:0.7:20")!;
        Assert.Multiple(() =>
        {
            Assert.That((plain.Target, plain.Kimg), Is.EqualTo((0.6, 500.0)));
            Assert.That((target.Target, target.Kimg), Is.EqualTo((0.4, 500.0)));
            Assert.That((both.Target, both.Kimg), Is.EqualTo((0.7, 20.0)));
            Assert.That(plain.Probability, Is.EqualTo(0), "ADA starts without augmentation");
        });
    }

    [TestCase("ada:1.5", "target 1.5 must be in (0, 1)")]
    [TestCase("ada:0", "target 0 must be in (0, 1)")]
    [TestCase("ada:high", "target 'high' is not a number")]
    [TestCase("ada:0.6:0", "kimg 0 must be positive")]
    [TestCase("ada:0.6:20:3", "use ada, ada:TARGET or ada:TARGET:KIMG")]
    public void A_bad_argument_is_a_clear_error(string spec, string mentions)
    {
        var ex = Assert.Throws<GanException>(() => AugmentRegistry.Parse(spec));
        Assert.That(ex!.Message, Does.Contain($"'{spec}'").And.Contain(mentions));
    }
}
