using System.Runtime.InteropServices;

namespace Gan.Core.Runtime;

/// <summary>
/// LibTorch's OpenMP runtime (libgomp) makes idle worker threads spin for a while by default. On a machine with few
/// cores, or one shared with other work, the spinning thread takes the core the busy one needs: with 2 threads on
/// 2 vCPUs, G1+D1 steps ran 6-7× slower and burned 7× the CPU time (gan bench, measured). PASSIVE makes idle
/// threads sleep. libgomp reads the variable once, when LibTorch loads, so this must run before any torch call.
/// </summary>
public static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE in the native environment unless the user has set it (Unix only).</summary>
    public static void PreferPassive()
    {
        if (OperatingSystem.IsWindows() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) return;
        // .NET keeps its own copy of the environment; native getenv (libgomp's) only sees what setenv writes.
        if (SetEnv(Variable, "PASSIVE", 0) == 0)
            Environment.SetEnvironmentVariable(Variable, "PASSIVE");
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
