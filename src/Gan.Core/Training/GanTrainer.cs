using System.Diagnostics;
using Gan.Core.Data;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Training;

/// <summary>
/// Trains one generator against one discriminator with an objective (the study's BCE by default), Adam for each net,
/// and a k:1 or 1:k schedule. Each D step takes a fresh real batch (Goodfellow et al., Algorithm 1); an epoch is one pass over the
/// real batches, so with k:1 an epoch has ceil(batches / k) iterations and the last may have fewer than k D steps.
/// </summary>
public sealed class GanTrainer : IDisposable
{
    readonly ImageDataset _data;
    readonly BatchSampler _sampler;
    readonly torch.Generator _noise;
    readonly Augmentation.IDiscriminatorAugment? _augment;
    readonly MovingAverage? _average;
    /// <summary>The config's hooks (instance noise, augmentation, moving average), then the parts' own, in call order.</summary>
    readonly IReadOnlyList<ITrainingHook> _hooks;
    readonly Device _device;
    /// <summary>The dtype of weights, activations and losses: float64 for fp64, else float32.</summary>
    readonly ScalarType _dtype;
    // The epoch in progress: its batches, the next batch to take, and the data-order state it was drawn from.
    long[][]? _batches;
    int _batchIndex;
    Tensor? _epochStartOrder;

    public TrainingConfig Config { get; }
    public Models.Generator G { get; }
    public Discriminator D { get; }
    public OptimizerHelper OptG { get; }
    public OptimizerHelper OptD { get; }
    readonly TrainingParts _parts;
    public IGanObjective Objective { get; }
    /// <summary>The exponential moving average of G's weights (<see cref="TrainingConfig.Ema"/>), or null; always in eval mode.</summary>
    public Models.Generator? GEma => _average?.Average;
    /// <summary>The generator that draws sample grids and evaluations: the average when there is one, else G.</summary>
    public Models.Generator SampleGenerator => GEma ?? G;
    /// <summary>The objective's penalties, then the <c>--d-reg</c> regulariser's: D's extra loss terms.</summary>
    readonly IReadOnlyList<IDiscriminatorPenalty> _penalties;
    /// <summary>The metrics.csv columns of D's extra loss terms (<see cref="StepRecord.Terms"/>), in order.</summary>
    public IReadOnlyList<string> TermColumns => _penalties.Select(p => p.Column).ToList();
    /// <summary>Images in every sample grid: the rows of <see cref="FixedNoise"/>.</summary>
    public const int FixedNoiseCount = 64;

    /// <summary>The fixed noise batch (<see cref="FixedNoiseCount"/> × noise dim) behind every sample grid.</summary>
    public Tensor FixedNoise { get; }

    /// <summary>Iterations (metric rows) done so far.</summary>
    public long Step { get; private set; }
    /// <summary>Epochs completed so far.</summary>
    public int Epoch { get; private set; }
    public long DStepsTaken { get; private set; }
    public long GStepsTaken { get; private set; }
    /// <summary>D or G updates skipped because their loss was not finite (<see cref="NanPolicy"/>).</summary>
    public long SkippedSteps { get; private set; }
    public int BatchesPerEpoch => _sampler.BatchesPerEpoch;
    /// <summary>The real images the trainer draws its batches from (the subset, when there is one).</summary>
    public ImageDataset TrainingImages => _data;
    /// <summary>True while an epoch has batches left: it was left early or restored mid-epoch.</summary>
    public bool EpochInProgress => _batches is not null && _batchIndex < _batches.Length;
    public int IterationsPerEpoch => Config.DSteps > 1 ? (BatchesPerEpoch + Config.DSteps - 1) / Config.DSteps : BatchesPerEpoch;

