using System.Globalization;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>
/// Appends <see cref="StepRecord"/>s to <c>metrics.csv</c>: <see cref="StepRecord.CsvHeader"/>'s columns, then one per
/// named term of D's loss (gp, r1, ...) the run's objective and regularisers add. Values are written in their shortest
/// round-trip form, as float32 when they are one (an fp32 or bf16-mixed run) and float64 otherwise (an fp64 run), so a
/// CSV value parses back to the exact number the trainer computed.
/// </summary>
public sealed class MetricsWriter : IDisposable
{
    readonly StreamWriter _writer;
    readonly int _terms;

    public MetricsWriter(string path, IReadOnlyList<string>? terms = null)
    {
        terms ??= [];
        _terms = terms.Count;
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists && File.ReadLines(path).First() != Header(terms))
            throw new GanException($"{path}: header '{File.ReadLines(path).First()}' does not match this run's columns ({Header(terms)}); the run directory is damaged, start a new run");
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        if (!exists) _writer.WriteLine(Header(terms));
    }

    /// <summary>The header of a metrics.csv with these extra term columns.</summary>
    public static string Header(IReadOnlyList<string> terms) =>
        terms.Count == 0 ? StepRecord.CsvHeader : StepRecord.CsvHeader + "," + string.Join(',', terms);

    public static string Format(StepRecord r)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(',', new[]
        {
            r.Step.ToString(c), r.Epoch.ToString(c),
            Value(r.DLoss), Value(r.GLoss), Value(r.DReal), Value(r.DFake),
            r.DSteps.ToString(c), r.GSteps.ToString(c), Value(r.RealSign), Value(r.AugmentP), r.WallMs.ToString("F3", c),
        }.Concat(r.Terms.Select(Value)));
    }

    /// <summary>
    /// The text <see cref="ParseValue"/> reads back as exactly <paramref name="v"/>: a float32's shortest form (0.3039,
    /// not 0.30390000343322754) when <paramref name="v"/> is a float32; else float64's shortest form, or its 17 digits in
    /// the rare case that the shortest form is also some float32's (0.1), so the two never read alike.
    /// </summary>
    static string Value(double v)
    {
        var c = CultureInfo.InvariantCulture;
        if ((double)(float)v == v || double.IsNaN(v)) return ((float)v).ToString("R", c);
        var text = v.ToString("R", c);
        return IsFloat32Text(text) ? v.ToString("G17", c) : text;
    }

    /// <summary>A value <see cref="Value"/> wrote: a float32's shortest form is read as that float32, anything else as float64.</summary>
    static double ParseValue(string text) =>
        IsFloat32Text(text) ? float.Parse(text, CultureInfo.InvariantCulture) : double.Parse(text, CultureInfo.InvariantCulture);

    static bool IsFloat32Text(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f.ToString("R", CultureInfo.InvariantCulture) == text;

    public void Write(StepRecord r)
    {
        if (r.Terms.Count != _terms)
            throw new ArgumentException($"row has {r.Terms.Count} extra terms, metrics.csv {_terms}", nameof(r));
        _writer.WriteLine(Format(r));
    }

    /// <summary>Pushes buffered rows to disk (each epoch, and before a checkpoint).</summary>
    public void Flush()
    {
        _writer.Flush();
        ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
    }

    /// <summary>
    /// Every row; columns after <see cref="StepRecord.CsvHeader"/>'s are read as the rows' terms. A file with the
    /// <see cref="StepRecord.LegacyCsvHeader"/> (written before r_t and aug_p) reads with both NaN.
    /// </summary>
    public static IReadOnlyList<StepRecord> Read(string path)
    {
        var lines = File.ReadLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return [];
        var (columns, legacy) = Columns(path, lines[0]);
        return lines.Skip(1).Select(l => Parse(path, l, columns, legacy)).ToList();
    }

    /// <summary>The column count a header announces and whether it is the legacy one, after checking its start.</summary>
    static (int Columns, bool Legacy) Columns(string path, string header)
    {
        static bool Starts(string header, string with) => header == with || header.StartsWith(with + ",", StringComparison.Ordinal);
        if (!Starts(header, StepRecord.CsvHeader) && !Starts(header, StepRecord.LegacyCsvHeader))
            throw new GanException($"{path}: unexpected header '{header}' (expected {StepRecord.CsvHeader}[,terms]); the run directory is damaged, start a new run");
        return (header.Split(',').Length, !Starts(header, StepRecord.CsvHeader));
    }

    static StepRecord Parse(string path, string line, int columns, bool legacy = false)
    {
        var c = CultureInfo.InvariantCulture;
        var f = line.Split(',');
        if (f.Length != columns) throw new GanException($"{path}: malformed row '{line}' (expected {columns} columns as in its header)");
        int wall = legacy ? 8 : 10;
        return new StepRecord(long.Parse(f[0], c), int.Parse(f[1], c),
            ParseValue(f[2]), ParseValue(f[3]), ParseValue(f[4]), ParseValue(f[5]),
            int.Parse(f[6], c), int.Parse(f[7], c), double.Parse(f[wall], c))
        {
            RealSign = legacy ? double.NaN : ParseValue(f[8]),
            AugmentP = legacy ? double.NaN : ParseValue(f[9]),
            Terms = f[(wall + 1)..].Select(ParseValue).ToArray(),
        };
    }

    /// <summary>
    /// Cuts <c>metrics.csv</c> back to its first <paramref name="steps"/> rows (rows written after the checkpoint a run
    /// resumes from), after checking the header has the run's <paramref name="terms"/> and the rows are steps 1..steps
    /// in order; returns those rows. Rewritten atomically.
    /// </summary>
    public static IReadOnlyList<StepRecord> TruncateTo(string path, long steps, IReadOnlyList<string>? terms = null)
    {
        var header = Header(terms ?? []);
        if (!File.Exists(path))
        {
            if (steps == 0) return [];
            throw new GanException($"{path}: missing, but the checkpoint is at step {steps}; the run directory is damaged, start a new run");
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length > 0 && lines[0].StartsWith(StepRecord.LegacyCsvHeader, StringComparison.Ordinal))
            throw new GanException($"{path}: written by an earlier version (no r_t and aug_p columns), which cannot be resumed by this one; resume it with that version or start a new run");
        if (lines.Length > 0 && lines[0] != header)
            throw new GanException($"{path}: unexpected header '{lines[0]}' (expected {header}); the run directory is damaged, start a new run");
        // Rows past the checkpoint, the last possibly cut mid-line by the kill, are dropped unread.
        var data = lines.Skip(1).Where(l => l.Length > 0).ToList();
        if (data.Count < steps)
            throw new GanException($"{path}: {data.Count} rows but the checkpoint is at step {steps}; the run directory is damaged, start a new run");
        int columns = header.Split(',').Length;
        var kept = data.Take((int)steps).Select(l => Parse(path, l, columns)).ToList();
        for (int i = 0; i < kept.Count; i++)
        {
            if (kept[i].Step != i + 1)
                throw new GanException($"{path}: row {i + 1} is step {kept[i].Step}; the run directory is damaged, start a new run");
        }
        if (data.Count > steps || lines.Length == 0)
            AtomicFile.WriteAllText(path, string.Join('\n', data.Take((int)steps).Prepend(header)) + "\n");
        return kept;
    }

    public void Dispose() => _writer.Dispose();
}
