namespace Gan.Core.Augmentation;

/// <summary>
/// The kinds of <c>--augment</c> by the name before its first ':' (<c>diffaug</c>, <c>ada</c>); each builds its
/// augmentation from the rest of the value (null when there is none). A script registers its own kind with
/// <see cref="Register"/>, or a policy step with <see cref="DiffAugment.Register"/>.
/// </summary>
public static class AugmentRegistry
{
    sealed record Kind(string Usage, Func<string?, string, IDiscriminatorAugment> Create);

    static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        [DiffAugment.Prefix] = new("diffaug[:POLICY]", DiffAugment.FromArguments),
        [AdaptiveAugment.Prefix] = new("ada[:TARGET[:KIMG]]", AdaptiveAugment.FromArguments),
    };

    /// <summary>
    /// Makes <paramref name="kind"/> an <c>--augment</c> value, shown in errors as <paramref name="usage"/>; the factory
    /// gets the text after ':' (null without one) and the whole value (for its errors).
    /// </summary>
    public static void Register(string kind, string usage, Func<string?, string, IDiscriminatorAugment> create)
    {
        lock (Kinds) Kinds[kind] = new(usage, create);
    }

    /// <summary>The augmentation an <c>--augment</c> value asks for; null for null (none).</summary>
    public static IDiscriminatorAugment? Parse(string? spec)
    {
        if (spec is null) return null;
        var (kind, arguments) = spec.IndexOf(':') is int colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, null);
        Kind? known;
        lock (Kinds) Kinds.TryGetValue(kind, out known);
        if (known is null)
            throw new GanException($"--augment '{spec}' is not known; use {Names}");
        return known.Create(arguments, spec);
    }

    static string Names
    {
        get
        {
            lock (Kinds) return string.Join(" or ", Kinds.Keys.Order(StringComparer.Ordinal).Select(k => Kinds[k].Usage));
        }
    }
}