    /// <summary>
    /// Builds the models from the config's seed with <paramref name="parts"/> (default: what the config names). Seeds
    /// the global torch RNG (for PyTorch's default initialisation) and sets the thread count when
    /// <see cref="TrainingConfig.Threads"/> is positive. <paramref name="checkModels"/> (the kernel check,
    /// <see cref="Runtime.KernelCheck.RequireForTraining"/>) gets G and D as built, before their optimizers exist; it
    /// must leave their values, their mode and the global RNG as it found them, or throw.
    /// </summary>
    public GanTrainer(TrainingConfig config, ImageDataset data, TrainingParts? parts = null, Action<Models.Generator, Discriminator>? checkModels = null)
    {
        _parts = parts ?? TrainingParts.Registered;
        Config = config.Validate();
        _data = data;
        _device = DeviceSelector.Resolve(Config.Device);
        _dtype = Config.Precision.DType();
        TorchThreads.Use(Config.Threads);
        // First, because it rejects a batch larger than the data set before any model or optimizer needs disposing.
        _sampler = new BatchSampler(data.Count, Config.BatchSize, SeedStreams.DataOrder(Config.Seed));

        random.manual_seed(SeedStreams.Init(Config.Seed));
        G = _parts.Generator(Config);
        D = _parts.Discriminator(Config);
        G.to(_device);
        D.to(_device);
        // Built (and initialised) in float32 as in every precision, then widened: fp64 starts from the same weights.
        if (_dtype != ScalarType.Float32)
        {
            G.to(_dtype);
            D.to(_dtype);
        }
        if (Config.Precision == Precision.Bf16Mixed)
        {
            MixedPrecision.UseBf16(G);
            MixedPrecision.UseBf16(D);
        }
        try
        {
            // After the bf16 swap, so a bf16-mixed run's check covers the bf16 kernels it will multiply with.
            checkModels?.Invoke(G, D);
        }
        catch
        {
            G.Dispose();
            D.Dispose();
            _sampler.Dispose();
            throw;
        }
        G.train();
        D.train();
        OptG = _parts.GeneratorOptimizer(G.parameters(), Config);
        OptD = _parts.DiscriminatorOptimizer(D.parameters(), Config);
        Objective = _parts.Objective(Config);
        _average = Config.Ema is double decay ? new MovingAverage(G, () => _parts.Generator(Config), _device, _dtype, decay, Config.EmaStart) : null;
        _penalties = DiscriminatorRegularisers.PenaltiesOf(Objective, Config.DRegulariser);

        _noise = new torch.Generator((ulong)SeedStreams.Noise(Config.Seed));
        _augment = Augmentation.AugmentRegistry.Parse(Config.Augment);
        // Instance noise before augmentation: D sees noisy images augmented, each drawn from the noise stream in that order.
        _hooks = new ITrainingHook?[] { Config.InstanceNoise > 0 ? new InstanceNoise(Config.InstanceNoise, Config.InstanceNoiseSteps) : null, _augment, _average }
            .OfType<ITrainingHook>().Concat(_parts.Hooks(Config)).ToList();
        using var fixedGen = new torch.Generator((ulong)SeedStreams.FixedNoise(Config.Seed));
        FixedNoise = randn(FixedNoiseCount, Config.NoiseDim, generator: fixedGen).to(_dtype, _device);
    }

    /// <summary>What D sees of <paramref name="images"/>: each hook's <see cref="ITrainingHook.BeforeD"/> in turn.</summary>
    Tensor ForD(Tensor images)
    {
        foreach (var hook in _hooks) images = hook.BeforeD(images, this, _noise);
        return images;
    }

    /// <summary>
    /// Noise z ~ N(0, I) from the run's own generator, drawn on the CPU so every device sees the same numbers, and in
    /// float32 so every precision sees the same draws.
    /// </summary>
    Tensor Noise(long n) => randn(n, Config.NoiseDim, generator: _noise).to(_dtype, _device);

    /// <summary>The real images at <paramref name="indices"/>, on the models' device whatever device the data set lives on.</summary>
    internal Tensor RealBatch(long[] indices)
    {
        using var idx = tensor(indices, device: _data.Images.device);
        return _data.Images.index_select(0, idx).to(_dtype, _device);
    }

