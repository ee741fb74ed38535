using System.Security.Cryptography;
using Gan.Core.Training;

namespace Gan.Core.Runs;

/// <summary>A resumable checkpoint on disk: its folder and its validated manifest.</summary>
public sealed record StoredCheckpoint(string Directory, CheckpointManifest Manifest);

/// <summary>
/// Resumable checkpoints of a run, one folder each, <c>checkpoints/step-NNNNNNNNN/</c>: G and D weights
/// (<c>G.pt</c>, <c>D.pt</c>, and <c>G_ema.pt</c> when the run averages G), both Adam optimizers' state (<c>G.adam</c>, <c>D.adam</c>: moments and step counts,
/// TorchSharp's format) and <c>state.json</c> (<see cref="CheckpointManifest"/>). A checkpoint is written into a hidden
/// temporary folder, every file flushed to disk, and only then renamed into place, so a crash mid-write never leaves a
/// half checkpoint under a real name and never touches the previous ones; the newest <c>keep</c> are kept.
/// </summary>
public sealed class CheckpointStore(RunDirectory run)
{
    public const string Prefix = "step-";
    public const string ManifestFile = "state.json";
    public const string GeneratorOptimizerFile = "G.adam";
    public const string DiscriminatorOptimizerFile = "D.adam";
    static readonly string[] DataFiles = [Checkpoint.GeneratorFile, Checkpoint.DiscriminatorFile, GeneratorOptimizerFile, DiscriminatorOptimizerFile];

    /// <summary>The files a checkpoint of a run with this config holds besides its manifest.</summary>
    static IEnumerable<string> FilesOf(TrainingConfig config) =>
        config.Ema is null ? DataFiles : DataFiles.Append(Checkpoint.AverageGeneratorFile);

    public string Root => run.CheckpointsDir;

    /// <summary>Checkpoint folders, oldest first (by step; temporary folders excluded).</summary>
    public IReadOnlyList<string> List()
    {
        if (!System.IO.Directory.Exists(Root)) return [];
        return System.IO.Directory.EnumerateDirectories(Root, Prefix + "*")
            .Select(d => (Dir: d, Step: ParseStep(Path.GetFileName(d))))
            .Where(x => x.Step >= 0)
            .OrderBy(x => x.Step)
            .Select(x => x.Dir)
            .ToList();
    }

