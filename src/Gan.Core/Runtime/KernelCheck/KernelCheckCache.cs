using System.Security.Cryptography;
using System.Text;

namespace Gan.Core.Runtime;

/// <summary>
/// Passing kernel-check verdicts kept on disk, so a second run on the same machine need not check again: D2's check
/// costs 1-2 s at every start. A verdict is keyed by everything that decides it: the CPU (model, family, model number,
/// stepping and the instruction sets LibTorch dispatches on), the LibTorch and oneDNN versions, ATen's capability,
/// the thread count, the compute-path variables, the precision, every checked leaf's type, settings, shape, batch
/// sizes and directions, the loss's batch sizes, and this build of Gan.Core (its checkers and bounds). A changed key
/// checks again; a failure is never kept, so a failing kernel fails every run. <c>gan doctor</c> never reads it.
/// <c>GAN_KERNEL_CHECK_CACHE</c> names the folder (default <c>~/.cache/gan/kernel-check</c>), or <c>off</c>.
/// </summary>
public sealed class KernelCheckCache(string directory)
{
    public const string Variable = "GAN_KERNEL_CHECK_CACHE";

    public string Directory { get; } = directory;

    /// <summary>The cache <see cref="Variable"/> names, the default folder when it is unset, or null when it is <c>off</c>.</summary>
    public static KernelCheckCache? FromEnvironment()
    {
        var choice = Environment.GetEnvironmentVariable(Variable);
        if (string.Equals(choice, "off", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrEmpty(choice)) return new KernelCheckCache(choice);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".cache");
        return new KernelCheckCache(Path.Combine(root, "gan", "kernel-check"));
    }

    /// <summary>The key of a check: a SHA-256 over the canonical description of what decides its verdict.</summary>
    public static string Key(MachineInfo machine, string precision, IEnumerable<string> checks)
    {
        var text = new StringBuilder()
            .AppendLine(typeof(KernelCheckCache).Assembly.ManifestModule.ModuleVersionId.ToString())
            .AppendLine(machine.Cpu).AppendLine(CpuInfo.Identity)
            .AppendLine(string.Join(' ', machine.InstructionSets))
            .AppendLine(machine.LibTorch).AppendLine(machine.OneDnn).AppendLine(machine.AtenCpuCapability)
            .AppendLine(machine.TorchThreads.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .AppendLine(machine.ComputePathsPinned.ToString())
            .AppendLine(string.Join(' ', machine.ComputePathVariables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value ?? "(unset)"}")))
            .AppendLine(precision);
        foreach (var c in checks) text.AppendLine(c);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The passing report kept under <paramref name="key"/>, or null (none, unreadable, or not a pass).</summary>
    public KernelCheckReport? Find(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var report = Runs.Json.Read<KernelCheckReport>(path);
            return report.Passed ? report : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or GanException)
        {
            return null;
        }
    }

    /// <summary>Keeps a passing report; a cache that cannot be written is skipped, never an error of the run.</summary>
    public void Keep(string key, KernelCheckReport report)
    {
        if (!report.Passed) return;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            Runs.Json.WriteAtomic(PathOf(key), report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    string PathOf(string key) => Path.Combine(Directory, key + ".json");
}
