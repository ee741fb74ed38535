using System.Diagnostics;
using System.Runtime.CompilerServices;
using Gan.Core.Models;
using Gan.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Tests, before anything trusts them, the CPU kernels a command's models and loss use: every leaf module (found by
/// a probe forward with hooks, as <see cref="Models.ModelCard"/> does) runs in the tested precision at the exact
/// shapes and batch sizes of the run, forward and backward, and is compared with float64 against a bound float32
/// rounding justifies (<see cref="LeafCheckers"/>). LibTorch picks its SIMD kernels by CPU, and on some CPUs a kernel
/// silently computes the wrong function; this is where that shows.
/// </summary>
public static class KernelCheck
{
    /// <summary>Probe batch for finding each leaf's input shape; two rows tell the batch dimension from the others.</summary>
    const int ProbeBatch = 2;

    /// <summary>
    /// Runs <paramref name="plan"/> with <paramref name="threads"/> intra-op threads (0 keeps the current count: kernels
    /// can depend on it). The global torch RNG is seeded for the check's own models and inputs, so a report is
    /// reproducible, and restored afterwards, as are borrowed models, so a run that checks first trains bit-identically.
    /// With a <paramref name="cache"/>, a passing verdict kept for the same key (<see cref="KernelCheckCache"/>) is
    /// returned after the probe instead of checking again, and a new passing verdict is kept.
    /// </summary>
    public static KernelCheckReport Run(KernelCheckPlan plan, int threads = 0, KernelPrecision? precision = null, LeafCheckers? checkers = null,
        KernelCheckCache? cache = null)
    {
        var watch = Stopwatch.StartNew();
        precision ??= KernelPrecision.Float32;
        checkers ??= LeafCheckers.Default;
        TorchThreads.Use(threads);
        var built = new List<nn.Module>();
        var borrowed = new List<BorrowedModel>();
        var rows = new List<KernelCheckRow>();
        var entries = new List<Entry>();
        string? cacheKey = null;
        using var rng = random.get_rng_state();
        using var grad = enable_grad();
        try
        {
            random.manual_seed(Seed);
            foreach (var target in plan.Models)
            {
                var model = target.Model();
                if (!target.Borrowed) built.Add(model);
                else if (!borrowed.Any(b => b.Model == model)) borrowed.Add(new BorrowedModel(model, checkers));
                if (model.parameters().Any(p => p.dtype != precision.DType))
                {
                    if (target.Borrowed) throw new InvalidOperationException($"{target.Name} is not {precision.Name}; the check does not convert a model it borrows");
                    model.to(precision.DType);
                }
                model.train(target.Training);
                foreach (var (path, leaf, shape) in Probe(model, target.SampleShape))
                {
                    var checker = checkers.For(leaf);
                    var settings = checker.Settings(leaf);
                    var key = $"{leaf.GetType().FullName}|{settings ?? "instance " + RuntimeHelpers.GetHashCode(leaf)}|{string.Join(",", shape)}";
                    var entry = entries.FirstOrDefault(e => e.Key == key);
                    if (entry is null)
                    {
                        var type = leaf.GetType().Name;
                        entry = new Entry(key, string.IsNullOrEmpty(settings) ? type : $"{type}({settings})", checker, leaf, shape, target.Training);
                        entries.Add(entry);
                    }
                    entry.Add($"{target.Name}.{path}", target);
                }
            }
            if (cache is not null)
            {
                cacheKey = KernelCheckCache.Key(MachineInfo.Capture(), precision.Name,
                    entries.Select(e => e.Describe()).Append($"loss {string.Join(",", plan.LossBatchSizes)}"));
                if (cache.Find(cacheKey) is { } kept) return kept with { Seconds = watch.Elapsed.TotalSeconds, Cached = true };
            }
            for (int i = 0; i < entries.Count; i++)
                rows.AddRange(entries[i].Check(precision, seed: Seed + i));
            using (var context = new LeafCheckContext(precision, backward: true, seed: Seed + entries.Count))
                rows.AddRange(BinaryCrossEntropyCheck.Rows(plan.LossBatchSizes, context));
        }
        finally
        {
            random.set_rng_state(rng);
            foreach (var m in borrowed) m.Restore();
            foreach (var m in built) m.Dispose();
        }
        var checkedIn = entries.Select(e => (e.Checker.OwnPrecision ?? precision).Name).Prepend(precision.Name).Distinct();
        var report = new KernelCheckReport(string.Join(" and ", checkedIn), MachineInfo.Capture(), rows, watch.Elapsed.TotalSeconds);
        if (cacheKey is not null) cache!.Keep(cacheKey, report);
        return report;
    }

    /// <summary>Seed of the check's own models and inputs.</summary>
    const int Seed = 0;

    /// <summary>
    /// At the start of a run: checks <paramref name="plan"/> and stops with a one-line <see cref="GanException"/>
    /// (<see cref="ExitCodes.KernelCheckFailed"/>) when a kernel the models use fails; otherwise returns the verdict to
    /// record. Uses the verdict cache <see cref="KernelCheckCache.FromEnvironment"/> names.
    /// </summary>
    public static KernelCheckSummary Require(KernelCheckPlan plan, int threads)
    {
        var report = Run(plan, threads, cache: KernelCheckCache.FromEnvironment());
        report.ThrowIfFailed();
        return report.Summary();
    }

