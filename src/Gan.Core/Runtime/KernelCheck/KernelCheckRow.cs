using System.Text.Json.Serialization;

namespace Gan.Core.Runtime;

/// <summary>
/// One compared result: an operation (type and settings) at one input shape, one direction, where the models use it,
/// its largest absolute error against float64 and that error over its bound (<see cref="Normalised"/>; 1.0 is the
/// bound). An <see cref="Informational"/> row tests a kernel the models do not use and never decides the verdict.
/// </summary>
public sealed record KernelCheckRow(
    string Op,
    IReadOnlyList<string> Modules,
    long[] InputShape,
    string Direction,
    double Error,
    double Normalised,
    bool Informational = false)
{
    /// <summary>Within the bound; NaN fails.</summary>
    public bool Passed => Normalised <= 1;

    [JsonIgnore]
    public string Shape => $"({string.Join(",", InputShape)})";

    public string Describe() => $"{Op} {Shape} {Direction}";
}
