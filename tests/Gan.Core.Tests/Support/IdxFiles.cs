using System.Buffers.Binary;
using System.IO.Compression;

namespace Gan.Core.Tests.Support;

/// <summary>Builds IDX files byte by byte (big-endian header, uint8 payload) and writes them raw or gzip-compressed.</summary>
public static class IdxFiles
{
    public static byte[] Images(int count, int rows = 28, int cols = 28, int magic = 2051, Func<int, byte>? pixel = null, int? headerCount = null)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), headerCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = pixel?.Invoke(i - 16) ?? (byte)((i * 7) % 256);
        return bytes;
    }

    public static byte[] Labels(int count, int magic = 2049, int? headerCount = null)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), headerCount ?? count);
        for (int i = 0; i < count; i++) bytes[8 + i] = (byte)(i % 10);
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(raw);
        return output.ToArray();
    }

    /// <summary>Writes <paramref name="raw"/> to <paramref name="path"/>, gzip-compressed when <paramref name="gz"/> (the name gets ".gz").</summary>
    public static string Write(string path, byte[] raw, bool gz)
    {
        if (gz) path += ".gz";
        File.WriteAllBytes(path, gz ? Gzip(raw) : raw);
        return path;
    }
}
