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

    public static IReadOnlyList<StepRecord> Read(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => Parse(path, l)).ToList();

    static StepRecord Parse(string path, string line)
    {
        var c = CultureInfo.InvariantCulture;
        var f = line.Split(',');
        if (f.Length != 9) throw new GanException($"{path}: malformed row '{line}' (expected 9 columns: {StepRecord.CsvHeader})");
        return new StepRecord(long.Parse(f[0], c), int.Parse(f[1], c),
            float.Parse(f[2], c), float.Parse(f[3], c), float.Parse(f[4], c), float.Parse(f[5], c),
            int.Parse(f[6], c), int.Parse(f[7], c), double.Parse(f[8], c));
    }

    /// <summary>
    /// Cuts <c>metrics.csv</c> back to its first <paramref name="steps"/> rows (rows written after the checkpoint a run
    /// resumes from), after checking they are steps 1..steps in order; returns those rows. Rewritten atomically.
    /// </summary>
    public static IReadOnlyList<StepRecord> TruncateTo(string path, long steps)
    {
        if (!File.Exists(path))
        {
            if (steps == 0) return [];
            throw new GanException($"{path}: missing, but the checkpoint is at step {steps}; the run directory is damaged, start a new run");
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length > 0 && lines[0] != StepRecord.CsvHeader)
            throw new GanException($"{path}: unexpected header '{lines[0]}' (expected {StepRecord.CsvHeader}); the run directory is damaged, start a new run");
        // Rows past the checkpoint, the last possibly cut mid-line by the kill, are dropped unread.
        var data = lines.Skip(1).Where(l => l.Length > 0).ToList();
        if (data.Count < steps)
            throw new GanException($"{path}: {data.Count} rows but the checkpoint is at step {steps}; the run directory is damaged, start a new run");
        var kept = data.Take((int)steps).Select(l => Parse(path, l)).ToList();
        for (int i = 0; i < kept.Count; i++)
        {
            if (kept[i].Step != i + 1)
                throw new GanException($"{path}: row {i + 1} is step {kept[i].Step}; the run directory is damaged, start a new run");
        }
        if (data.Count > steps || lines.Length == 0)
            AtomicFile.WriteAllText(path, string.Join('\n', data.Take((int)steps).Prepend(StepRecord.CsvHeader)) + "\n");
        return kept;
    }

    public void Dispose() => _writer.Dispose();
}
