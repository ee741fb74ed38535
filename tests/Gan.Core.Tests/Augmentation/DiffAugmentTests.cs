using Gan.Core.Augmentation;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Augmentation;

/// <summary>
/// Each DiffAugment policy against a hand computation from the same draws (a twin generator replays them), gradients
/// through it, and the policy parser's errors.
/// </summary>
public class DiffAugmentTests
{
    const ulong Seed = 17;

    static Tensor Images(long n = 3, long h = 8, long w = 8)
    {
        using var gen = new TorchSharp.torch.Generator(5);
        return rand([n, 1, h, w], generator: gen) * 2 - 1;
    }

    static float[,,] Plain(Tensor x)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        var a = new float[n, h, w];
        var flat = x.detach().contiguous().data<float>().ToArray();
        for (long b = 0; b < n; b++) for (long i = 0; i < h; i++) for (long j = 0; j < w; j++) a[b, i, j] = flat[(b * h + i) * w + j];
        return a;
    }

    static void AssertEqual(Tensor actual, float[,,] expected, float tolerance = 1e-6f)
    {
        var got = Plain(actual);
        for (int b = 0; b < expected.GetLength(0); b++)
            for (int i = 0; i < expected.GetLength(1); i++)
                for (int j = 0; j < expected.GetLength(2); j++)
                    Assert.That(got[b, i, j], Is.EqualTo(expected[b, i, j]).Within(tolerance), $"image {b} pixel ({i},{j})");
    }

    [Test]
    public void Brightness_adds_u_minus_a_half_per_image()
    {
        using var x = Images();
        using var gen = new TorchSharp.torch.Generator(Seed);
        using var y = new Brightness().Apply(x, gen);
        using var twin = new TorchSharp.torch.Generator(Seed);
        var u = rand([3, 1, 1, 1], generator: twin).data<float>().ToArray();
        var a = Plain(x);
        var expected = new float[3, 8, 8];
        for (int b = 0; b < 3; b++) for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) expected[b, i, j] = a[b, i, j] + (u[b] - 0.5f);
        AssertEqual(y, expected);
    }

    [Test]
    public void Contrast_scales_about_each_images_mean_by_u_plus_a_half()
    {
        using var x = Images();
        using var gen = new TorchSharp.torch.Generator(Seed);
        using var y = new Contrast().Apply(x, gen);
        using var twin = new TorchSharp.torch.Generator(Seed);
        var u = rand([3, 1, 1, 1], generator: twin).data<float>().ToArray();
        var a = Plain(x);
        var expected = new float[3, 8, 8];
        for (int b = 0; b < 3; b++)
        {
            double mean = 0;
            for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) mean += a[b, i, j];
            mean /= 64;
            for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) expected[b, i, j] = (float)((a[b, i, j] - mean) * (u[b] + 0.5) + mean);
        }
        AssertEqual(y, expected, 1e-5f);
    }

    [Test]
    public void Translation_shifts_each_image_by_up_to_an_eighth_and_fills_with_zeros()
    {
        // 16 × 16: shifts of up to ⌊16/8 + 0.5⌋ = 2 pixels each way.
        using var x = Images(4, 16, 16);
        using var gen = new TorchSharp.torch.Generator(Seed);
        using var y = new Translation().Apply(x, gen);
        using var twin = new TorchSharp.torch.Generator(Seed);
        var ti = randint(-2, 3, [4, 1, 1], generator: twin).data<long>().ToArray();
        var tj = randint(-2, 3, [4, 1, 1], generator: twin).data<long>().ToArray();
        var a = Plain(x);
        var expected = new float[4, 16, 16];
        for (int b = 0; b < 4; b++)
            for (int i = 0; i < 16; i++)
                for (int j = 0; j < 16; j++)
                {
                    long si = i + ti[b], sj = j + tj[b];
                    expected[b, i, j] = si is >= 0 and < 16 && sj is >= 0 and < 16 ? a[b, si, sj] : 0f;
                }
        AssertEqual(y, expected, 0f);
        Assert.That(ti.Concat(tj).Any(t => t != 0), Is.True, "some image moved");
    }

    [Test]
    public void Cutout_zeroes_a_half_size_square_per_image()
    {
        using var x = Images(4, 8, 8);
        using var gen = new TorchSharp.torch.Generator(Seed);
        using var y = new Cutout().Apply(x, gen);
        using var twin = new TorchSharp.torch.Generator(Seed);
        // A 4 × 4 square (half of 8, even): centres 0 … 8, rows o − 2 … o + 1.
        var oi = randint(0, 9, [4, 1, 1], generator: twin).data<long>().ToArray();
        var oj = randint(0, 9, [4, 1, 1], generator: twin).data<long>().ToArray();
        var a = Plain(x);
        var expected = new float[4, 8, 8];
        for (int b = 0; b < 4; b++)
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++)
                    expected[b, i, j] = i >= oi[b] - 2 && i <= oi[b] + 1 && j >= oj[b] - 2 && j <= oj[b] + 1 ? 0f : a[b, i, j];
        AssertEqual(y, expected, 0f);
    }

    [Test]
    public void Gradients_flow_through_the_policy_as_the_formulas_say()
    {
        using var x0 = Images(4, 16, 16);
        using var x = x0.detach().requires_grad_(true);
        using var gen = new TorchSharp.torch.Generator(Seed);
        var policy = (DiffAugment)AugmentRegistry.Parse("diffaug:brightness,cutout")!;
        using var y = policy.Apply(x, gen);
        y.sum().backward();
        // d/dx of Σ cutout(x + b) is the cutout mask: 1 outside the square, 0 inside, so it equals y's zero pattern
        // wherever x + b is not itself 0.
        using var twin = new TorchSharp.torch.Generator(Seed);
        using var shifted = new Brightness().Apply(x0, twin);
        using var mask = new Cutout().Apply(ones_like(x0), twin);
        Assert.Multiple(() =>
        {
            Assert.That(x.grad!.eq(mask).all().item<bool>(), Is.True);
            Assert.That(mask.sum().item<float>(), Is.LessThan(4 * 256).And.GreaterThan(0));
            Assert.That(shifted.mul(mask).eq(y).all().item<bool>(), Is.True, "the policy is its steps in order");
        });
    }

    [Test]
    public void The_default_policy_is_color_translation_cutout()
    {
        static IEnumerable<string> Steps(string spec) => ((DiffAugment)AugmentRegistry.Parse(spec)!).Steps.Select(s => s.Name);
        Assert.That(Steps("diffaug"), Is.EqualTo(new[] { "brightness", "contrast", "translation", "cutout" }));
        Assert.That(Steps("diffaug:translation+cutout"), Is.EqualTo(new[] { "translation", "cutout" }));
        Assert.That(AugmentRegistry.Parse(null), Is.Null);
    }

    [TestCase("diffaug:rotate", "unknown policy 'rotate'")]
    [TestCase("diffaug:", "unknown policy ''")]
    public void A_bad_policy_is_a_clear_error(string spec, string mentions)
    {
        var ex = Assert.Throws<GanException>(() => AugmentRegistry.Parse(spec));
        Assert.That(ex!.Message, Does.Contain(mentions).And.Contain("translation"));
    }

    [TestCase("rotate")]
    [TestCase("diffaugment:color")]
    public void An_unknown_kind_names_the_known_ones(string spec)
    {
        var ex = Assert.Throws<GanException>(() => AugmentRegistry.Parse(spec));
        Assert.That(ex!.Message, Does.Contain($"'{spec}'").And.Contain("diffaug[:POLICY]").And.Contain("ada[:TARGET[:KIMG]]"));
    }
}
