using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gan.Core.Runs;

/// <summary>The one JSON style of run directories: camelCase, indented, enums as kebab-case strings.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes JSON to a temporary name, flushes it to disk and renames it, so readers never see half a file.</summary>
    public static void WriteAtomic<T>(string path, T value) => AtomicFile.WriteAllText(path, Serialize(value) + "\n");

    public static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                ?? throw new GanException($"{path}: empty JSON document");
        }
        catch (JsonException e)
        {
            throw new GanException($"{path}: not valid JSON ({e.Message.Split('.')[0]}); restore the file or start a new run");
        }
        catch (FileNotFoundException)
        {
            throw new GanException($"{path}: file not found");
        }
    }
}

/// <summary>Write-to-temp, fsync, rename: a crash mid-write leaves the previous file intact.</summary>
public static class AtomicFile
{
    /// <summary>Writes through a stream (which <paramref name="write"/> may close) to a temp name, then renames.</summary>
    public static void Write(string path, Action<Stream> write) =>
        WriteVia(path, tmp =>
        {
            using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None);
            write(fs);
        });

    /// <summary>Lets <paramref name="write"/> create the file at a temp path, fsyncs it, then renames it over <paramref name="path"/>.</summary>
    public static void WriteVia(string path, Action<string> write)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            write(tmp);
            using (var fs = new FileStream(tmp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                fs.Flush(flushToDisk: true);
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) => WriteVia(path, tmp => File.WriteAllText(tmp, text));
}
