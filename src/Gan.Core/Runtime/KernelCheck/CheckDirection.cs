namespace Gan.Core.Runtime;

/// <summary>What a kernel check row compares: the forward output or the gradient with respect to one input.</summary>
public static class CheckDirection
{
    public const string Forward = "forward";
    public const string GradInput = "grad input";

    /// <summary>"grad weight", "grad bias", or the gradient of any other parameter by its name.</summary>
    public static string Grad(string parameter) => $"grad {parameter}";
}
