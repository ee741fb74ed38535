using System.Buffers.Binary;
using System.Text;

namespace Gan.Core.Tests.Support;

/// <summary>One TensorBoard event, decoded from its protobuf by hand: only the fields TensorBoard's scalar, image and text tabs read.</summary>
public sealed record TbEvent(double WallTime, long Step, string? FileVersion, IReadOnlyList<TbValue> Values);

/// <summary>A Summary.Value: its tag and one of simple_value, an image (PNG bytes, size) or a text tensor's strings.</summary>
public sealed record TbValue(string Tag, float? Simple, byte[]? Png, int ImageWidth, int ImageHeight, IReadOnlyList<string> Strings);

/// <summary>
/// Reads TensorBoard event files without TorchSharp's or Google's code: TFRecord framing (u64 length, masked CRC32C of
/// the length, payload, masked CRC32C of the payload, all little-endian) and the Event / Summary protobufs decoded
/// field by field from tensorflow/core/util/event.proto and framework/summary.proto. Every CRC is checked.
/// </summary>
public static class TfRecordReader
{
    static readonly uint[] Table = BuildTable();

    static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78).</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    /// <summary>TFRecord's mask: rotate right by 15 bits and add a constant.</summary>
    public static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8u;

    /// <summary>Every record's payload; throws on a bad CRC or a truncated record.</summary>
    public static List<byte[]> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: truncated record header at byte {at}");
            var lengthBytes = bytes.AsSpan(at, 8);
            var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes));
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)) != Masked(Crc32C(lengthBytes)))
                throw new InvalidDataException($"{path}: length CRC mismatch at byte {at}");
            if (bytes.Length - at - 12 < length + 4) throw new InvalidDataException($"{path}: truncated record at byte {at}");
            var payload = bytes.AsSpan(at + 12, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)) != Masked(Crc32C(payload)))
                throw new InvalidDataException($"{path}: payload CRC mismatch at byte {at}");
            records.Add(payload.ToArray());
            at += 12 + length + 4;
        }
        return records;
    }

    /// <summary>Every event of every event file in <paramref name="dir"/>, files in name order.</summary>
    public static List<TbEvent> ReadDirectory(string dir) =>
        Directory.GetFiles(dir, "events.out.tfevents.*").Order(StringComparer.Ordinal)
            .SelectMany(Records).Select(ParseEvent).ToList();

    static TbEvent ParseEvent(byte[] data)
    {
        double wall = 0;
        long step = 0;
        string? version = null;
        var values = new List<TbValue>();
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: wall = BitConverter.Int64BitsToDouble((long)f.Fixed); break;
                case 2: step = (long)f.Varint; break;
                case 3: version = Encoding.UTF8.GetString(f.Bytes); break;
                case 5: values.AddRange(Fields(f.Bytes).Where(v => v.Number == 1).Select(v => ParseValue(v.Bytes))); break;
            }
        }
        return new TbEvent(wall, step, version, values);
    }

    static TbValue ParseValue(byte[] data)
    {
        string tag = "";
        float? simple = null;
        byte[]? png = null;
        int width = 0, height = 0;
        var strings = new List<string>();
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: tag = Encoding.UTF8.GetString(f.Bytes); break;
                case 2: simple = BitConverter.Int32BitsToSingle((int)f.Fixed); break;
                case 4:
                    foreach (var g in Fields(f.Bytes))
                    {
                        if (g.Number == 1) height = (int)g.Varint;
                        else if (g.Number == 2) width = (int)g.Varint;
                        else if (g.Number == 4) png = g.Bytes;
                    }
                    break;
                case 8: strings.AddRange(Fields(f.Bytes).Where(g => g.Number == 8).Select(g => Encoding.UTF8.GetString(g.Bytes))); break;
            }
        }
        return new TbValue(tag, simple, png, width, height, strings);
    }

    readonly record struct Field(int Number, ulong Varint, ulong Fixed, byte[] Bytes);

    /// <summary>The fields of one protobuf message (wire types 0, 1, 2, 5).</summary>
    static IEnumerable<Field> Fields(byte[] data)
    {
        int at = 0;
        while (at < data.Length)
        {
            var key = ReadVarint(data, ref at);
            int number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0: yield return new Field(number, ReadVarint(data, ref at), 0, []); break;
                case 1: yield return new Field(number, 0, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8)), []); at += 8; break;
                case 2:
                    var n = checked((int)ReadVarint(data, ref at));
                    yield return new Field(number, 0, 0, data.AsSpan(at, n).ToArray());
                    at += n;
                    break;
                case 5: yield return new Field(number, 0, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4)), []); at += 4; break;
                default: throw new InvalidDataException($"unsupported protobuf wire type {key & 7} (field {number})");
            }
        }
    }

    static ulong ReadVarint(byte[] data, ref int at)
    {
        ulong v = 0;
        for (int shift = 0; ; shift += 7)
        {
            var b = data[at++];
            v |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
    }
}
