using System.Globalization;
using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>
/// ADA (Karras et al., 2020): each augmentation of DiffAugment's grayscale policy (brightness, contrast, translation,
/// cutout) is applied to each image D sees with probability p, and p follows D's overfitting signal
/// r = E[sign(D(x_real))]: every <see cref="Interval"/> D steps, p ← clip(p + sign(r − target) · N / (KIMG · 1000), 0, 1),
/// with r and N the mean sign and the count of the reals since the last adjustment, so p can cross [0, 1] in KIMG
/// thousand reals. <c>--augment ada</c> is ADA's target 0.6 and 500 kimg; <c>ada:0.6:20</c> adapts 25 times as fast.
/// ADA's pipeline has 18 transformations for colour photographs; these four are its grayscale 28 × 28 share, the same
/// differentiable ones DiffAugment uses, so the only difference from <c>diffaug</c> is p.
/// </summary>
public sealed class AdaptiveAugment : IDiscriminatorAugment
{
    public const string Prefix = "ada";
    public const double DefaultTarget = 0.6;
    public const double DefaultKimg = 500;
    /// <summary>D steps between adjustments of p, as in ADA's reference code.</summary>
    public const int Interval = 4;

    readonly IReadOnlyList<IAugmentation> _steps;
    double _signSum;
    long _images;
    int _sinceAdjust;

    public double Target { get; }
    public double Kimg { get; }
    public double Probability { get; private set; }

    public AdaptiveAugment(double target = DefaultTarget, double kimg = DefaultKimg)
    {
        Target = target;
        Kimg = kimg;
        _steps = DiffAugment.PolicySteps(DiffAugment.DefaultPolicy, Prefix);
    }

    /// <summary><c>ada</c>, <c>ada:TARGET</c> or <c>ada:TARGET:KIMG</c>; <paramref name="spec"/> is the whole value, for errors.</summary>
    internal static AdaptiveAugment FromArguments(string? arguments, string spec)
    {
        var parts = arguments?.Split(':') ?? [];
        if (parts.Length > 2)
            throw new GanException($"--augment '{spec}': use ada, ada:TARGET or ada:TARGET:KIMG (e.g. ada:0.6:500)");
        double target = parts.Length > 0 ? Number(parts[0], "target", spec) : DefaultTarget;
        double kimg = parts.Length > 1 ? Number(parts[1], "kimg", spec) : DefaultKimg;
        if (!(target > 0 && target < 1))
            throw new GanException($"--augment '{spec}': target {target} must be in (0, 1), the share of reals D should score positive beyond chance (ADA's 0.6)");
        if (!(kimg > 0) || double.IsInfinity(kimg))
            throw new GanException($"--augment '{spec}': kimg {kimg} must be positive, the thousands of reals over which p may go from 0 to 1 (ADA's 500)");
        return new AdaptiveAugment(target, kimg);
    }

    static double Number(string text, string what, string spec) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new GanException($"--augment '{spec}': {what} '{text}' is not a number");

    /// <summary>
    /// Each step applied to the images of a Bernoulli(p) mask drawn per image and step; the images themselves while p
    /// is 0, drawing nothing.
    /// </summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        if (Probability <= 0) return images;
        var x = images;
        foreach (var step in _steps)
        {
            using var scope = NewDisposeScope();
            var augmented = step.Apply(x, generator);
            var chosen = rand([x.shape[0], 1, 1, 1], generator: generator).lt(Probability).to(x.device);
            var next = where(chosen, augmented, x).MoveToOuterDisposeScope();
            if (!ReferenceEquals(x, images)) x.Dispose();
            x = next;
        }
        return x;
    }

    public void Observe(double realSign, long images)
    {
        _signSum += realSign * images;
        _images += images;
        if (++_sinceAdjust < Interval) return;
        double r = _signSum / _images;
        Probability = Math.Clamp(Probability + Math.Sign(r - Target) * _images / (Kimg * 1000), 0, 1);
        _signSum = 0;
        _images = 0;
        _sinceAdjust = 0;
    }

    public AugmentState Capture() => new(Probability, _signSum, _images, _sinceAdjust);

    public void Restore(AugmentState state)
    {
        Probability = state.P;
        _signSum = state.SignSum;
        _images = state.Images;
        _sinceAdjust = state.Steps;
    }
}
