using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Gan.Core.Runtime;

/// <summary>
/// What the loaded LibTorch reports about its own build and choices, asked from libtorch_cpu's exported C++ functions
/// (oneDNN's own <c>dnnl_version</c> is not exported): the oneDNN version and the CPU capability ATen dispatches its
/// vectorised kernels to. <see cref="Unknown"/> where the platform does not allow asking.
/// </summary>
public static partial class LibTorchBuild
{
    public const string Unknown = "unknown";

    /// <summary>The oneDNN version, e.g. "3.7.1", from at::get_mkldnn_version().</summary>
    public static string OneDnnVersion()
    {
        var text = CallStringFunction("_ZN2at18get_mkldnn_versionB5cxx11Ev");
        var match = text is null ? null : VersionNumber().Match(text);
        return match is { Success: true } ? match.Groups[1].Value : Unknown;
    }

    /// <summary>ATen's CPU capability in use ("AVX512", "AVX2", ...), from at::get_cpu_capability(); ATEN_CPU_CAPABILITY can lower it.</summary>
    public static string CpuCapability() => CallStringFunction("_ZN2at18get_cpu_capabilityB5cxx11Ev") ?? Unknown;

    [GeneratedRegex(@"v(\d+(?:\.\d+)+)")]
    private static partial Regex VersionNumber();

    // A C++ function returning std::string by value takes a hidden pointer to the result's storage (Itanium ABI).
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr StringReturningFunction(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void OperatorDelete(IntPtr p);

    /// <summary>
    /// Calls an exported <c>std::string f()</c> of libtorch_cpu. Only on Linux x64, where LibTorch is built with
    /// libstdc++'s C++11 string (the <c>[abi:cxx11]</c> tag in the symbol name): 32 bytes, a data pointer then a
    /// length, the characters either inline after them or on the heap, which operator delete frees.
    /// </summary>
    static string? CallStringFunction(string mangledName)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        torch.get_num_threads();   // loads LibTorch if nothing has yet
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
            var text = Marshal.PtrToStringUTF8(data, checked((int)Marshal.ReadInt64(result, 8)));
            if (data != result + 16) Marshal.GetDelegateForFunctionPointer<OperatorDelete>(delete)(data);
            return text;
        }
        finally
        {
            Marshal.FreeHGlobal(result);
        }
    }
}
