namespace Gan.Core.Runtime;

/// <summary>
/// This process's resident memory from <c>/proc/self/status</c> (Linux): VmRSS now and VmHWM, the peak so far.
/// Null where the file or field does not exist (other operating systems).
/// </summary>
public static class ProcessMemory
{
    public static long? CurrentRssBytes() => Read("VmRSS");

    public static long? PeakRssBytes() => Read("VmHWM");

    static long? Read(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var parts = line[(field.Length + 1)..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }
}
