using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Data;

public enum Split { Train, Test }

/// <summary>
/// A whole IDX split held as one normalised float tensor (N,1,28,28) and its labels (N, int64).
/// Pixels are normalised as the study's transform did (ToTensor, then Normalize(0.5, 0.5)):
/// p → (p/255 − 0.5)/0.5, so 0 → −1 and 255 → 1, computed in float32 in the same order as torchvision.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public string Name { get; }
    public Split Split { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    /// <summary>File name → MD5 (hex) of the files the set was read from, for run records.</summary>
    public IReadOnlyDictionary<string, string> FileMd5 { get; }
    public int Count => (int)Images.shape[0];

    ImageDataset(string name, Split split, Tensor images, Tensor labels, IReadOnlyDictionary<string, string> md5)
    {
        Name = name;
        Split = split;
        Images = images;
        Labels = labels;
        FileMd5 = md5;
    }

    public static (string Images, string Labels) FileNames(Split split) => split == Split.Train
        ? ("train-images-idx3-ubyte", "train-labels-idx1-ubyte")
        : ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /// <summary>Finds a split's image and label files in <paramref name="dir"/>, raw or <c>.gz</c>.</summary>
    public static (string Images, string Labels) Locate(string dir, Split split)
    {
        if (!Directory.Exists(dir))
            throw new GanException($"data directory '{dir}' does not exist; pass --data-dir, or run 'gan data list' to see which data sets are found");
        var (img, lbl) = FileNames(split);
        return (Find(dir, img), Find(dir, lbl));
    }

    static string Find(string dir, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var p = Path.Combine(dir, candidate);
            if (File.Exists(p)) return p;
        }
        throw new GanException($"{Path.Combine(dir, stem)}[.gz]: file not found; the folder must hold the four IDX files of MNIST's layout");
    }

    /// <summary>Loads a split of the IDX files in <paramref name="dir"/>.</summary>
    public static ImageDataset Load(string name, string dir, Split split, Device? device = null)
    {
        var (imgPath, lblPath) = Locate(dir, split);
        var images = IdxReader.ReadImages(imgPath);
        var labels = IdxReader.ReadLabels(lblPath);
        if (labels.Length != images.Count)
            throw new IdxFormatException(lblPath, $"count mismatch: {labels.Length} labels but {Path.GetFileName(imgPath)} holds {images.Count} images; the two files must come from the same split of one data set");
        var md5 = new SortedDictionary<string, string>
        {
            [Path.GetFileName(imgPath)] = Md5(imgPath),
            [Path.GetFileName(lblPath)] = Md5(lblPath),
        };
        using var scope = NewDisposeScope();
        var x = Normalise(tensor(images.Pixels, new long[] { images.Count, 1, images.Rows, images.Cols }, ScalarType.Byte));
        var y = tensor(labels, ScalarType.Byte).to(ScalarType.Int64);
        if (device is not null && device.type != DeviceType.CPU)
        {
            x = x.to(device);
            y = y.to(device);
        }
        return new ImageDataset(name, split, x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope(), md5);
    }

    /// <summary>uint8 pixels → float32 in [−1, 1]: ToTensor (÷255) then Normalize(mean 0.5, std 0.5).</summary>
    public static Tensor Normalise(Tensor pixels) => pixels.to(ScalarType.Float32).div_(255f).sub_(0.5f).div_(0.5f);

    /// <summary>The first <paramref name="n"/> images, for quick runs and tests; n ≥ Count returns a copy of all.</summary>
    public ImageDataset Take(int n)
    {
        if (n <= 0) throw new GanException($"subset size {n} must be positive");
        n = Math.Min(n, Count);
        return new ImageDataset(Name, Split, Images[..n].clone(), Labels[..n].clone(), FileMd5);
    }

    static string Md5(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(s));
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
