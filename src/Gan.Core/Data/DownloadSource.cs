namespace Gan.Core.Data;

/// <summary>One file of a downloadable data set and its MD5 (hex, lower case).</summary>
public sealed record DownloadFile(string Name, string Md5);

/// <summary>
/// Where a data set can be downloaded from: mirrors tried in order, and the files with the MD5 sums torchvision's
/// MNIST and FashionMNIST classes check (the same file names and sums).
/// </summary>
public sealed record DownloadSource(string Dataset, IReadOnlyList<string> Mirrors, IReadOnlyList<DownloadFile> Files)
{
    /// <summary>Overrides the mirrors of every data set (for a local copy or a test server), like <c>--mirror</c>.</summary>
    public const string MirrorVariable = "GAN_DATA_MIRROR";

    public static readonly DownloadSource Mnist = new(DatasetCatalog.Mnist,
        ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
        [
            new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
        ]);

    public static readonly DownloadSource FashionMnist = new(DatasetCatalog.FashionMnist,
        ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        [
            new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ]);

    public static DownloadSource For(string dataset) => dataset.ToLowerInvariant() switch
    {
        DatasetCatalog.Mnist => Mnist,
        DatasetCatalog.FashionMnist => FashionMnist,
        _ => throw new GanException($"cannot download data set '{dataset}'; use mnist or fashion-mnist ({DatasetCatalog.Sample} ships with the repository)"),
    };

    /// <summary>This source with its mirrors replaced by <paramref name="mirror"/> (a base URL), if one is given.</summary>
    public DownloadSource WithMirror(string? mirror)
    {
        if (string.IsNullOrWhiteSpace(mirror)) return this;
        if (!Uri.TryCreate(mirror, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new GanException($"mirror '{mirror}' is not an http(s) URL; give a base URL such as https://host/mnist/");
        return this with { Mirrors = [mirror.EndsWith('/') ? mirror : mirror + "/"] };
    }
}
