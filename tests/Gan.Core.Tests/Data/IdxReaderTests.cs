using Gan.Core.Data;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Data;

[TestFixture(false, TestName = "raw")]
[TestFixture(true, TestName = "gz")]
public class IdxReaderTests(bool gz)
{
    TempDirectory _dir = null!;

    [SetUp] public void CreateDir() => _dir = new TempDirectory();
    [TearDown] public void DeleteDir() => _dir.Dispose();

    string WriteImages(byte[] raw) => IdxFiles.Write(_dir.File("train-images-idx3-ubyte"), raw, gz);
    string WriteLabels(byte[] raw) => IdxFiles.Write(_dir.File("train-labels-idx1-ubyte"), raw, gz);

    /// <summary>The reader's error: a GanException naming the file, on one line, containing the problem.</summary>
    static void AssertNamesFileAndProblem(Action read, string path, string problem)
    {
        var e = Assert.Throws<IdxFormatException>(read)!;
        Assert.Multiple(() =>
        {
            Assert.That(e, Is.InstanceOf<GanException>());
            Assert.That(e.Message, Does.Contain(path));
            Assert.That(e.Message, Does.Contain(problem));
            Assert.That(e.Message, Does.Not.Contain('\n'));
            Assert.That(e.FilePath, Is.EqualTo(path));
        });
    }

    [Test]
    public void Reads_a_good_image_file_pixel_for_pixel()
    {
        var raw = IdxFiles.Images(3);
        var images = IdxReader.ReadImages(WriteImages(raw));
        Assert.Multiple(() =>
        {
            Assert.That(images.Count, Is.EqualTo(3));
            Assert.That(images.Rows, Is.EqualTo(28));
            Assert.That(images.Cols, Is.EqualTo(28));
            Assert.That(images.Pixels, Is.EqualTo(raw[16..]));
        });
    }

    [Test]
    public void Reads_a_good_label_file()
    {
        var labels = IdxReader.ReadLabels(WriteLabels(IdxFiles.Labels(12)));
        Assert.That(labels, Is.EqualTo(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 }));
    }

    [Test]
    public void Image_file_with_fewer_images_than_its_header_says_is_truncated()
    {
        var path = WriteImages(IdxFiles.Images(2, headerCount: 3));
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, "truncated");
    }

    [Test]
    public void Image_file_shorter_than_its_header_is_truncated()
    {
        var path = WriteImages(IdxFiles.Images(1)[..10]);
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, "truncated");
    }

    [Test]
    public void Label_file_with_fewer_labels_than_its_header_says_is_truncated()
    {
        var path = WriteLabels(IdxFiles.Labels(5, headerCount: 6));
        AssertNamesFileAndProblem(() => { IdxReader.ReadLabels(path); }, path, "truncated");
    }

    [Test]
    public void Image_file_with_more_bytes_than_its_header_says_is_rejected()
    {
        var path = WriteImages(IdxFiles.Images(3, headerCount: 2));
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, "trailing bytes");
    }

    [Test]
    public void Label_file_read_as_images_has_bad_magic()
    {
        var path = WriteImages(IdxFiles.Labels(100));
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, "bad magic number 2049");
    }

    [Test]
    public void Image_file_read_as_labels_has_bad_magic()
    {
        var path = WriteLabels(IdxFiles.Images(1));
        AssertNamesFileAndProblem(() => { IdxReader.ReadLabels(path); }, path, "bad magic number 2051");
    }

    [Test]
    public void Image_file_with_garbage_magic_has_bad_magic()
    {
        var path = WriteImages(IdxFiles.Images(1, magic: 0x12345678));
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, "bad magic number");
    }

    [TestCase(32, 32)]
    [TestCase(28, 27)]
    public void Image_file_with_other_than_28x28_images_has_wrong_dims(int rows, int cols)
    {
        var path = WriteImages(IdxFiles.Images(2, rows, cols));
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, $"wrong image dims {rows}x{cols}");
    }

    [Test]
    public void Label_outside_0_to_9_is_rejected()
    {
        var raw = IdxFiles.Labels(4);
        raw[8 + 2] = 10;
        var path = WriteLabels(raw);
        AssertNamesFileAndProblem(() => { IdxReader.ReadLabels(path); }, path, "label 10 at index 2");
    }

    [Test]
    public void Empty_image_file_is_rejected()
    {
        // An empty .gz holds no gzip stream at all; an empty file behind a .gz name is still "empty", not "corrupt".
        var path = _dir.File(gz ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte");
        File.WriteAllBytes(path, []);
        AssertNamesFileAndProblem(() => { IdxReader.ReadImages(path); }, path, "empty file");
    }

    [Test]
    public void Missing_file_is_a_one_line_error_naming_it()
    {
        var path = _dir.File("nothing-here");
        var e = Assert.Throws<GanException>(() => IdxReader.ReadImages(path))!;
        Assert.That(e.Message, Is.EqualTo($"{path}: file not found"));
    }
}

/// <summary>Damage that only a compressed file can have: its gzip stream cut short.</summary>
public class IdxReaderGzipTests
{
    [Test]
    public void Cut_gzip_stream_is_reported_as_truncated()
    {
        using var dir = new TempDirectory();
        var full = IdxFiles.Gzip(IdxFiles.Images(20));
        var path = dir.File("train-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, full[..(full.Length / 2)]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.StartWith(path + ": truncated"));
            Assert.That(e.Message, Does.Not.Contain('\n'));
        });
    }

    [Test]
    public void Gzip_is_detected_from_its_magic_bytes_not_the_name()
    {
        using var dir = new TempDirectory();
        var raw = IdxFiles.Images(2);
        var path = dir.File("train-images-idx3-ubyte");
        File.WriteAllBytes(path, IdxFiles.Gzip(raw));
        Assert.That(IdxReader.ReadImages(path).Pixels, Is.EqualTo(raw[16..]));
    }
}
