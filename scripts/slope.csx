// Question: is the study's G2+D2 collapse (D loss → 0, G loss 40-100) and G3+D2 "only zeros" caused by the typo
// nn.LeakyReLU(True), which PyTorch reads as negative slope 1.0 (the identity, making G2 affine and G3 linear
// between BatchNorms)? Trains both pairs with the slope as the study ran (seed, 1.0) and as meant (fixed, 0.2).
// D2 is large (38 M parameters), so these runs are slow; --quick uses 128 images (2 steps of 64) per run.
//
//   gan script scripts/slope.csx -- [--epochs 5] [--seeds 0,1,2] [--variants g2-d2-seed,g2-d2-fixed] [--quick]
//   dotnet fsi research/compare-runs.fsx runs/slope
#load "common.csx"

using System.Linq;
using Gan.Core.Models;
using Gan.Core.Sweeps;

var a = new ExperimentArgs("slope.csx", Args, []);
var baseline = Experiments.BaseConfig(a, defaultEpochs: 5, quickSubset: 128);
var variants = (from p in new[] { "g2-d2", "g3-d2" }
                let pair = ModelZoo.Pair(p)
                from slope in new[] { SlopeVariant.Seed, SlopeVariant.Fixed }
                select new Variant($"{p}-{slope.Name()}",
                    baseline with { Generator = pair.Generator, Discriminator = pair.Discriminator, Slope = slope }))
               .ToList();
return Experiments.Run(new Experiment("slope", "slope.csx",
    "the study's LeakyReLU slope 1.0 vs 0.2 for G2+D2 and G3+D2", variants), a);
