using System.Security.Cryptography;
using Gan.Core.Runs;

namespace Gan.Core.Data;

/// <summary>Bytes of one file received so far (<c>Total</c> null when the server sends no length).</summary>
public readonly record struct DownloadProgress(string File, long Bytes, long? Total);

/// <summary>
/// Downloads a data set's files into a folder, each verified before it is used: streamed to a hidden temporary file,
/// its MD5 checked, and only then renamed to its real name. A file already there with the right MD5 is kept. Each
/// file is tried on every mirror in turn, <c>attempts</c> times per mirror; a failure leaves nothing behind and ends
/// in one <see cref="GanException"/> line (exit code <see cref="ExitCodes.DownloadFailed"/>) naming file and cause.
/// </summary>
public sealed class DatasetDownloader(HttpClient http, int attempts = 3, TimeSpan? retryDelay = null)
{
    readonly TimeSpan _retryDelay = retryDelay ?? TimeSpan.FromSeconds(1);

    /// <summary>Fetches every file of <paramref name="source"/> into <paramref name="dir"/>; returns the paths.</summary>
    public IReadOnlyList<string> Download(DownloadSource source, string dir, IProgress<DownloadProgress>? progress = null, CancellationToken cancel = default)
    {
        var created = OutermostMissing(Path.GetFullPath(dir));
        Directory.CreateDirectory(dir);
        var paths = new List<string>();
        try
        {
            foreach (var file in source.Files)
            {
                var path = Path.Combine(dir, file.Name);
                if (!(File.Exists(path) && Md5(path) == file.Md5))
                    Fetch(source, file, path, progress, cancel);
                else
                    progress?.Report(new DownloadProgress(file.Name, new FileInfo(path).Length, new FileInfo(path).Length));
                paths.Add(path);
            }
        }
        catch when (created is not null && !Directory.EnumerateFiles(created, "*", SearchOption.AllDirectories).Any())
        {
            Directory.Delete(created, recursive: true);
            throw;
        }
        return paths;
    }

    /// <summary>The outermost folder of <paramref name="dir"/>'s path that does not exist yet (null if it exists): what a failed download removes.</summary>
    static string? OutermostMissing(string dir)
    {
        if (Directory.Exists(dir)) return null;
        var d = dir;
        while (Path.GetDirectoryName(d) is string parent && !Directory.Exists(parent)) d = parent;
        return d;
    }

    void Fetch(DownloadSource source, DownloadFile file, string path, IProgress<DownloadProgress>? progress, CancellationToken cancel)
    {
        var errors = new List<string>();
        bool reached = false;
        foreach (var mirror in source.Mirrors)
        {
            var url = new Uri(new Uri(mirror), file.Name);
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                cancel.ThrowIfCancellationRequested();
                if (attempt > 1) Thread.Sleep(_retryDelay * (attempt - 1));
                try
                {
                    AtomicFile.WriteVia(path, tmp =>
                    {
                        Get(url, tmp, file.Name, progress, cancel);
                        reached = true;
                        var md5 = Md5(tmp);
                        if (md5 != file.Md5)
                            throw new InvalidDataException($"MD5 mismatch from {url}: got {md5}, expected {file.Md5}");
                    });
                    return;
                }
                catch (HttpRequestException e) when (e.StatusCode is null)
                {
                    errors.Add($"cannot reach {url} ({e.Message.TrimEnd('.')})");
                }
                catch (HttpRequestException e)
                {
                    reached = true;
                    errors.Add($"{url}: HTTP {(int)e.StatusCode!} {e.StatusCode}");
                }
                catch (Exception e) when (e is IOException or InvalidDataException || (e is TaskCanceledException && !cancel.IsCancellationRequested))
                {
                    reached = true;
                    errors.Add(e is InvalidDataException ? e.Message : $"{url}: transfer failed ({e.Message.TrimEnd('.')})");
                }
            }
        }
        var hint = reached
            ? "nothing was kept; try again later or pass --mirror URL"
            : $"are you offline? connect, or pass --mirror URL (or set {DownloadSource.MirrorVariable}) to a reachable copy";
        throw new GanException($"{file.Name}: download failed after {errors.Count} attempts, last: {errors[^1]}; {hint}", ExitCodes.DownloadFailed);
    }

    void Get(Uri url, string tmp, string name, IProgress<DownloadProgress>? progress, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        response.EnsureSuccessStatusCode();
        long? total = response.Content.Headers.ContentLength;
        using var body = response.Content.ReadAsStream(cancel);
        using var output = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None);
        var buffer = new byte[81920];
        long received = 0;
        int n;
        while ((n = body.Read(buffer)) > 0)
        {
            cancel.ThrowIfCancellationRequested();
            output.Write(buffer, 0, n);
            received += n;
            progress?.Report(new DownloadProgress(name, received, total));
        }
        if (total is long t && received != t)
            throw new IOException($"response ended after {received} of {t} bytes");
    }

    static string Md5(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(s));
    }
}
