using System.Globalization;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>
/// Appends <see cref="StepRecord"/>s to <c>metrics.csv</c>. Floats are written in their shortest round-trip form,
/// so a CSV value parses back to the exact float32 the trainer computed.
/// </summary>
public sealed class MetricsWriter : IDisposable
{
    readonly StreamWriter _writer;

    public MetricsWriter(string path)
    {
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        if (!exists) _writer.WriteLine(StepRecord.CsvHeader);
    }

    public static string Format(StepRecord r)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(',',
            r.Step.ToString(c), r.Epoch.ToString(c),
            r.DLoss.ToString("R", c), r.GLoss.ToString("R", c), r.DReal.ToString("R", c), r.DFake.ToString("R", c),
            r.DSteps.ToString(c), r.GSteps.ToString(c), r.WallMs.ToString("F3", c));
    }

    public void Write(StepRecord r) => _writer.WriteLine(Format(r));

    /// <summary>Pushes buffered rows to disk (each epoch, and before a checkpoint).</summary>
    public void Flush()
    {
        _writer.Flush();
        ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
    }

    public static IReadOnlyList<StepRecord> Read(string path)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<StepRecord>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != 9) throw new GanException($"{path}: malformed row '{line}' (expected 9 columns: {StepRecord.CsvHeader})");
            rows.Add(new StepRecord(long.Parse(f[0], c), int.Parse(f[1], c),
                float.Parse(f[2], c), float.Parse(f[3], c), float.Parse(f[4], c), float.Parse(f[5], c),
                int.Parse(f[6], c), int.Parse(f[7], c), double.Parse(f[8], c)));
        }
        return rows;
    }

    public void Dispose() => _writer.Dispose();
}
