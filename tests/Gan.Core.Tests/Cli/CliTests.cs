using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Cli;

/// <summary>The real <c>gan</c> command, run as a child process in an empty temporary working directory.</summary>
public class CliTests
{
    TempDirectory _cwd = null!;

    [SetUp] public void CreateWorkingDirectory() => _cwd = new TempDirectory();
    [TearDown] public void DeleteWorkingDirectory() => _cwd.Dispose();

    [Test]
    public void Train_one_epoch_on_512_images_writes_the_whole_run_directory()
    {
        var r = GanCli.Run(_cwd.Path, "train", "--pair", "g1-d1", "--epochs", "1", "--subset", "512", "--seed", "0",
            "--threads", "1", "--out", "run");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var run = new RunDirectory(_cwd.File("run"));

        using (var config = JsonDocument.Parse(File.ReadAllText(run.ConfigPath)))
        {
            var root = config.RootElement;
            var c = root.GetProperty("config");
            var data = root.GetProperty("data");
            var provenance = root.GetProperty("provenance");
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("run"));
                Assert.That(c.GetProperty("generator").GetString(), Is.EqualTo("G1"));
                Assert.That(c.GetProperty("discriminator").GetString(), Is.EqualTo("D1"));
                Assert.That(c.GetProperty("slope").GetString(), Is.EqualTo("seed"));
                Assert.That(c.GetProperty("objective").GetString(), Is.EqualTo("bce"));
                Assert.That(c.TryGetProperty("gLoss", out _), Is.False, "the older gLoss is read, never written");
                Assert.That(root.GetProperty("labels").GetProperty("objective").GetString(), Is.EqualTo("bce"));
                Assert.That(root.GetProperty("labels").GetProperty("schedule").GetString(), Is.EqualTo("k1"));
                Assert.That(root.GetProperty("labels").GetProperty("hasSlope").GetBoolean(), Is.False);
                Assert.That(c.GetProperty("epochs").GetInt32(), Is.EqualTo(1));
                Assert.That(c.GetProperty("dSteps").GetInt32(), Is.EqualTo(1));
                Assert.That(c.GetProperty("gSteps").GetInt32(), Is.EqualTo(1));
                Assert.That(c.GetProperty("learningRate").GetDouble(), Is.EqualTo(3e-4));
                Assert.That(c.GetProperty("beta1").GetDouble(), Is.EqualTo(0.9));
                Assert.That(c.GetProperty("beta2").GetDouble(), Is.EqualTo(0.999));
                Assert.That(c.GetProperty("batchSize").GetInt32(), Is.EqualTo(64));
                Assert.That(c.GetProperty("noiseDim").GetInt32(), Is.EqualTo(100));
                Assert.That(c.GetProperty("trainSubset").GetInt32(), Is.EqualTo(512));
                Assert.That(c.GetProperty("seed").GetInt64(), Is.EqualTo(0));
                Assert.That(c.GetProperty("threads").GetInt32(), Is.EqualTo(1));
                Assert.That(c.GetProperty("device").GetString(), Is.EqualTo("cpu"));
                Assert.That(data.GetProperty("name").GetString(), Is.EqualTo("mnist-sample"));
                Assert.That(data.GetProperty("trainCount").GetInt32(), Is.EqualTo(512));
                Assert.That(data.GetProperty("fileMd5").EnumerateObject().Select(p => p.Name),
                    Is.EquivalentTo(new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" }));
                Assert.That(data.GetProperty("fileMd5").EnumerateObject().Select(p => p.Value.GetString()), Has.All.Match("^[0-9a-f]{32}$"));
                Assert.That(root.GetProperty("seedStreams").EnumerateObject().Select(p => p.Name),
                    Is.EquivalentTo(new[] { "init", "noise", "dataOrder", "fixedNoise", "evaluation" }));
                Assert.That(provenance.GetProperty("torchSharp").GetString(), Does.StartWith("0.107.0"));
                Assert.That(provenance.GetProperty("libTorch").GetString(), Is.Not.Empty);
                Assert.That(provenance.GetProperty("torchThreads").GetInt32(), Is.EqualTo(1));
                Assert.That(provenance.GetProperty("machine").GetString(), Is.Not.Empty);
                var kernelCheck = provenance.GetProperty("kernelCheck");
                Assert.That(kernelCheck.GetProperty("verdict").GetString(), Is.EqualTo("pass"));
                Assert.That(kernelCheck.GetProperty("rowsChecked").GetInt32(), Is.GreaterThan(40), "G1, D1 and the loss, forward and backward");
                Assert.That(kernelCheck.GetProperty("worstNormalisedError").GetDouble(), Is.GreaterThan(0).And.LessThanOrEqualTo(1));
                Assert.That(kernelCheck.GetProperty("seconds").GetDouble(), Is.GreaterThan(0));
            });
        }

