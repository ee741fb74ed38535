namespace Gan.Core.Sweeps;

/// <summary>
/// An exclusive lock on a file, held by this process until disposed (on Linux and macOS .NET takes an advisory
/// <c>flock</c> for <see cref="FileShare.None"/>, on Windows a share lock). The operating system drops it when the
/// process dies, so a killed task never leaves a stale lock behind.
/// </summary>
public sealed class SweepLock : IDisposable
{
    readonly FileStream _file;

    SweepLock(FileStream file) => _file = file;

    /// <summary>Waits until the lock is free.</summary>
    public static SweepLock Acquire(string path)
    {
        while (true)
        {
            if (TryAcquire(path) is { } held) return held;
            Thread.Sleep(20);
        }
    }

    /// <summary>The lock, or null when another process holds it.</summary>
    public static SweepLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new SweepLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether some process holds the lock now.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path)) return false;
        using var probe = TryAcquire(path);
        return probe is null;
    }

    public void Dispose() => _file.Dispose();
}
