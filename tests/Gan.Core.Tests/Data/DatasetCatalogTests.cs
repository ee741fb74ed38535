using Gan.Core.Data;
using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Data;

public class DatasetCatalogTests
{
    [Test]
    public void The_embedded_sample_is_found_in_the_repository()
    {
        var loc = DatasetCatalog.Resolve(DatasetCatalog.Sample);
        Assert.That(loc.Found, Is.True);
        Assert.That(loc.Directory, Does.EndWith(Path.Combine("data", "mnist-sample")));
        Assert.That(File.Exists(Path.Combine(loc.Directory, "train-images-idx3-ubyte.gz")), Is.True);
    }

    [Test]
    public void Unknown_data_set_is_an_error_listing_the_known_ones()
    {
        var e = Assert.Throws<GanException>(() => DatasetCatalog.Resolve("cifar"))!;
        Assert.That(e.Message, Does.Contain("'cifar'").And.Contain("mnist-sample").And.Contain("--data-dir"));
    }

    [Test]
    public void Data_dir_that_does_not_exist_is_an_error_naming_it()
    {
        var e = Assert.Throws<GanException>(() => DatasetCatalog.RequireDirectory("mnist", "/nonexistent/gan-data"))!;
        Assert.That(e.Message, Does.Contain("'/nonexistent/gan-data' does not exist"));
    }

    [Test]
    public void Data_dir_without_IDX_files_is_an_error_naming_it()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<GanException>(() => DatasetCatalog.RequireDirectory("mine", dir.Path))!;
        Assert.That(e.Message, Does.Contain(dir.Path).And.Contain("no train-images-idx3-ubyte"));
    }

    [Test]
    public void Data_dir_with_IDX_files_is_used_as_given()
    {
        using var dir = new TempDirectory();
        IdxFiles.Write(dir.File("train-images-idx3-ubyte"), IdxFiles.Images(1), gz: true);
        Assert.That(DatasetCatalog.RequireDirectory("mine", dir.Path), Is.EqualTo(dir.Path));
    }
}
