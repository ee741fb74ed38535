namespace Gan.Core.Sweeps;

/// <summary>What each array task asks Slurm for (sbatch's --time, --mem, --cpus-per-task, and optionally --partition).</summary>
public sealed record SlurmResources(string Time, string Memory, int Cpus, string? Partition)
{
    public const string DefaultTime = "04:00:00";
    public const string DefaultMemory = "4G";
    public const int DefaultCpus = 2;
}
