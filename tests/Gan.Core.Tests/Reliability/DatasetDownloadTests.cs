using System.Security.Cryptography;
using Gan.Core.Data;

using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Reliability;

/// <summary>
/// Downloads against a loopback HTTP server only: good files land verified, a corrupted or truncated file is refused
/// with nothing left behind, a flaky transfer is retried, and an unreachable mirror is a one-line offline error.
/// The good-file cases use the embedded sample's files under their own MD5s (the official sums name the full sets).
/// </summary>
public class DatasetDownloadTests
{
    static readonly string SampleDir = Path.Combine(DatasetCatalog.RepoDataDir(), DatasetCatalog.Sample);
    static readonly string[] Names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    static DownloadSource SampleSource(string mirror) => new("sample", [mirror],
        Names.Select(n => new DownloadFile(n, Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(Path.Combine(SampleDir, n)))))).ToList());

    static LoopbackHttpServer ServerWithSample(Serve trainImages)
    {
        var server = new LoopbackHttpServer();
        foreach (var n in Names)
            server.Add(n, File.ReadAllBytes(Path.Combine(SampleDir, n)), n == Names[0] ? trainImages : Serve.Good);
        return server;
    }

    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    static DatasetDownloader Downloader() => new(Http, attempts: 3, retryDelay: TimeSpan.Zero);

    [Test]
    public void Good_files_are_downloaded_verified_and_readable()
    {
        using var tmp = new TempDir();
        using var server = ServerWithSample(Serve.Good);
        var dir = tmp["sample"];
        var progress = new List<DownloadProgress>();
        var paths = Downloader().Download(SampleSource(server.BaseUrl), dir, new SyncProgress(progress.Add));

        Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(Names));
        foreach (var n in Names)
            Assert.That(File.ReadAllBytes(Path.Combine(dir, n)), Is.EqualTo(File.ReadAllBytes(Path.Combine(SampleDir, n))));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(4), "no temporary files left");
        Assert.That(progress.Last(p => p.File == Names[0]).Bytes, Is.EqualTo(new FileInfo(Path.Combine(SampleDir, Names[0])).Length));
        using var set = ImageDataset.Load("sample", dir, Split.Train);
        Assert.That(set.Count, Is.EqualTo(8000));
    }

    [Test]
    public void Verified_files_already_there_are_not_downloaded_again()
    {
        using var tmp = new TempDir();
        using var server = ServerWithSample(Serve.Good);
        Downloader().Download(SampleSource(server.BaseUrl), tmp["sample"]);
        Downloader().Download(SampleSource(server.BaseUrl), tmp["sample"]);
        Assert.That(server.Requests[Names[0]], Is.EqualTo(1));
    }

    [Test]
    public void Corrupted_file_is_refused_and_nothing_is_left_behind()
    {
        using var tmp = new TempDir();
        using var server = ServerWithSample(Serve.Corrupt);
        var dir = tmp["sample"];
        var e = Assert.Throws<GanException>(() => Downloader().Download(SampleSource(server.BaseUrl), dir))!;
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.DownloadFailed));
        Assert.That(e.Message, Does.StartWith(Names[0]).And.Contain("MD5 mismatch").And.Contain("after 3 attempts"));
        Assert.That(Directory.Exists(dir), Is.False, "no file, no temporary file, no empty folder");
    }

    [Test]
    public void Truncated_response_is_refused_and_nothing_is_left_behind()
    {
        using var tmp = new TempDir();
        using var server = ServerWithSample(Serve.Truncated);
        var dir = tmp["sample"];
        var e = Assert.Throws<GanException>(() => Downloader().Download(SampleSource(server.BaseUrl), dir))!;
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.DownloadFailed));
        Assert.That(e.Message, Does.StartWith(Names[0]).And.Contain("transfer failed"));
        Assert.That(e.Message.Split('\n'), Has.Length.EqualTo(1));
        Assert.That(Directory.Exists(dir), Is.False);
    }

    [Test]
    public void Truncated_transfer_is_retried()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackHttpServer();
        foreach (var n in Names)
            server.Add(n, File.ReadAllBytes(Path.Combine(SampleDir, n)), n == Names[0] ? [Serve.Truncated, Serve.Corrupt, Serve.Good] : [Serve.Good]);
        Downloader().Download(SampleSource(server.BaseUrl), tmp["sample"]);
        Assert.That(server.Requests[Names[0]], Is.EqualTo(3));
        Assert.That(File.ReadAllBytes(tmp[$"sample/{Names[0]}"]), Is.EqualTo(File.ReadAllBytes(Path.Combine(SampleDir, Names[0]))));
    }

    [Test]
    public void Cli_refuses_files_that_do_not_match_the_official_md5()
    {
        using var tmp = new TempDir();
        using var server = ServerWithSample(Serve.Good);
        var r = GanCli.Run(tmp.Path, "data", "download", "mnist", "--dir", "data", "--mirror", server.BaseUrl);
        GanCli.AssertUserError(r, ExitCodes.DownloadFailed, "train-images-idx3-ubyte.gz", "MD5 mismatch", "f68b3c2dcbeaaa9fbdd348bbdeb94873");
        Assert.That(Directory.Exists(tmp["data/mnist"]), Is.False);
    }

    [Test]
    public void Cli_offline_is_one_clear_line()
    {
        using var tmp = new TempDir();
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var r = GanCli.Run(tmp.Path, "data", "download", "fashion-mnist", "--mirror", $"http://127.0.0.1:{closedPort}/");
        GanCli.AssertUserError(r, ExitCodes.DownloadFailed, "cannot reach", "offline");
        Assert.That(Directory.Exists(tmp["data"]), Is.False);
    }

    [Test]
    public void Cli_unknown_data_set_is_bad_input()
    {
        using var tmp = new TempDir();
        var r = GanCli.Run(tmp.Path, "data", "download", "imagenet");
        GanCli.AssertUserError(r, ExitCodes.BadInput, "imagenet", "mnist or fashion-mnist");
    }

    /// <summary>Reports on the calling thread (System.Progress would post to the thread pool).</summary>
    sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