    static long ParseStep(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && long.TryParse(name.AsSpan(Prefix.Length), out var s) ? s : -1;

    /// <summary>
    /// Writes a checkpoint of the trainer's current state (unless one for this step exists already), then deletes all
    /// but the newest <paramref name="keep"/>. Returns the checkpoint's folder.
    /// </summary>
    public string Save(GanTrainer trainer, double wallSeconds, int keep)
    {
        var final = Path.Combine(Root, $"{Prefix}{trainer.Step:D9}");
        if (System.IO.Directory.Exists(final)) return final;
        DeleteTemporaries();
        var tmp = Path.Combine(Root, $".{Path.GetFileName(final)}.{Environment.ProcessId}.tmp");
        System.IO.Directory.CreateDirectory(tmp);
        try
        {
            trainer.G.save(Path.Combine(tmp, Checkpoint.GeneratorFile));
            trainer.D.save(Path.Combine(tmp, Checkpoint.DiscriminatorFile));
            trainer.OptG.save_state_dict(Path.Combine(tmp, GeneratorOptimizerFile));
            trainer.OptD.save_state_dict(Path.Combine(tmp, DiscriminatorOptimizerFile));
            trainer.GEma?.save(Path.Combine(tmp, Checkpoint.AverageGeneratorFile));
            var md5 = new SortedDictionary<string, string>();
            foreach (var f in FilesOf(trainer.Config))
            {
                var path = Path.Combine(tmp, f);
                FlushToDisk(path);
                md5[f] = Md5(path);
            }
            var c = trainer.Config;
            var manifest = new CheckpointManifest(CheckpointManifest.CurrentFormat, c.Generator, c.Discriminator, c.Slope, c.NoiseDim,
                trainer.CaptureState(), wallSeconds, md5, DateTime.UtcNow);
            var manifestPath = Path.Combine(tmp, ManifestFile);
            File.WriteAllText(manifestPath, Json.Serialize(manifest) + "\n");
            FlushToDisk(manifestPath);
            System.IO.Directory.Move(tmp, final);
        }
        catch
        {
            System.IO.Directory.Delete(tmp, recursive: true);
            throw;
        }
        foreach (var old in List().SkipLast(keep))
            System.IO.Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>Removes folders left by a write that a crash interrupted; they were never renamed into place.</summary>
    public void DeleteTemporaries()
    {
        if (!System.IO.Directory.Exists(Root)) return;
        foreach (var d in System.IO.Directory.EnumerateDirectories(Root, $".{Prefix}*.tmp"))
            System.IO.Directory.Delete(d, recursive: true);
    }

    /// <summary>
    /// The newest checkpoint, checked against <paramref name="config"/> and its files' MD5s; null when there is none.
    /// A damaged or foreign checkpoint is an error naming the file and the way out, never a silent fallback.
    /// </summary>
    public StoredCheckpoint? Latest(TrainingConfig config)
    {
        var all = List();
        if (all.Count == 0) return null;
        var dir = all[^1];
        var older = all.Count > 1 ? $"delete {dir} to resume from the previous checkpoint ({Path.GetFileName(all[^2])})" : "start a new run";
        var manifestPath = Path.Combine(dir, ManifestFile);
        if (!File.Exists(manifestPath))
            throw new GanException($"{manifestPath}: checkpoint manifest missing; the checkpoint is damaged: {older}");
        CheckpointManifest m;
        try
        {
            m = Json.Read<CheckpointManifest>(manifestPath);
        }
        catch (GanException)
        {
            throw new GanException($"{manifestPath}: not a valid checkpoint manifest; the checkpoint is damaged: {older}");
        }
        if (m.Format != CheckpointManifest.CurrentFormat || m.Trainer is null || m.FileMd5 is null)
            throw new GanException($"{manifestPath}: unknown checkpoint format {m.Format}; {older}");
        if (m.Generator != config.Generator || m.Discriminator != config.Discriminator || m.Slope != config.Slope || m.NoiseDim != config.NoiseDim)
            throw new GanException($"{dir}: checkpoint of {m.Generator}+{m.Discriminator} (slope {m.Slope.ToString().ToLowerInvariant()}, noise {m.NoiseDim}) " +
                $"but config.json trains {config.PairLabel} (slope {config.Slope.ToString().ToLowerInvariant()}, noise {config.NoiseDim}); it belongs to another run: {older}");
        foreach (var f in FilesOf(config))
        {
            var path = Path.Combine(dir, f);
            if (!File.Exists(path))
                throw new GanException($"{path}: checkpoint file missing; {older}");
            if (!m.FileMd5.TryGetValue(f, out var expected) || Md5(path) != expected)
                throw new GanException($"{path}: checksum mismatch, the checkpoint file is damaged; {older}");
        }
        return new StoredCheckpoint(dir, m);
    }

    /// <summary>Loads a checkpoint's weights, optimizer state and trainer state into a trainer built from the run's config.</summary>
    public static void Restore(StoredCheckpoint checkpoint, GanTrainer trainer)
    {
        Load(checkpoint.Directory, Checkpoint.GeneratorFile, p => trainer.G.load(p));
        Load(checkpoint.Directory, Checkpoint.DiscriminatorFile, p => trainer.D.load(p));
        Load(checkpoint.Directory, GeneratorOptimizerFile, trainer.OptG.load_state_dict);
        Load(checkpoint.Directory, DiscriminatorOptimizerFile, trainer.OptD.load_state_dict);
        if (trainer.GEma is { } average)
            Load(checkpoint.Directory, Checkpoint.AverageGeneratorFile, p => average.load(p));
        trainer.RestoreState(checkpoint.Manifest.Trainer);
    }

    static void Load(string dir, string file, Action<string> load)
    {
        var path = Path.Combine(dir, file);
        try
        {
            load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException or InvalidDataException)
        {
            throw new GanException($"{path}: cannot load ({e.Message.Split('\n')[0]}); the checkpoint does not fit this run's models");
        }
    }

    static void FlushToDisk(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        fs.Flush(flushToDisk: true);
    }

    static string Md5(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(s));
    }
}