    /// <summary>
    /// One D step on a real batch: descend the objective's D loss plus any penalties. G runs without autograd.
    /// Returns D's loss, the mean σ of its scores on real and fake, each penalty's value, and the mean sign of its scores
    /// on the reals (r_t), which also goes to the hooks (an adaptive augmentation's controller).
    /// </summary>
    internal (double Loss, double DReal, double DFake, double[] Terms, double RealSign) DiscriminatorStep(Tensor real)
    {
        Tensor fake;
        using (no_grad())
        using (Bf16CastCache.Begin())
            fake = G.forward(Noise(real.shape[0]));
        real = ForD(real);
        fake = ForD(fake);
        Tensor dReal, dFake;
        var terms = new double[_penalties.Count];
        Tensor? loss;
        double value;
        bool backward;
        using (Bf16CastCache.Begin())
        {
            if (Config.JointDBatch)
            {
                var both = D.forward(cat([real, fake], 0));
                dReal = both.narrow(0, 0, real.shape[0]);
                dFake = both.narrow(0, real.shape[0], fake.shape[0]);
            }
            else
            {
                dReal = D.forward(real);
                dFake = D.forward(fake);
            }
            loss = LossOrNull(() => DiscriminatorLoss(real, fake, dReal, dFake, terms), dReal, dFake);
            value = loss is null ? double.NaN : Value(loss);
            ClearGradients(OptD);
            backward = Backward(loss, value);
        }
        if (backward) OptD.step();
        DStepsTaken++;
        double realSign = MeanSign(dReal);
        foreach (var hook in _hooks) hook.AfterDStep(this, realSign, real.shape[0]);
        return (value, MeanProbability(dReal), MeanProbability(dFake), terms, realSign);
    }

    /// <summary>The objective's D loss plus each penalty, whose values go to <paramref name="terms"/>.</summary>
    Tensor DiscriminatorLoss(Tensor real, Tensor fake, Tensor dReal, Tensor dFake, double[] terms)
    {
        var loss = Objective.DiscriminatorLoss(dReal, dFake);
        for (int i = 0; i < _penalties.Count; i++)
        {
            var term = _penalties[i].Compute(D.forward, real, fake, _noise);
            terms[i] = Value(term);
            loss = loss + term;
        }
        return loss;
    }

    /// <summary>Mean σ(score): for the study's BCE, the mean probability D gives the batch of being real.</summary>
    static double MeanProbability(Tensor scores)
    {
        using (no_grad())
            return Value(scores.sigmoid().mean());
    }

    /// <summary>E[sign(score)]: ADA's r_t on a batch of reals.</summary>
    static double MeanSign(Tensor scores)
    {
        using (no_grad())
            return Value(scores.sign().mean());
    }

    /// <summary>A one-element tensor's value, exactly: a float32 widens without rounding.</summary>
    static double Value(Tensor t) => t.dtype == ScalarType.Float64 ? t.item<double>() : t.item<float>();

    /// <summary>
    /// The loss, or null when D's outputs hold NaN: LibTorch's binary_cross_entropy refuses such input with an error
    /// instead of returning NaN, and a diverged net is the divergence guard's business, not a crash.
    /// </summary>
    static Tensor? LossOrNull(Func<Tensor> loss, params Tensor[] dOutputs)
    {
        try
        {
            return loss();
        }
        catch (System.Runtime.InteropServices.ExternalException) when (dOutputs.Any(d => !isfinite(d).all().item<bool>()))
        {
            return null;
        }
    }

    /// <summary>
    /// Drops the gradients rather than zeroing them (PyTorch's default, set_to_none): backward then hands over its
    /// result instead of adding it to zeros, the same values without a fill and an add over D2's 37.7M weights.
    /// </summary>
    static void ClearGradients(OptimizerHelper optimizer)
    {
        foreach (var p in optimizer.parameters()) p.grad = null;
    }

    /// <summary>
    /// Backward, unless the loss is not finite: the step that would follow would only spread NaN into the weights.
    /// Returns whether to step. Runs inside the step's cast region, whose close hands bf16 gradients to the weights.
    /// </summary>
    bool Backward(Tensor? loss, double value)
    {
        if (loss is null || !double.IsFinite(value))
        {
            SkippedSteps++;
            return false;
        }
        loss.backward();
        return true;
    }

