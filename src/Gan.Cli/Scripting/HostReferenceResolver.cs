using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Gan.Cli.Scripting;

/// <summary>
/// Resolves a script's <c>#r</c> directives to the assemblies this host already runs, so a script written for
/// dotnet-script (<c>#r "nuget: TorchSharp-cpu, 0.107.0"</c>, <c>#r "../src/Gan.Core/bin/.../Gan.Core.dll"</c>) compiles
/// offline and shares the host's one copy of TorchSharp and LibTorch instead of loading a second.
/// The version in a <c>nuget:</c> reference is what dotnet-script would restore; here the host's pinned version is used.
/// Other paths and framework names fall through to Roslyn's resolver, relative to the script's folder.
/// </summary>
public sealed class HostReferenceResolver : MetadataReferenceResolver
{
    /// <summary>NuGet package ids a script may reference, and the host assembly each one stands for.</summary>
    static readonly IReadOnlyDictionary<string, Assembly> Packages = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase)
    {
        ["TorchSharp"] = typeof(TorchSharp.torch).Assembly,
        ["TorchSharp-cpu"] = typeof(TorchSharp.torch).Assembly,
        ["TorchSharp-cuda-linux"] = typeof(TorchSharp.torch).Assembly,
        ["TorchSharp-cuda-windows"] = typeof(TorchSharp.torch).Assembly,
        ["TorchVision"] = typeof(TorchSharp.torchvision).Assembly,
        ["MathNet.Numerics"] = typeof(MathNet.Numerics.Statistics.Statistics).Assembly,
        ["SkiaSharp"] = typeof(SkiaSharp.SKBitmap).Assembly,
    };

    /// <summary>Assemblies a path reference is mapped to by file name, wherever the path points.</summary>
    static readonly IReadOnlyDictionary<string, Assembly> ByFileName = new[]
        {
            typeof(Gan.Core.GanException).Assembly,
            typeof(TorchSharp.torch).Assembly,
            typeof(TorchSharp.torchvision).Assembly,
            typeof(MathNet.Numerics.Statistics.Statistics).Assembly,
            typeof(SkiaSharp.SKBitmap).Assembly,
        }
        .ToDictionary(a => a.GetName().Name + ".dll", StringComparer.OrdinalIgnoreCase);

    readonly ScriptMetadataResolver _fallback;

    public HostReferenceResolver(string baseDirectory) =>
        _fallback = ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);

    /// <summary>Package ids a <c>nuget:</c> reference may name, for error messages.</summary>
    public static IEnumerable<string> PackageIds => Packages.Keys.Order(StringComparer.OrdinalIgnoreCase);

    public override bool ResolveMissingAssemblies => true;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (NuGetReference.TryParse(reference, out var id))
            return Packages.TryGetValue(id, out var package) ? [FromAssembly(package, properties)] : [];
        if (ByFileName.TryGetValue(Path.GetFileName(reference), out var host))
            return [FromAssembly(host, properties)];
        return _fallback.ResolveReference(reference, baseFilePath, properties);
    }

    /// <summary>A referenced assembly's own dependencies (TorchSharp behind Gan.Core) come from the host's loaded assemblies.</summary>
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => !a.IsDynamic && a.Location.Length > 0 && a.GetName().Name == referenceIdentity.Name);
        return loaded is null ? _fallback.ResolveMissingAssembly(definition, referenceIdentity) : MetadataReference.CreateFromFile(loaded.Location);
    }

    static PortableExecutableReference FromAssembly(Assembly a, MetadataReferenceProperties properties) =>
        MetadataReference.CreateFromFile(a.Location, properties);

    public override bool Equals(object? other) => other is HostReferenceResolver r && r._fallback.Equals(_fallback);

    public override int GetHashCode() => _fallback.GetHashCode();
}
