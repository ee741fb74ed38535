namespace Gan.Core.Sweeps;

/// <summary>Where a sweep task stands, as <c>gan sweep status</c> shows it.</summary>
public enum TaskState
{
    Pending,
    Running,
    Interrupted,
    Done,
    Failed,
}