        var header = File.ReadLines(run.MetricsPath).First();
        var rows = MetricsWriter.Read(run.MetricsPath);
        Assert.Multiple(() =>
        {
            Assert.That(header, Is.EqualTo(StepRecord.CsvHeader));
            Assert.That(rows.Select(s => s.Step), Is.EqualTo(Enumerable.Range(1, 8).Select(i => (long)i)), "512 / 64 = 8 rows");
            Assert.That(rows.Select(s => s.Epoch), Has.All.EqualTo(1));
            Assert.That(rows.Select(s => s.DLoss).Concat(rows.Select(s => s.GLoss)), Has.All.Matches<double>(v => double.IsFinite(v) && v > 0));
        });

        var png = File.ReadAllBytes(run.SamplePath(1));
        Assert.Multiple(() =>
        {
            Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
            Assert.That(System.Text.Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"));
            // 8 × 8 images of 28 px with 2 px padding around each: 8·(28 + 2) + 2 = 242 px square.
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), Is.EqualTo(242));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), Is.EqualTo(242));
            Assert.That(System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4), Is.EqualTo("IEND"));
        });

        Assert.That(new FileInfo(Path.Combine(run.LastCheckpointDir, Checkpoint.DiscriminatorFile)).Length, Is.GreaterThan(267_009 * 4));
        using (var g = ModelZoo.CreateGenerator("G1"))
            Assert.DoesNotThrow(() => Checkpoint.LoadGenerator(g, run.LastCheckpointDir), "G.pt loads into a fresh G1");

        var summary = run.ReadSummary()!;
        Assert.Multiple(() =>
        {
            Assert.That(summary.Status, Is.EqualTo("completed"));
            Assert.That((summary.Steps, summary.Epochs, summary.DSteps, summary.GSteps), Is.EqualTo((8L, 1, 8L, 8L)));
            Assert.That(summary.FinalDLoss, Is.EqualTo(rows[^1].DLoss));
            Assert.That(Directory.EnumerateFiles(run.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary files left");
            Assert.That(r.StdOut, Does.Contain($"run directory: {run.Root}"));
        });
    }

    static IEnumerable<TestCaseData> BadArguments()
    {
        static TestCaseData Case(string name, string mentions, params string[] args) =>
            new TestCaseData(args, mentions).SetName($"Bad arguments exit 2 with one line: {name}");
        yield return Case("unknown pair", "'g9-d9'", "--pair", "g9-d9");
        yield return Case("negative lr", "learning rate -0.001", "--lr", "-0.001");
        yield return Case("k = 0", "k = 0", "--k", "0");
        yield return Case("missing data dir", "/nonexistent/gan-data", "--data-dir", "/nonexistent/gan-data");
        yield return Case("unknown g-loss", "'wasserstein'", "--g-loss", "wasserstein");
        yield return Case("--pair with --g", "either --pair or --g/--d", "--pair", "g1-d1", "--g", "G2");
        yield return Case("--g without --d", "--g and --d go together", "--g", "G2");
        yield return Case("--device cuda without CUDA", "CUDA is not available", "--device", "cuda");
        yield return Case("batch larger than the data set", "batch size 9000", "--batch-size", "9000");
        yield return Case("non-numeric --epochs", "abc", "--epochs", "abc");
        yield return Case("unknown option", "epoch", "--epoch", "1");
        yield return Case("unknown slope", "'steep'", "--slope", "steep");
        yield return Case("unknown objective", "unknown objective 'wasserstein'", "--objective", "wasserstein");
        yield return Case("objective with a bad number", "'ten' is not a non-negative number", "--objective", "wgan-gp:ten");
        yield return Case("--objective with --g-loss", "either --objective or its older spelling --g-loss", "--objective", "hinge", "--g-loss", "minimax");
        yield return Case("unknown d-reg", "unknown D regulariser 'r3'", "--d-reg", "r3");
        yield return Case("zero --lr-d", "D's learning rate (--lr-d) 0", "--lr-d", "0");
        yield return Case("--lr-g not a number", "fast", "--lr-g", "fast");
        yield return Case("beta1 out of range", "beta1 1", "--beta1", "1");
        yield return Case("spectral norm of G", "only D is spectrally normalised", "--spectral-norm", "g");
        yield return Case("bad instance noise", "--instance-noise '0.1:x'", "--instance-noise", "0.1:x");
        yield return Case("EMA decay 1", "EMA decay 1 must be in (0, 1)", "--ema", "1");
        yield return Case("label smoothing above 1", "label smoothing 1.5", "--label-smoothing", "1.5");
        yield return Case("label smoothing with hinge", "has none", "--label-smoothing", "0.9", "--objective", "hinge");
        yield return Case("dropout 1", "D dropout 1", "--d-dropout", "1");
        yield return Case("unknown preset", "unknown preset 'wgan'", "--preset", "wgan");
    }

    [TestCaseSource(nameof(BadArguments))]
    public void Bad_train_arguments_exit_2_with_one_line_and_create_nothing(string[] args, string mentions)
    {
        // One epoch unless the case is about --epochs: should a bad argument slip through, the run stays short.
        string[] epochs = args.Contains("--epochs") ? [] : ["--epochs", "1"];
        var r = GanCli.Run(_cwd.Path, ["train", .. args, .. epochs, "--out", "run"]);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput), r.StdErr);
            Assert.That(r.ErrorLines, Has.Length.EqualTo(1), r.StdErr);
            Assert.That(r.StdErr, Does.StartWith("gan: error: ").And.Contain(mentions));
            Assert.That(r.StdErr + r.StdOut, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
            Assert.That(Directory.EnumerateFileSystemEntries(_cwd.Path), Is.Empty, "no run directory (nor runs/) may be created");
        });
    }

    /// <summary>Spectre.Console reads option descriptions as markup, so a bare "[:λ]" crashes --help; every command's help must print.</summary>
    [TestCase("train")]
    [TestCase("eval")]
    [TestCase("export")]
    [TestCase("script")]
    [TestCase("bench")]
    [TestCase("doctor")]
    [TestCase("models")]
    [TestCase("data", "list")]
    [TestCase("data", "download")]
    [TestCase("sweep", "status")]
    [TestCase("classifier", "train")]
    [TestCase("classifier", "floor")]
    public void Every_commands_help_prints_and_exits_0(params string[] command)
    {
        var r = GanCli.Run(_cwd.Path, [.. command, "--help"]);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(r.StdOut, Does.Contain("USAGE"), r.ToString());
            Assert.That(r.StdErr, Does.Not.Contain("Exception"), r.ToString());
        });
    }

    [Test]
    public void Models_prints_the_five_exact_parameter_counts()
    {
        var r = GanCli.Run(_cwd.Path, "models");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        // The count is printed with the current culture's group separator; compare its digits.
        long Count(string model)
        {
            var m = Regex.Match(r.StdOut, $@"^{model}: ([\d.,\u00a0\u202f ]+) parameters", RegexOptions.Multiline);
            Assert.That(m.Success, Is.True, $"no '{model}: N parameters' line in:\n{r.StdOut}");
            return long.Parse(new string(m.Groups[1].Value.Where(char.IsDigit).ToArray()), CultureInfo.InvariantCulture);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Count("G1"), Is.EqualTo(293_136));
            Assert.That(Count("G2"), Is.EqualTo(1_486_352));
            Assert.That(Count("G3"), Is.EqualTo(150_911));
            Assert.That(Count("D1"), Is.EqualTo(267_009));
            Assert.That(Count("D2"), Is.EqualTo(38_293_889));
            Assert.That(r.StdOut, Does.Contain("g1-d1 = G1+D1").And.Contain("g2-d2 = G2+D2").And.Contain("g3-d2 = G3+D2"));
        });
    }

    [Test]
    public void Data_list_shows_the_embedded_sample_as_found()
    {
        var r = GanCli.Run(_cwd.Path, "data", "list");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Match(@"mnist-sample\s*│\s*yes\s*│"));
    }

    [Test]
    public void Unknown_command_exits_2_with_one_line()
    {
        var r = GanCli.Run(_cwd.Path, "trian");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(r.StdErr, Does.StartWith("gan: error: "));
    }
}
