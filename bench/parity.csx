// The Gan.Core side of bench/parity.py: trains a pair for N steps with gan train's own trainer (its defaults: the
// study's BCE, Adam 3e-4, batch 64, noise 100, fp32) and writes what the PyTorch side needs to replay the same steps.
// Gan.Core is the source of every random draw, so nothing in the trainer is replaced: the initial weights come from
// the seed, and the noise and batches below are the trainer's own, drawn again from its seed streams (SeedStreams)
// in the order it draws them (per step: the D step's z, then the G step's z).
//
//   gan script bench/parity.csx -- --pair g1-d1 --steps 500 --out DIR [--seed 0] [--threads 1] [--precision fp32|fp64]
//
// DIR/init/G.pt, D.pt   the initial weights as PyTorch state_dicts (PyTorchStateDicts, as gan export writes them)
// DIR/noise.f32         float32 little-endian, steps × 2 × 64 × 100: [step][0 = D step, 1 = G step][row][dim]
// DIR/batches.i64       int64 little-endian, steps × 64: indices into mnist-sample's train split
// DIR/gan.csv           step,d_loss,g_loss,d_real,d_fake as the trainer reports them (round-trip digits of float32 or,
//                       with --precision fp64, of float64; noise and weights are float32 draws in both)
#r "nuget: TorchSharp-cpu, 0.107.0"
#r "../src/Gan.Core/bin/Release/net10.0/Gan.Core.dll"

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Gan.Core;
using Gan.Core.Data;
using Gan.Core.Interop;
using Gan.Core.Models;
using Gan.Core.Runtime;
using Gan.Core.Training;
using static TorchSharp.torch;

Gan.Core.Runtime.NativeRuntime.Initialize([.. Args]);

var options = new Dictionary<string, string>();
for (int i = 0; i < Args.Count; i += 2)
{
    if (!Args[i].StartsWith("--") || i + 1 >= Args.Count)
        throw new GanException($"parity.csx: expected '--name value' at '{Args[i]}'; usage: --pair g1-d1 --steps N --out DIR [--seed S] [--threads T] [--precision fp32|fp64]");
    options[Args[i]] = Args[i + 1];
}
var unknown = options.Keys.Except(["--pair", "--steps", "--out", "--seed", "--threads", "--precision"]).ToList();
if (unknown.Count > 0) throw new GanException($"parity.csx: unknown option {unknown[0]}; options: --pair, --steps, --out, --seed, --threads, --precision");
string Required(string name) => options.TryGetValue(name, out var v) ? v : throw new GanException($"parity.csx: {name} is required");
int Parse(string name, string value, int min) =>
    int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n
    : throw new GanException($"parity.csx: {name} '{value}' must be an integer of at least {min}");

var pair = ModelZoo.Pair(Required("--pair"));
int steps = Parse("--steps", Required("--steps"), 1);
var outDir = Path.GetFullPath(Required("--out"));
int seed = options.TryGetValue("--seed", out var seedText) ? Parse("--seed", seedText, 0) : 0;
int threads = options.TryGetValue("--threads", out var threadsText) ? Parse("--threads", threadsText, 1) : 1;
var precision = options.TryGetValue("--precision", out var precisionText) ? PrecisionExtensions.ParseRequest(precisionText).Precision : Precision.Fp32;
if (precision == Precision.Bf16Mixed) throw new GanException("parity.csx: --precision is fp32 or fp64 (bench/compare.sh measures bf16-mixed)");

Write(pair, steps, outDir, seed, threads, precision);
Console.WriteLine($"parity.csx: {pair.Name}, seed {seed}, {steps} steps, {threads} thread(s) → {outDir}");
return 0;

void Write(PairPreset pair, int steps, string outDir, int seed, int threads, Precision precision)
{
    using var data = ImageDataset.Load(DatasetCatalog.Sample, DatasetCatalog.RequireDirectory(DatasetCatalog.Sample), Split.Train);
    var config = new TrainingConfig { Generator = pair.Generator, Discriminator = pair.Discriminator, Seed = seed, Threads = threads, Precision = precision };
    using var trainer = new GanTrainer(config, data);
    Directory.CreateDirectory(outDir);
    PyTorchStateDicts.Save(trainer.G, trainer.D, Path.Combine(outDir, "init"));

    // The trainer's draws, from fresh generators seeded as its own: BatchSampler's epochs and the noise stream's z.
    using (var sampler = new BatchSampler(data.Count, config.BatchSize, SeedStreams.DataOrder(config.Seed)))
    using (var file = new BinaryWriter(File.Create(Path.Combine(outDir, "batches.i64"))))
    {
        var batches = new List<long[]>();
        while (batches.Count < steps) batches.AddRange(sampler.NextEpoch());
        foreach (var index in batches.Take(steps).SelectMany(b => b)) file.Write(index);
    }
    using var noise = new TorchSharp.torch.Generator((ulong)SeedStreams.Noise(config.Seed));
    using (var file = File.Create(Path.Combine(outDir, "noise.f32")))
    {
        for (int s = 0; s < 2 * steps; s++)
        {
            using var z = randn(config.BatchSize, config.NoiseDim, generator: noise);
            file.Write(z.bytes);
        }
    }

    using (var csv = new StreamWriter(Path.Combine(outDir, "gan.csv")))
    {
        csv.WriteLine("step,d_loss,g_loss,d_real,d_fake");
        while (trainer.Step < steps)
        {
            foreach (var r in trainer.TrainEpoch())
            {
                csv.WriteLine(string.Join(',', new[] { r.DLoss, r.GLoss, r.DReal, r.DFake }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Prepend(r.Step.ToString(CultureInfo.InvariantCulture))));
                if (r.Step % 50 == 0) Console.Error.WriteLine($"parity.csx: {pair.Name} step {r.Step}/{steps}");
                if (r.Step == steps) break;
            }
        }
    }

    // The check that the noise written above is what the trainer drew: both generators are in the same state after it.
    using (var mine = noise.get_state())
    {
        if (!trainer.CaptureState().NoiseRng.SequenceEqual(mine.data<byte>().ToArray()))
            throw new GanException($"parity.csx: the trainer drew other noise than {2 * steps} batches of z; GanTrainer's draws changed and this script must follow");
    }
}
