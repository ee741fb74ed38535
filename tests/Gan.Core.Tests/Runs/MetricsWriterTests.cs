using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;

namespace Gan.Core.Tests.Runs;

public class MetricsWriterTests
{
    [Test]
    public void Rows_read_back_to_the_exact_float32_values_and_schedule_columns()
    {
        using var dir = new TempDirectory();
        var path = dir.File("metrics.csv");
        StepRecord[] rows =
        [
            new(1, 1, 1.3862944f, 0.6931472f, 0.49999997f, 1e-30f, 3, 1, 12.5) { RealSign = 0.0625f, AugmentP = 0.256 },
            new(2, 1, 100f, float.Epsilon, 1f, 0f, 1, 3, 0.001) { RealSign = -1, AugmentP = 0 },
        ];
        using (var w = new MetricsWriter(path))
        {
            foreach (var r in rows) w.Write(r);
            w.Flush();
        }
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadLines(path).First(), Is.EqualTo("step,epoch,d_loss,g_loss,d_real,d_fake,d_steps,g_steps,r_t,aug_p,wall_ms"));
            Assert.That(File.ReadLines(path).ElementAt(1).Split(',')[6..8], Is.EqualTo(new[] { "3", "1" }));
            Assert.That(MetricsWriter.Read(path), Is.EqualTo(rows));
        });
    }

    [Test]
    public void Reopening_appends_without_a_second_header()
    {
        using var dir = new TempDirectory();
        var path = dir.File("metrics.csv");
        using (var w = new MetricsWriter(path)) w.Write(new StepRecord(1, 1, 1, 1, 0.5f, 0.5f, 1, 1, 1));
        using (var w = new MetricsWriter(path)) w.Write(new StepRecord(2, 1, 1, 1, 0.5f, 0.5f, 1, 1, 1));
        Assert.That(File.ReadLines(path).Count(l => l.StartsWith("step,")), Is.EqualTo(1));
        Assert.That(MetricsWriter.Read(path).Select(r => r.Step), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void A_file_from_before_r_t_reads_with_NaN_signals_but_is_not_resumed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("metrics.csv");
        File.WriteAllLines(path, [StepRecord.LegacyCsvHeader + ",r1", "1,1,1.5,0.75,0.5,0.25,1,1,12.000,0.125"]);
        var row = MetricsWriter.Read(path).Single();
        Assert.Multiple(() =>
        {
            Assert.That((row.DLoss, row.GLoss, row.WallMs, row.Terms.Single()), Is.EqualTo((1.5, 0.75, 12.0, 0.125)));
            Assert.That(row.RealSign, Is.NaN);
            Assert.That(row.AugmentP, Is.NaN);
        });
        var e = Assert.Throws<GanException>(() => MetricsWriter.TruncateTo(path, 1, ["r1"]))!;
        Assert.That(e.Message, Does.StartWith(path).And.Contain("earlier version").And.Contain("start a new run"));
    }

    [Test]
    public void Malformed_row_is_an_error_naming_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("metrics.csv");
        File.WriteAllLines(path, [StepRecord.CsvHeader, "1,1,0.5"]);
        var e = Assert.Throws<GanException>(() => MetricsWriter.Read(path))!;
        Assert.That(e.Message, Does.StartWith(path).And.Contain("'1,1,0.5'"));
    }
}
