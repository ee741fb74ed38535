using System.Collections;
using Gan.Core.Runs;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Gan.Core.Interop;

/// <summary>
/// G and D weights as PyTorch state_dicts (<c>torch.save(model.state_dict())</c>'s pickle format, through
/// TorchSharp.PyBridge): <c>G.pt</c> and <c>D.pt</c> in one folder. The models' Sequential indices follow the study's
/// PyTorch listings, so the keys are the study's (<c>gen.0.weight</c>, <c>disc.4.bias</c>, ...) and
/// <c>load_state_dict</c> on bench/pytorch/study_step.py's modules takes them as they are.
/// </summary>
public static class PyTorchStateDicts
{
    public const string GeneratorFile = "G.pt";
    public const string DiscriminatorFile = "D.pt";

    /// <summary>Writes both files, each to a temporary name first, so a folder never holds half a file.</summary>
    public static void Save(nn.Module g, nn.Module d, string dir)
    {
        Directory.CreateDirectory(dir);
        AtomicFile.WriteVia(Path.Combine(dir, GeneratorFile), tmp => g.save_py(tmp));
        AtomicFile.WriteVia(Path.Combine(dir, DiscriminatorFile), tmp => d.save_py(tmp));
    }

    /// <summary>
    /// Loads <c>G.pt</c> and <c>D.pt</c> from <paramref name="dir"/> into <paramref name="g"/> and
    /// <paramref name="d"/>. Both files are read and checked (every key present, none extra, every shape equal) before
    /// either model is touched, so a bad file leaves both models as they were.
    /// </summary>
    public static void Load(nn.Module g, nn.Module d, string dir)
    {
        if (!Directory.Exists(dir))
            throw new GanException($"--init-from '{dir}': no such folder; give a folder holding {GeneratorFile} and {DiscriminatorFile} (PyTorch state_dicts, as 'gan export' writes)");
        var gState = Read(Path.Combine(dir, GeneratorFile), g);
        var dState = Read(Path.Combine(dir, DiscriminatorFile), d);
        try
        {
            CopyInto(g, gState);
            CopyInto(d, dState);
        }
        finally
        {
            foreach (var t in gState.Values.Concat(dState.Values)) t.Dispose();
        }
    }

    /// <summary>Unpickles one state_dict and checks it against the model's own, naming the first difference.</summary>
    static Dictionary<string, Tensor> Read(string path, nn.Module model)
    {
        var modelName = model.GetType().Name;
        if (!File.Exists(path))
            throw new GanException($"{path}: not found; --init-from needs {GeneratorFile} and {DiscriminatorFile} side by side");
        Hashtable raw;
        try
        {
            raw = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not GanException and not OutOfMemoryException)
        {
            throw new GanException($"{path}: not a PyTorch state_dict ({e.Message.Split('\n')[0]}); save one with torch.save(model.state_dict(), path)");
        }
        var state = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry e in raw)
        {
            if (e.Key is string key && e.Value is Tensor t) state[key] = t;
        }
        try
        {
            var expected = model.state_dict();
            var missing = expected.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var extra = state.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                var parts = new List<string>();
                if (missing.Count > 0) parts.Add($"missing {string.Join(", ", missing)}");
                if (extra.Count > 0) parts.Add($"unexpected {string.Join(", ", extra)}");
                throw new GanException($"{path}: keys do not match {modelName} ({string.Join("; ", parts)}); was it saved from another model?");
            }
            foreach (var (key, own) in expected)
            {
                var got = state[key];
                if (!got.shape.SequenceEqual(own.shape))
                    throw new GanException($"{path}: {key} has shape [{string.Join(", ", got.shape)}] but {modelName} expects [{string.Join(", ", own.shape)}]; was it saved from another model?");
                if (got.is_floating_point() != own.is_floating_point())
                    throw new GanException($"{path}: {key} is {got.dtype} but {modelName} expects {own.dtype}");
            }
            return state;
        }
        catch
        {
            foreach (var t in state.Values) t.Dispose();
            throw;
        }
    }

    static void CopyInto(nn.Module model, Dictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        foreach (var (key, own) in model.state_dict())
            own.copy_(state[key]);
    }
}