    /// <summary>
    /// At the start of training (<c>gan train</c>, <c>gan bench</c>, scripts): <see cref="Require"/> for
    /// <see cref="KernelCheckPlan.ForTraining"/> on the trainer's own G and D, just built, with the run's threads; null
    /// when the models run on a GPU, whose kernels this check does not test; <see cref="KernelCheckSummary.Float64"/> for fp64.
    /// </summary>
    public static KernelCheckSummary? RequireForTraining(TrainingConfig config, int trainCount, Models.Generator g, Discriminator d) =>
        DeviceSelector.Resolve(config.Device).type != DeviceType.CPU ? null
        : config.Precision == Precision.Fp64 ? KernelCheckSummary.Float64
        : Require(KernelCheckPlan.ForTraining(config, trainCount, g, d), config.Threads);

    /// <summary>Each leaf module's path, the module and its per-sample input shapes, in call order, from one probe forward.</summary>
    static List<(string Path, nn.Module<Tensor, Tensor> Leaf, long[] Shape)> Probe(nn.Module model, long[] sampleShape)
    {
        var seen = new List<(string, nn.Module<Tensor, Tensor>, long[])>();
        var handles = new List<Action>();
        foreach (var (path, module) in model.named_modules().Where(m => !m.module.children().Any()))
        {
            // Silently skipping a layer would pass it unchecked.
            if (module is not nn.Module<Tensor, Tensor> leaf)
                throw new InvalidOperationException($"{path}: {module.GetType().Name} is not a Module<Tensor, Tensor>, which the kernel check cannot run");
            var handle = leaf.register_forward_hook((_, input, output) =>
            {
                if (input.shape[0] != ProbeBatch)
                    throw new InvalidOperationException($"{path}: input {string.Join("x", input.shape)} does not start with the batch dimension");
                var shape = input.shape[1..];
                if (!seen.Any(s => s.Item1 == path && s.Item3.SequenceEqual(shape))) seen.Add((path, leaf, shape));
                return output;
            });
            handles.Add(handle.remove);
        }
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var dtype = model.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;
            ((nn.Module<Tensor, Tensor>)model).forward(zeros([ProbeBatch, .. sampleShape], dtype: dtype));
        }
        finally
        {
            foreach (var remove in handles) remove();
        }
        return seen;
    }

    /// <summary>
    /// A model the check borrows (a trainer's G or D): its mode, and a copy of every tensor of the leaves whose check
    /// changes them (<see cref="ILeafChecker.ChangesModule"/>), taken before the probe runs them, put back by name
    /// afterwards (widening to float64 and back gives a module new tensor objects; values and names stay).
    /// </summary>
    sealed class BorrowedModel
    {
        readonly bool _training;
        readonly List<(nn.Module Leaf, Dictionary<string, Tensor> Saved)> _leaves;

        public nn.Module Model { get; }

        public BorrowedModel(nn.Module model, LeafCheckers checkers)
        {
            Model = model;
            _training = model.training;
            _leaves = model.named_modules()
                .Where(m => !m.module.children().Any() && checkers.For(m.module).ChangesModule)
                .Select(m => (m.module, State(m.module).ToDictionary(t => t.Name, t => t.Tensor.detach().clone())))
                .ToList();
        }

        public void Restore()
        {
            using (no_grad())
            {
                foreach (var (leaf, saved) in _leaves)
                {
                    foreach (var (name, tensor) in State(leaf)) tensor.copy_(saved[name]);
                    foreach (var t in saved.Values) t.Dispose();
                }
            }
            Model.train(_training);
        }

        static IEnumerable<(string Name, Tensor Tensor)> State(nn.Module leaf) =>
            leaf.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(leaf.named_buffers());
    }

    /// <summary>One distinct check: a module type with its settings at one per-sample shape, the paths that use it, and its batch sizes.</summary>
    sealed class Entry(string key, string op, ILeafChecker checker, nn.Module<Tensor, Tensor> leaf, long[] shape, bool training)
    {
        /// <summary>Everything that decides this entry's rows, for the verdict cache's key.</summary>
        public string Describe() =>
            $"{Key}|{(training ? "train" : "eval")}|{Checker.GetType().FullName}|{Checker.OwnPrecision?.Name}|" +
            $"{string.Join(",", _backwardByBatch.Select(kv => $"{kv.Key}{(kv.Value ? "+backward" : "")}"))}|{(_informational ? "informational" : "used")}";

        readonly List<string> _modules = [];
        readonly SortedDictionary<long, bool> _backwardByBatch = [];
        bool _informational = true;

        public string Key { get; } = key;
        public ILeafChecker Checker { get; } = checker;

        public void Add(string path, KernelCheckTarget target)
        {
            if (!_modules.Contains(path)) _modules.Add(path);
            foreach (var b in target.BatchSizes)
                _backwardByBatch[b] = _backwardByBatch.GetValueOrDefault(b) || target.Backward;
            _informational &= target.Informational;
        }

        public IEnumerable<KernelCheckRow> Check(KernelPrecision precision, int seed)
        {
            var rows = new List<KernelCheckRow>();
            // A borrowed G is walked in training and in evaluation mode; this leaf runs in the mode it was found in.
            leaf.train(training);
            foreach (var (batch, backward) in _backwardByBatch)
            {
                using var scope = NewDisposeScope();
                using var context = new LeafCheckContext(Checker.OwnPrecision ?? precision, backward, seed);
                long[] inputShape = [batch, .. shape];
                foreach (var c in Checker.Check(leaf, inputShape, context))
                    rows.Add(new KernelCheckRow(op, _modules, inputShape, c.Direction, c.Deviation.Error, c.Deviation.Normalised, _informational));
            }
            return rows;
        }
    }
}
