using System.Buffers.Binary;
using System.IO.Compression;
using Gan.Core.Data;
using Gan.Core.Runs;

using Gan.Core.Tests.Support;

namespace Gan.Core.Tests.Reliability;

/// <summary>
/// Every malformed input of the reliability issue, through the real CLI: each ends in one "gan: error:" line naming
/// the file or value and what to do, a non-zero exit code, no stack trace, and no run directory claiming completion.
/// </summary>
[NonParallelizable]
public class CliMalformedInputTests
{
    static readonly string SampleDir = Path.Combine(DatasetCatalog.RepoDataDir(), DatasetCatalog.Sample);
    TempDir _tmp = null!;
    // Two tiny finished runs that the resume tests copy and damage: G1+D1 and G2+D1.
    string _g1Run = null!;
    string _g2Run = null!;

    [OneTimeSetUp]
    public void TrainTinyRuns()
    {
        _tmp = new TempDir();
        _g1Run = _tmp["g1"];
        _g2Run = _tmp["g2"];
        foreach (var (pair, dir) in new[] { (new[] { "--pair", "g1-d1" }, _g1Run), (new[] { "--g", "G2", "--d", "D1" }, _g2Run) })
        {
            var r = GanCli.Run(_tmp.Path, ["train", .. pair, "--epochs", "2", "--subset", "128", "--threads", "1", "--plain", "--out", dir]);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => _tmp.Dispose();

    /// <summary>Runs a one-epoch training on <paramref name="dataDir"/> into a fresh --out and returns the result and that folder.</summary>
    (CliResult Result, string Out) TrainOn(string dataDir, params string[] extra)
    {
        var outDir = _tmp[$"out-{Guid.NewGuid():N}"];
        var r = GanCli.Run(_tmp.Path, ["train", "--pair", "g1-d1", "--epochs", "1", "--subset", "128", "--plain", "--data-dir", dataDir, "--out", outDir, .. extra]);
        return (r, outDir);
    }

    static void AssertNoCompletedRun(string outDir)
    {
        var summary = Path.Combine(outDir, "summary.json");
        Assert.That(File.Exists(summary) && File.ReadAllText(summary).Contains("\"completed\""), Is.False, $"{outDir} must not claim completion");
    }

    /// <summary>A copy of the sample data set with the train images replaced by <paramref name="images"/> (raw, or gz when named so).</summary>
    string DataWith(string imagesName, byte[] images, byte[]? labels = null)
    {
        var dir = _tmp[$"data-{Guid.NewGuid():N}"];
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(SampleDir, "*.gz"))
        {
            if (!Path.GetFileName(f).StartsWith("train-images", StringComparison.Ordinal))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }
        File.WriteAllBytes(Path.Combine(dir, imagesName), images);
        if (labels is not null)
        {
            File.Delete(Path.Combine(dir, "train-labels-idx1-ubyte.gz"));
            File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), labels);
        }
        return dir;
    }

    static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var m = new MemoryStream();
        gz.CopyTo(m);
        return m.ToArray();
    }

    static byte[] SampleImages() => Gunzip(Path.Combine(SampleDir, "train-images-idx3-ubyte.gz"));

    [Test]
    public void Truncated_gz_is_refused()
    {
        var gz = File.ReadAllBytes(Path.Combine(SampleDir, "train-images-idx3-ubyte.gz"));
        var (r, outDir) = TrainOn(DataWith("train-images-idx3-ubyte.gz", gz[..(gz.Length / 2)]));
        GanCli.AssertUserError(r, ExitCodes.BadInput, "train-images-idx3-ubyte.gz", "truncated", "copy the file again");
        AssertNoCompletedRun(outDir);
    }

    [Test]
    public void Wrong_magic_number_is_refused()
    {
        var images = SampleImages();
        BinaryPrimitives.WriteInt32BigEndian(images, IdxReader.LabelsMagic);
        var (r, outDir) = TrainOn(DataWith("train-images-idx3-ubyte", images));
        GanCli.AssertUserError(r, ExitCodes.BadInput, "train-images-idx3-ubyte", "magic number 2049");
        AssertNoCompletedRun(outDir);
    }

    [Test]
    public void Image_label_count_mismatch_is_refused()
    {
        var labels = Gunzip(Path.Combine(SampleDir, "train-labels-idx1-ubyte.gz"));
        int count = BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4));
        var fewer = labels[..^1];
        BinaryPrimitives.WriteInt32BigEndian(fewer.AsSpan(4), count - 1);
        var (r, outDir) = TrainOn(DataWith("train-images-idx3-ubyte", SampleImages(), fewer));
        GanCli.AssertUserError(r, ExitCodes.BadInput, "train-labels-idx1-ubyte", "count mismatch", $"{count - 1} labels", $"{count} images");
        AssertNoCompletedRun(outDir);
    }

    [Test]
    public void Wrong_image_dims_are_refused()
    {
        var images = SampleImages();
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 32);
        var (r, outDir) = TrainOn(DataWith("train-images-idx3-ubyte", images));
        GanCli.AssertUserError(r, ExitCodes.BadInput, "train-images-idx3-ubyte", "32x28", "expected 28x28");
        AssertNoCompletedRun(outDir);
    }

    [Test]
    public void Empty_file_is_refused()
    {
        var (r, outDir) = TrainOn(DataWith("train-images-idx3-ubyte", []));
        GanCli.AssertUserError(r, ExitCodes.BadInput, "train-images-idx3-ubyte", "empty file");
        AssertNoCompletedRun(outDir);
    }

    [Test]
    public void Missing_data_directory_is_refused()
    {
        var missing = _tmp["no-such-data"];
        var (r, outDir) = TrainOn(missing);
        GanCli.AssertUserError(r, ExitCodes.BadInput, missing, "does not exist");
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void Unknown_data_set_name_is_refused()
    {
        var outDir = _tmp["unknown-set"];
        var r = GanCli.Run(_tmp.Path, "train", "--dataset", "cifar-11", "--epochs", "1", "--plain", "--out", outDir);
        GanCli.AssertUserError(r, ExitCodes.BadInput, "cifar-11", "mnist-sample");
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [TestCase("--lr", "0", "learning rate 0")]
    [TestCase("--lr", "-1e-3", "learning rate -0.001")]
    [TestCase("--k", "0", "k = 0")]
    [TestCase("--epochs", "0", "epochs 0")]
    [TestCase("--batch-size", "200", "batch size 200 is larger than the data set (128 images)")]
    [TestCase("--checkpoint-every", "-1", "checkpoint-every -1")]
    [TestCase("--on-nan", "ignore", "--on-nan 'ignore'")]
    public void Invalid_hyperparameter_is_refused(string option, string value, string message)
    {
        var outDir = _tmp[$"hyper-{Guid.NewGuid():N}"];
        var r = GanCli.Run(_tmp.Path, "train", "--pair", "g1-d1", "--subset", "128", "--plain", "--out", outDir, option, value);
        GanCli.AssertUserError(r, ExitCodes.BadInput, message);
        Assert.That(Directory.Exists(outDir), Is.False, "nothing is written for an invalid config");
    }

    /// <summary>A copy of a tiny finished run made to look killed (no summary.json), to resume.</summary>
    string KilledCopyOf(string run)
    {
        var copy = _tmp[$"killed-{Guid.NewGuid():N}"];
        foreach (var dir in Directory.GetDirectories(run, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(run, copy));
        foreach (var file in Directory.GetFiles(run, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(run, copy));
        File.Delete(Path.Combine(copy, "summary.json"));
        return copy;
    }

    [Test]
    public void Unreadable_config_on_resume_is_refused()
    {
        var run = KilledCopyOf(_g1Run);
        File.WriteAllText(Path.Combine(run, "config.json"), "{ \"name\": \"half a fi");
        var r = GanCli.Run(_tmp.Path, "train", "--resume", run, "--plain");
        GanCli.AssertUserError(r, ExitCodes.BadInput, "config.json", "not valid JSON");
        AssertNoCompletedRun(run);
    }

    [Test]
    public void Checkpoint_of_another_pair_on_resume_is_refused()
    {
        var run = KilledCopyOf(_g1Run);
        var foreign = new CheckpointStore(new RunDirectory(_g2Run)).List()[^1];
        var planted = Path.Combine(run, "checkpoints", "step-000009999");
        Directory.CreateDirectory(planted);
        foreach (var f in Directory.GetFiles(foreign))
            File.Copy(f, Path.Combine(planted, Path.GetFileName(f)));
        var r = GanCli.Run(_tmp.Path, "train", "--resume", run, "--plain");
        GanCli.AssertUserError(r, ExitCodes.BadInput, "step-000009999", "G2+D1", "G1+D1", "resume from the previous checkpoint");
        AssertNoCompletedRun(run);
    }

    [Test]
    public void Corrupted_checkpoint_file_on_resume_is_refused()
    {
        var run = KilledCopyOf(_g1Run);
        var newest = new CheckpointStore(new RunDirectory(run)).List()[^1];
        var weights = Path.Combine(newest, "D.pt");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);
        var r = GanCli.Run(_tmp.Path, "train", "--resume", run, "--plain");
        GanCli.AssertUserError(r, ExitCodes.BadInput, weights, "checksum mismatch", "damaged");
        AssertNoCompletedRun(run);
    }

    [Test]
    public void Damaged_checkpoint_manifest_on_resume_is_refused()
    {
        var run = KilledCopyOf(_g1Run);
        var manifest = Path.Combine(new CheckpointStore(new RunDirectory(run)).List()[^1], CheckpointStore.ManifestFile);
        File.WriteAllText(manifest, File.ReadAllText(manifest)[..40]);
        var r = GanCli.Run(_tmp.Path, "train", "--resume", run, "--plain");
        GanCli.AssertUserError(r, ExitCodes.BadInput, manifest, "damaged");
        AssertNoCompletedRun(run);
    }

    [Test]
    public void Resuming_a_completed_run_is_refused_and_leaves_it_untouched()
    {
        var before = File.ReadAllBytes(Path.Combine(_g1Run, "metrics.csv"));
        var r = GanCli.Run(_tmp.Path, "train", "--resume", _g1Run, "--plain");
        GanCli.AssertUserError(r, ExitCodes.BadInput, "already completed");
        Assert.That(File.ReadAllBytes(Path.Combine(_g1Run, "metrics.csv")), Is.EqualTo(before));
    }

    [Test]
    public void Resume_with_other_training_options_is_refused()
    {
        var r = GanCli.Run(_tmp.Path, "train", "--resume", _g1Run, "--epochs", "5");
        GanCli.AssertUserError(r, ExitCodes.BadInput, "--resume", "config.json", "Epochs");
    }

    [Test]
    public void Resume_of_a_missing_run_directory_is_refused()
    {
        var missing = _tmp["no-such-run"];
        var r = GanCli.Run(_tmp.Path, "train", "--resume", missing);
        GanCli.AssertUserError(r, ExitCodes.BadInput, missing, "does not exist");
        Assert.That(Directory.Exists(missing), Is.False);
    }
}
