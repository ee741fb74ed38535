using System.Globalization;
using System.Text;
using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runs;

public class TensorBoardLogTests
{
    string _root = null!;
    string _run = null!;
    List<TbEvent> _events = null!;

    [OneTimeSetUp]
    public void TrainWithEvaluationAndAPenaltyTerm()
    {
        _root = Directory.CreateTempSubdirectory("gan-tb-").FullName;
        _run = Path.Combine(_root, "run");
        TrainingRun.Execute(new TrainingConfig
        {
            Epochs = 2,
            TrainSubset = 256,
            Threads = 1,
            EvalEvery = 1,
            EvalSamples = 100,
            DRegulariser = "r1",
        }, _run);
        _events = TfRecordReader.ReadDirectory(Path.Combine(_run, TensorBoardLog.Folder));
    }

    [OneTimeTearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_reader_computes_crc32c_and_rejects_a_damaged_file()
    {
        Assert.That(TfRecordReader.Crc32C(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xE3069283u), "the CRC-32C check value");
        var file = Directory.GetFiles(Path.Combine(_run, TensorBoardLog.Folder)).Single();
        var copy = Path.Combine(_root, "damaged");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(copy, bytes);
        Assert.Throws<InvalidDataException>(() => TfRecordReader.Records(copy));
    }

    [Test]
    public void The_file_starts_with_its_version_record()
    {
        Assert.That(_events[0].FileVersion, Is.EqualTo("brain.Event:2"));
    }

    static Dictionary<(string Tag, long Step), float> Scalars(IEnumerable<TbEvent> events) =>
        events.SelectMany(e => e.Values.Where(v => v.Simple.HasValue).Select(v => (Key: (v.Tag, e.Step), Value: v.Simple!.Value)))
            .ToDictionary(x => x.Key, x => x.Value);

    [Test]
    public void Every_metrics_row_is_there_with_the_same_values()
    {
        var rows = MetricsWriter.Read(Path.Combine(_run, "metrics.csv"));
        var scalars = Scalars(_events);
        var terms = File.ReadLines(Path.Combine(_run, "metrics.csv")).First().Split(',')[StepRecord.CsvHeader.Split(',').Length..];
        Assert.That(terms, Is.EqualTo(new[] { "r1" }), "the run should have one extra D term");
        Assert.That(rows, Has.Count.EqualTo(8));
        foreach (var r in rows)
        {
            Assert.That(scalars[("loss/d", r.Step)], Is.EqualTo(r.DLoss));
            Assert.That(scalars[("loss/g", r.Step)], Is.EqualTo(r.GLoss));
            Assert.That(scalars[("d/real", r.Step)], Is.EqualTo(r.DReal));
            Assert.That(scalars[("d/fake", r.Step)], Is.EqualTo(r.DFake));
            Assert.That(scalars[("d/r_t", r.Step)], Is.EqualTo(r.RealSign));
            Assert.That(scalars[("augment/p", r.Step)], Is.EqualTo(r.AugmentP));
            Assert.That(scalars[("term/r1", r.Step)], Is.EqualTo(r.Terms[0]));
        }
        Assert.That(scalars.Keys.Count(k => !k.Tag.StartsWith(TensorBoardLog.EvalPrefix, StringComparison.Ordinal)), Is.EqualTo(rows.Count * 7),
            "no step scalars beyond metrics.csv's");
    }

    [Test]
    public void Every_evaluation_row_is_there_at_its_step()
    {
        var lines = File.ReadAllLines(Path.Combine(_run, "eval.csv"));
        var header = lines[0].Split(',');
        var scalars = Scalars(_events);
        string[] metrics = ["frechet_distance", "classifier_score", "classes_covered", "classes_at_share", "coverage_kl", "max_class_fraction", "mean_confidence", "precision", "recall"];
        Assert.That(lines, Has.Length.EqualTo(3));
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            var step = long.Parse(f[Array.IndexOf(header, "step")], CultureInfo.InvariantCulture);
            foreach (var m in metrics)
            {
                var expected = (float)double.Parse(f[Array.IndexOf(header, m)], CultureInfo.InvariantCulture);
                Assert.That(scalars[(TensorBoardLog.EvalPrefix + m, step)], Is.EqualTo(expected), $"{m} at step {step}");
            }
        }
    }

    [Test]
    public void Each_epochs_sample_grid_is_an_image_and_the_config_is_text()
    {
        var images = _events.SelectMany(e => e.Values.Where(v => v.Tag == TensorBoardLog.SamplesTag).Select(v => (e.Step, v))).ToList();
        Assert.That(images.Select(i => i.Step), Is.EqualTo(new long[] { 4, 8 }));
        foreach (var (_, v) in images)
        {
            Assert.That(v.Png![..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
            Assert.That((v.ImageWidth, v.ImageHeight), Is.EqualTo((242, 242)), "8×8 grid of 28-pixel images with 2-pixel padding");
        }
        // The text plugin's tag suffix, as PyTorch's add_text writes it.
        var config = _events.SelectMany(e => e.Values).Single(v => v.Tag == TensorBoardLog.ConfigTag + "/text_summary");
        Assert.That(string.Concat(config.Strings), Does.Contain("\"generator\": \"G1\"").And.Contain("\"dRegulariser\": \"r1"));
    }

    [Test]
    public void Tensorboard_off_writes_no_folder()
    {
        var run = Path.Combine(_root, "off");
        TrainingRun.Execute(new TrainingConfig { Epochs = 1, TrainSubset = 64, Threads = 1, TensorBoard = false }, run);
        Assert.That(Directory.Exists(Path.Combine(run, TensorBoardLog.Folder)), Is.False);
    }
}
