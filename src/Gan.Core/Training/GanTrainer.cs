using System.Diagnostics;
using Gan.Core.Data;
using Gan.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Training;

/// <summary>
/// Trains one generator against one discriminator with the study's objective, Adam for each net, and a k:1 or 1:k
/// schedule. Each D step takes a fresh real batch (Goodfellow et al., Algorithm 1); an epoch is one pass over the
/// real batches, so with k:1 an epoch has ceil(batches / k) iterations and the last may have fewer than k D steps.
/// </summary>
public sealed class GanTrainer : IDisposable
{
    readonly ImageDataset _data;
    readonly BatchSampler _sampler;
    readonly torch.Generator _noise;
    readonly Device _device;

    public TrainingConfig Config { get; }
    public Models.Generator G { get; }
    public Discriminator D { get; }
    public Adam OptG { get; }
    public Adam OptD { get; }
    /// <summary>The fixed noise batch (64 × noise dim) behind every sample grid.</summary>
    public Tensor FixedNoise { get; }

    /// <summary>Iterations (metric rows) done so far.</summary>
    public long Step { get; private set; }
    /// <summary>Epochs completed so far.</summary>
    public int Epoch { get; private set; }
    public long DStepsTaken { get; private set; }
    public long GStepsTaken { get; private set; }
    public int BatchesPerEpoch => _sampler.BatchesPerEpoch;
    public int IterationsPerEpoch => Config.DSteps > 1 ? (BatchesPerEpoch + Config.DSteps - 1) / Config.DSteps : BatchesPerEpoch;

    /// <summary>
    /// Builds the models from the config's seed. Seeds the global torch RNG (for PyTorch's default initialisation)
    /// and sets the thread count when <see cref="TrainingConfig.Threads"/> is positive.
    /// </summary>
    public GanTrainer(TrainingConfig config, ImageDataset data)
    {
        Config = config.Validate();
        _data = data;
        _device = DeviceSelector.Resolve(Config.Device);
        if (Config.Threads > 0) set_num_threads(Config.Threads);

        random.manual_seed(SeedStreams.Init(Config.Seed));
        G = ModelZoo.CreateGenerator(Config.Generator, Config.Slope, Config.NoiseDim);
        D = ModelZoo.CreateDiscriminator(Config.Discriminator);
        G.to(_device);
        D.to(_device);
        G.train();
        D.train();
        OptG = new SinglePassAdam(G.parameters(), Config.LearningRate, Config.Beta1, Config.Beta2);
        OptD = new SinglePassAdam(D.parameters(), Config.LearningRate, Config.Beta1, Config.Beta2);

        _noise = new torch.Generator((ulong)SeedStreams.Noise(Config.Seed));
        _sampler = new BatchSampler(data.Count, Config.BatchSize, SeedStreams.DataOrder(Config.Seed));
        using var fixedGen = new torch.Generator((ulong)SeedStreams.FixedNoise(Config.Seed));
        FixedNoise = randn(64, Config.NoiseDim, generator: fixedGen).to(_device);
    }

    /// <summary>Noise z ~ N(0, I) from the run's own generator, drawn on the CPU so every device sees the same numbers.</summary>
    Tensor Noise(long n) => randn(n, Config.NoiseDim, generator: _noise).to(_device);

    /// <summary>One D step on a real batch: ascend log D(x) + log(1 − D(G(z))). G runs without autograd.</summary>
    (float Loss, float DReal, float DFake) DiscriminatorStep(Tensor real)
    {
        Tensor fake;
        using (no_grad())
            fake = G.forward(Noise(real.shape[0]));
        Tensor dReal, dFake;
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
        var loss = GanLosses.Discriminator(dReal, dFake);
        OptD.zero_grad();
        loss.backward();
        OptD.step();
        DStepsTaken++;
        return (loss.item<float>(), dReal.mean().item<float>(), dFake.mean().item<float>());
    }

    /// <summary>One G step on fresh noise. D's parameters are frozen so backward computes no gradient for them.</summary>
    float GeneratorStep(long n)
    {
        foreach (var p in D.parameters()) p.requires_grad_(false);
        try
        {
            var loss = GanLosses.Generator(Config.GLoss, D.forward(G.forward(Noise(n))));
            OptG.zero_grad();
            loss.backward();
            OptG.step();
            GStepsTaken++;
            return loss.item<float>();
        }
        finally
        {
            foreach (var p in D.parameters()) p.requires_grad_(true);
        }
    }

    /// <summary>Runs one epoch, yielding a record after every iteration. Each iteration runs in its own dispose scope.</summary>
    public IEnumerable<StepRecord> TrainEpoch()
    {
        var batches = _sampler.NextEpoch();
        int epoch = Epoch + 1;
        int b = 0;
        while (b < batches.Length)
        {
            var watch = Stopwatch.StartNew();
            float dLoss = 0, dReal = 0, dFake = 0, gLoss = 0;
            int dSteps = 0, gSteps = 0;
            long lastBatch;
            using (var scope = NewDisposeScope())
            {
                do
                {
                    using var idx = tensor(batches[b++]);
                    var real = _data.Images.index_select(0, idx.to(_data.Images.device));
                    var (l, r, f) = DiscriminatorStep(real);
                    dLoss += l; dReal += r; dFake += f;
                    dSteps++;
                    lastBatch = real.shape[0];
                }
                while (dSteps < Config.DSteps && b < batches.Length);
                for (; gSteps < Config.GSteps; gSteps++)
                    gLoss += GeneratorStep(lastBatch);
            }
            Step++;
            yield return new StepRecord(Step, epoch, dLoss / dSteps, gLoss / gSteps, dReal / dSteps, dFake / dSteps,
                dSteps, gSteps, watch.Elapsed.TotalMilliseconds);
        }
        Epoch = epoch;
    }

    /// <summary>G(z) in eval mode (BatchNorm uses its running statistics) without autograd; the caller owns the result.</summary>
    public Tensor Generate(Tensor z)
    {
        G.eval();
        try
        {
            using (no_grad())
                return G.forward(z.to(_device));
        }
        finally
        {
            G.train();
        }
    }

    /// <summary>Draws <paramref name="n"/> samples from a separate generator seeded with <paramref name="seed"/>, in chunks.</summary>
    public Tensor Generate(int n, long seed, int chunk = 1000)
    {
        using var gen = new torch.Generator((ulong)seed);
        var parts = new List<Tensor>();
        for (int i = 0; i < n; i += chunk)
        {
            using var z = randn(Math.Min(chunk, n - i), Config.NoiseDim, generator: gen);
            parts.Add(Generate(z).cpu());
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    public void Dispose()
    {
        OptG.Dispose();
        OptD.Dispose();
        G.Dispose();
        D.Dispose();
        _noise.Dispose();
        _sampler.Dispose();
        FixedNoise.Dispose();
    }
}
