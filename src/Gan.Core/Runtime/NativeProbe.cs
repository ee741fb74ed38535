using System.Runtime.InteropServices;

namespace Gan.Core.Runtime;

/// <summary>
/// Asks the native side of the process what it sees: LibTorch's build facts (oneDNN version, the CPU capability ATen
/// dispatches to) and environment variables as the C library holds them. LibTorch reads ATEN_CPU_CAPABILITY and
/// ONEDNN_MAX_CPU_ISA with getenv, and on Unix .NET keeps its own copy of the environment, so only getenv tells what
/// LibTorch saw. Every probe returns null where the platform does not allow it.
/// </summary>
static class NativeProbe
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr GetEnvFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    // A C++ function returning std::string by value takes a hidden pointer to the result's storage (Itanium ABI).
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr StringReturningFunction(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void OperatorDelete(IntPtr p);

    /// <summary>The variable as the C library's getenv returns it (null when unset); the managed environment elsewhere.</summary>
    public static string? GetEnv(string name)
    {
        if (OperatingSystem.IsWindows()) return Environment.GetEnvironmentVariable(name);
        if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "getenv", out var fn)) return Environment.GetEnvironmentVariable(name);
        var value = Marshal.GetDelegateForFunctionPointer<GetEnvFunction>(fn)(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    /// <summary>
    /// Calls an exported <c>std::string f()</c> of libtorch_cpu, e.g. <c>at::get_mkldnn_version()</c>. Only on Linux
    /// x64, where LibTorch is built with libstdc++'s C++11 string (the <c>[abi:cxx11]</c> tag in the symbol name): 32
    /// bytes, a data pointer then a length, the characters either inline after them or on the heap.
    /// </summary>
    public static string? LibTorchString(string mangledName)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", out var torchCpu)
            || !NativeLibrary.TryGetExport(torchCpu, mangledName, out var fn)
            || !NativeLibrary.TryLoad("libstdc++.so.6", out var stdcxx)
            || !NativeLibrary.TryGetExport(stdcxx, "_ZdlPv", out var delete))
            return null;
        var result = Marshal.AllocHGlobal(32);
        try
        {
            Marshal.GetDelegateForFunctionPointer<StringReturningFunction>(fn)(result);
            var data = Marshal.ReadIntPtr(result);
            var length = Marshal.ReadInt64(result, 8);
            var text = Marshal.PtrToStringUTF8(data, checked((int)length));
            if (data != result + 16) Marshal.GetDelegateForFunctionPointer<OperatorDelete>(delete)(data);
            return text;
        }
        finally
        {
            Marshal.FreeHGlobal(result);
        }
    }
}
