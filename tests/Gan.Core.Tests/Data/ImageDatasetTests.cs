using Gan.Core.Data;
using Gan.Core.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Data;

public class ImageDatasetTests
{
    /// <summary>torchvision's ToTensor then Normalize(0.5, 0.5), step by step in float32.</summary>
    static float Torchvision(int p) => (p / 255f - 0.5f) / 0.5f;

    static float[] NormaliseAll()
    {
        var pixels = Enumerable.Range(0, 256).Select(p => (byte)p).ToArray();
        using var x = tensor(pixels, ScalarType.Byte);
        using var y = ImageDataset.Normalise(x);
        Assert.That(y.dtype, Is.EqualTo(ScalarType.Float32));
        return y.data<float>().ToArray();
    }

    [Test]
    public void Pixel_0_is_minus_1_and_255_is_1_exactly()
    {
        var y = NormaliseAll();
        Assert.Multiple(() =>
        {
            Assert.That(y[0], Is.EqualTo(-1f));
            Assert.That(y[255], Is.EqualTo(1f));
        });
    }

    [Test]
    public void Pixel_128_is_the_float32_value_of_torchvisions_transform()
    {
        var expected = (128f / 255f - 0.5f) / 0.5f;
        Assert.That(NormaliseAll()[128], Is.EqualTo(expected));
        Assert.That(expected, Is.EqualTo(1.0 / 255).Within(1e-7), "(128/255 − 0.5)/0.5 = 1/255 up to float32 rounding");
    }

    [Test]
    public void Every_pixel_value_matches_torchvisions_transform_bit_for_bit()
    {
        var y = NormaliseAll();
        Assert.That(y, Is.EqualTo(Enumerable.Range(0, 256).Select(Torchvision).ToArray()));
    }

    static void WriteSplit(TempDirectory dir, int images, int labels, bool gz, Split split = Split.Train)
    {
        var (img, lbl) = ImageDataset.FileNames(split);
        IdxFiles.Write(dir.File(img), IdxFiles.Images(images, pixel: i => (byte)(i % 256)), gz);
        IdxFiles.Write(dir.File(lbl), IdxFiles.Labels(labels), gz);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Loads_a_split_as_one_normalised_tensor_with_labels(bool gz)
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, 3, 3, gz);
        using var data = ImageDataset.Load("tiny", dir.Path, Split.Train);
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(3));
            Assert.That(data.Images.shape, Is.EqualTo(new long[] { 3, 1, 28, 28 }));
            Assert.That(data.Images.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(data.Labels.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(data.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 1, 2 }));
            // Pixel i of the file is i mod 256: image 0's first row is 0..27, image 1 starts at 784 mod 256 = 16.
            Assert.That(data.Images[0, 0, 0, 5].item<float>(), Is.EqualTo(Torchvision(5)));
            Assert.That(data.Images[1, 0, 0, 0].item<float>(), Is.EqualTo(Torchvision(16)));
            Assert.That(data.FileMd5.Keys, Is.EquivalentTo(gz
                ? new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" }
                : new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte" }));
            Assert.That(data.FileMd5.Values, Has.All.Match("^[0-9a-f]{32}$"));
        });
    }

    [Test]
    public void Loads_the_test_split_from_the_t10k_files()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, 4, 4, gz: false, Split.Test);
        using var data = ImageDataset.Load("tiny", dir.Path, Split.Test);
        Assert.That(data.Count, Is.EqualTo(4));
        Assert.Throws<GanException>(() => ImageDataset.Load("tiny", dir.Path, Split.Train));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Image_and_label_count_mismatch_names_the_label_file(bool gz)
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, 3, 2, gz);
        var labels = dir.File("train-labels-idx1-ubyte" + (gz ? ".gz" : ""));
        var e = Assert.Throws<IdxFormatException>(() => ImageDataset.Load("tiny", dir.Path, Split.Train))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.StartWith(labels + ": count mismatch"));
            Assert.That(e.Message, Does.Contain("2 labels").And.Contain("3 images"));
            Assert.That(e.Message, Does.Not.Contain('\n'));
        });
    }

    [Test]
    public void Missing_label_file_names_it()
    {
        using var dir = new TempDirectory();
        var (img, _) = ImageDataset.FileNames(Split.Train);
        IdxFiles.Write(dir.File(img), IdxFiles.Images(1), gz: false);
        var e = Assert.Throws<GanException>(() => ImageDataset.Load("tiny", dir.Path, Split.Train))!;
        Assert.That(e.Message, Does.Contain(dir.File("train-labels-idx1-ubyte")).And.Contain("file not found"));
    }

    [Test]
    public void Missing_directory_is_a_one_line_error_naming_it()
    {
        var e = Assert.Throws<GanException>(() => ImageDataset.Load("tiny", "/nonexistent/gan-data", Split.Train))!;
        Assert.That(e.Message, Does.Contain("'/nonexistent/gan-data' does not exist").And.Not.Contain('\n'));
    }

    [Test]
    public void Take_keeps_the_first_images_and_their_labels()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, 5, 5, gz: false);
        using var data = ImageDataset.Load("tiny", dir.Path, Split.Train);
        using var first = data.Take(2);
        using var all = data.Take(50);
        Assert.Multiple(() =>
        {
            Assert.That(first.Count, Is.EqualTo(2));
            Assert.That(Tensors.Same(first.Images, data.Images[..2]), Is.True);
            Assert.That(first.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 1 }));
            Assert.That(all.Count, Is.EqualTo(5));
        });
        Assert.Throws<GanException>(() => data.Take(0));
    }

    [Test]
    public void The_embedded_sample_has_8000_training_images_within_minus_1_and_1()
    {
        using var data = SampleData.LoadTrain();
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(8000));
            Assert.That(data.Images.min().item<float>(), Is.EqualTo(-1f));
            Assert.That(data.Images.max().item<float>(), Is.EqualTo(1f));
        });
    }
}