    /// <summary>
    /// One G step on fresh noise. D's parameters are frozen so backward computes no gradient for them.
    /// <paramref name="real"/> is the iteration's last real batch, scored (without autograd) only for an objective that uses it.
    /// </summary>
    internal double GeneratorStep(long n, Tensor real)
    {
        foreach (var p in D.parameters()) p.requires_grad_(false);
        try
        {
            Tensor? loss;
            bool backward;
            double value;
            using (Bf16CastCache.Begin())
            {
                var dFake = D.forward(ForD(G.forward(Noise(n))));
                Tensor? dReal = null;
                if (Objective.GeneratorLossUsesReal)
                {
                    using (no_grad())
                        dReal = D.forward(ForD(real));
                }
                loss = LossOrNull(() => Objective.GeneratorLoss(dFake, dReal), dFake);
                value = loss is null ? double.NaN : Value(loss);
                ClearGradients(OptG);
                backward = Backward(loss, value);
            }
            if (backward) OptG.step();
            GStepsTaken++;
            foreach (var hook in _hooks) hook.AfterGStep(this);
            return value;
        }
        finally
        {
            foreach (var p in D.parameters()) p.requires_grad_(true);
        }
    }

    /// <summary>
    /// Runs one epoch, yielding a record after every iteration; each iteration runs in its own dispose scope.
    /// If the previous call was left early (or the state was restored mid-epoch), continues that epoch where it stopped.
    /// </summary>
    public IEnumerable<StepRecord> TrainEpoch()
    {
        if (_batches is null)
        {
            _epochStartOrder = _sampler.GetState();
            _batches = _sampler.NextEpoch();
            _batchIndex = 0;
        }
        var batches = _batches;
        int epoch = Epoch + 1;
        while (_batchIndex < batches.Length)
        {
            var watch = Stopwatch.StartNew();
            double dLoss = 0, dReal = 0, dFake = 0, gLoss = 0, realSign = 0;
            var terms = new double[_penalties.Count];
            int dSteps = 0, gSteps = 0;
            using (var scope = NewDisposeScope())
            {
                Tensor real;
                do
                {
                    real = RealBatch(batches[_batchIndex++]);
                    var (l, r, f, t, sign) = DiscriminatorStep(real);
                    dLoss += l; dReal += r; dFake += f; realSign += sign;
                    for (int i = 0; i < terms.Length; i++) terms[i] += t[i];
                    dSteps++;
                }
                while (dSteps < Config.DSteps && _batchIndex < batches.Length);
                for (; gSteps < Config.GSteps; gSteps++)
                    gLoss += GeneratorStep(real.shape[0], real);
            }
            Step++;
            yield return new StepRecord(Step, epoch, dLoss / dSteps, gLoss / gSteps, dReal / dSteps, dFake / dSteps,
                dSteps, gSteps, watch.Elapsed.TotalMilliseconds)
            {
                Terms = terms.Select(t => t / dSteps).ToArray(),
                RealSign = realSign / dSteps,
                AugmentP = _augment?.Probability ?? 0,
            };
        }
        Epoch = epoch;
        _batches = null;
        _epochStartOrder?.Dispose();
        _epochStartOrder = null;
    }

    /// <summary>The counters, the position in the epoch and every generator's state, for a checkpoint.</summary>
    public TrainerState CaptureState()
    {
        using var order = _batches is null ? _sampler.GetState() : null;
        using var noise = _noise.get_state();
        using var global = random.get_rng_state();
        return new TrainerState(Step, Epoch, DStepsTaken, GStepsTaken, SkippedSteps,
            _batches is null ? null : _batchIndex, Bytes(order ?? _epochStartOrder!), Bytes(noise), Bytes(global), _augment?.Capture());
    }

