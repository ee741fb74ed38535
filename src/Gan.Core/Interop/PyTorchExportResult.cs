namespace Gan.Core.Interop;

/// <summary>Where an export wrote a run's G and D, which pair they are, and how PyTorch loads them.</summary>
public sealed record PyTorchExportResult(string GeneratorPath, string DiscriminatorPath, string PairLabel, string LoadCall);
