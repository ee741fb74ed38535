using static TorchSharp.torch;

namespace Gan.Core.Augmentation;

/// <summary>
/// DiffAugment (Zhao et al., 2020): the same random differentiable augmentations applied to every image D sees, real
/// and fake, in the D step and the G step, so D cannot tell the two apart by them and G's gradients pass through
/// them. A policy is a list of augmentations applied in its order, each drawing its own parameters per image:
/// <c>--augment diffaug</c> is DiffAugment's "color,translation,cutout" for grayscale (color = brightness then
/// contrast; saturation does nothing to one channel); <c>--augment diffaug:translation,cutout</c> names its own.
/// An augmentation registered with <see cref="Register"/> is a policy name too.
/// </summary>
public sealed class DiffAugment : IDiscriminatorAugment
{
    public const string Prefix = "diffaug";
    public const string DefaultPolicy = "color,translation,cutout";

    static readonly Dictionary<string, Func<IAugmentation[]>> Named = new(StringComparer.Ordinal)
    {
        ["brightness"] = () => [new Brightness()],
        ["contrast"] = () => [new Contrast()],
        ["color"] = () => [new Brightness(), new Contrast()],
        ["translation"] = () => [new Translation()],
        ["cutout"] = () => [new Cutout()],
    };

    public IReadOnlyList<IAugmentation> Steps { get; }

    DiffAugment(IReadOnlyList<IAugmentation> steps) => Steps = steps;

    /// <summary>Makes <paramref name="name"/> a policy name (a script's own augmentation).</summary>
    public static void Register(string name, Func<IAugmentation> create)
    {
        lock (Named) Named[name] = () => [create()];
    }

    /// <summary><c>diffaug</c> (the default policy) or <c>diffaug:P1,P2,…</c>; <paramref name="spec"/> is the whole value, for errors.</summary>
    internal static DiffAugment FromArguments(string? policy, string spec) => new(PolicySteps(policy ?? DefaultPolicy, spec));

    /// <summary>The augmentations a policy names, in order (',' or '+' separates them).</summary>
    internal static List<IAugmentation> PolicySteps(string policy, string spec)
    {
        var steps = new List<IAugmentation>();
        foreach (var name in policy.Split([',', '+'], StringSplitOptions.TrimEntries))
        {
            Func<IAugmentation[]>? create;
            lock (Named) Named.TryGetValue(name, out create);
            if (create is null)
                throw new GanException($"--augment '{spec}': unknown policy '{name}'; policies: {Names}");
            steps.AddRange(create());
        }
        return steps;
    }

    static string Names
    {
        get
        {
            lock (Named) return string.Join(", ", Named.Keys.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Always 1: DiffAugment applies every step of its policy to every image.</summary>
    public double Probability => 1;

    /// <summary>The policy's augmentations in order, each drawing from <paramref name="generator"/>.</summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        var x = images;
        foreach (var step in Steps)
        {
            var next = step.Apply(x, generator);
            if (!ReferenceEquals(x, images)) x.Dispose();
            x = next;
        }
        return x;
    }

    public void Observe(double realSign, long images) { }

    public AugmentState Capture() => new(1, 0, 0, 0);

    public void Restore(AugmentState state) { }
}