    /// <summary>Puts back a <see cref="CaptureState"/> result; a mid-epoch state draws that epoch's permutation again.</summary>
    public void RestoreState(TrainerState s)
    {
        using (var order = tensor(s.DataOrderRng, ScalarType.Byte))
            _sampler.SetState(order);
        using (var noise = tensor(s.NoiseRng, ScalarType.Byte))
            _noise.set_state(noise);
        using (var global = tensor(s.GlobalRng, ScalarType.Byte))
            random.set_rng_state(global);
        Step = s.Step;
        Epoch = s.Epoch;
        DStepsTaken = s.DStepsTaken;
        GStepsTaken = s.GStepsTaken;
        SkippedSteps = s.SkippedSteps;
        if (_augment is not null && s.Augment is not null) _augment.Restore(s.Augment);
        _epochStartOrder?.Dispose();
        _epochStartOrder = null;
        _batches = null;
        if (s.BatchIndex is int b)
        {
            if (b < 0 || b > _sampler.BatchesPerEpoch)
                throw new GanException($"checkpoint batch index {b} is outside this data set's {_sampler.BatchesPerEpoch} batches per epoch; was the data set or batch size changed?");
            _epochStartOrder = _sampler.GetState();
            _batches = _sampler.NextEpoch();
            _batchIndex = b;
        }
    }

    static byte[] Bytes(Tensor t) => t.data<byte>().ToArray();

    /// <summary>
    /// The first parameter or buffer of G or D (as "G.name" / "D.name") holding NaN or ±Inf, or null if all are finite.
    /// One reduction per tensor: cheap enough for every checkpoint and for each non-finite loss, not for every step.
    /// </summary>
    public string? FirstNonFiniteTensor()
    {
        using var scope = NewDisposeScope();
        foreach (var (prefix, module) in new (string, nn.Module?)[] { ("G", G), ("D", D), ("G_ema", GEma) })
        {
            foreach (var (name, t) in module?.state_dict() ?? [])
            {
                if (t.is_floating_point() && !isfinite(t).all().item<bool>())
                    return $"{prefix}.{name}";
            }
        }
        return null;
    }

    /// <summary>
    /// <see cref="SampleGenerator"/>(z) in eval mode (BatchNorm uses its running statistics) without autograd; the
    /// caller owns the result.
    /// </summary>
    public Tensor Generate(Tensor z)
    {
        var g = SampleGenerator;
        bool training = g.training;
        g.eval();
        try
        {
            using (no_grad())
                return g.forward(z.to(_dtype, _device));
        }
        finally
        {
            g.train(training);
        }
    }

    /// <summary>
    /// D's mean raw score on <paramref name="images"/> as they are (no instance noise, no augmentation), in eval mode
    /// (no BatchNorm statistics, dropout draw or power iteration moves) without autograd, in chunks: it changes nothing
    /// training depends on.
    /// </summary>
    public double MeanScore(Tensor images, int chunk = 500)
    {
        bool training = D.training;
        D.eval();
        try
        {
            double sum = 0;
            using (no_grad())
            {
                for (long start = 0; start < images.shape[0]; start += chunk)
                {
                    using var scope = NewDisposeScope();
                    var part = images.narrow(0, start, Math.Min(chunk, images.shape[0] - start)).to(_dtype, _device);
                    using (Bf16CastCache.Begin())
                        sum += D.forward(part).to(ScalarType.Float64).sum().item<double>();
                }
            }
            return sum / images.shape[0];
        }
        finally
        {
            D.train(training);
        }
    }

    /// <summary>Draws <paramref name="n"/> samples of <see cref="SampleGenerator"/> from a separate generator seeded with <paramref name="seed"/>, in chunks.</summary>
    public Tensor Generate(int n, long seed, int chunk = 1000) => Evaluation.GeneratedSamples.Draw(SampleGenerator, n, seed, chunk);

    public void Dispose()
    {
        OptG.Dispose();
        OptD.Dispose();
        G.Dispose();
        foreach (var hook in _hooks) hook.Dispose();
        D.Dispose();
        _noise.Dispose();
        _sampler.Dispose();
        _epochStartOrder?.Dispose();
        FixedNoise.Dispose();
    }
}
