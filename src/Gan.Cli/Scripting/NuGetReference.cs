namespace Gan.Cli.Scripting;

/// <summary>The dotnet-script form <c>#r "nuget: Id, Version"</c> (the version is optional).</summary>
public static class NuGetReference
{
    public static bool TryParse(string reference, out string packageId)
    {
        packageId = "";
        if (!reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) return false;
        packageId = reference["nuget:".Length..].Split(',')[0].Trim();
        return packageId.Length > 0;
    }
}
