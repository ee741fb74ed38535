using System.Buffers.Binary;
using System.IO.Compression;

namespace Gan.Core.Data;

/// <summary>A malformed IDX file: the message names the file and the problem.</summary>
public sealed class IdxFormatException(string path, string problem)
    : GanException($"{path}: {problem}")
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}

/// <summary>Images of an IDX3 file: <c>Count</c> images of <c>Rows</c>×<c>Cols</c> uint8 pixels, row-major.</summary>
public sealed record IdxImages(byte[] Pixels, int Count, int Rows, int Cols);

/// <summary>
/// Reads the IDX format of LeCun's MNIST files (big-endian header, uint8 payload), raw or gzip-compressed
/// (detected from the gzip magic bytes, not the file name).
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 2051;
    public const int LabelsMagic = 2049;

    public static IdxImages ReadImages(string path, int expectedRows = 28, int expectedCols = 28)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 16)
            throw new IdxFormatException(path, $"truncated: {bytes.Length} bytes is shorter than the 16-byte IDX image header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != ImagesMagic)
            throw new IdxFormatException(path, $"bad magic number {magic} (an IDX image file starts with {ImagesMagic}); is this a label file or not IDX at all?");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (count < 0)
            throw new IdxFormatException(path, $"negative image count {count} in the header");
        if (rows != expectedRows || cols != expectedCols)
            throw new IdxFormatException(path, $"wrong image dims {rows}x{cols}; expected {expectedRows}x{expectedCols} (MNIST's layout): use MNIST-layout files");
        long expected = 16L + (long)count * rows * cols;
        if (bytes.Length < expected)
            throw new IdxFormatException(path, $"truncated: header promises {count} images ({expected} bytes) but the file has {bytes.Length} bytes; download or copy the file again");
        if (bytes.Length > expected)
            throw new IdxFormatException(path, $"{bytes.Length - expected} trailing bytes after {count} images; the file is not a valid IDX image file");
        return new IdxImages(bytes[16..(int)expected], count, rows, cols);
    }

    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 8)
            throw new IdxFormatException(path, $"truncated: {bytes.Length} bytes is shorter than the 8-byte IDX label header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != LabelsMagic)
            throw new IdxFormatException(path, $"bad magic number {magic} (an IDX label file starts with {LabelsMagic}); is this an image file or not IDX at all?");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count < 0)
            throw new IdxFormatException(path, $"negative label count {count} in the header");
        long expected = 8L + count;
        if (bytes.Length < expected)
            throw new IdxFormatException(path, $"truncated: header promises {count} labels but the file has {bytes.Length - 8}; download or copy the file again");
        if (bytes.Length > expected)
            throw new IdxFormatException(path, $"{bytes.Length - expected} trailing bytes after {count} labels; the file is not a valid IDX label file");
        var labels = bytes[8..(int)expected];
        int bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0)
            throw new IdxFormatException(path, $"label {labels[bad]} at index {bad} is outside 0..9");
        return labels;
    }

    /// <summary>Reads the whole file, decompressing gzip; a damaged gzip stream is reported as truncated.</summary>
    static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
            throw new GanException($"{path}: file not found");
        byte[] raw;
        try { raw = File.ReadAllBytes(path); }
        catch (IOException e) { throw new GanException($"{path}: cannot read ({e.Message})"); }
        catch (UnauthorizedAccessException) { throw new GanException($"{path}: permission denied"); }
        if (raw.Length == 0)
            throw new IdxFormatException(path, "empty file (0 bytes); delete it and download the data set again");
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
            return raw;
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, $"truncated or corrupt gzip stream ({e.Message.TrimEnd('.')}); download the file again");
        }
        catch (EndOfStreamException)
        {
            throw new IdxFormatException(path, "truncated gzip stream; download the file again");
        }
    }
}
