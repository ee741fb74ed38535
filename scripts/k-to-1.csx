// Question: does training D more often than G (k D steps per G step, Goodfellow et al.'s Algorithm 1) or G more
// often than D (1:2) change whether and how fast a pair learns? Trains k ∈ {1, 2, 3, 5} and 1:2 for one pair
// (default G1+D1; the study ran 1:1) over several seeds. With k:1 an epoch is still one pass over the real
// batches, so larger k means fewer G steps per epoch.
//
//   gan script scripts/k-to-1.csx -- [--pair g1-d1 | --g G3 --d D1] [--epochs 20] [--seeds 0,1,2] [--variants k1,k5] [--quick]
//   dotnet fsi research/compare-runs.fsx runs/k-to-1
#load "common.csx"

using System.Linq;
using Gan.Core.Sweeps;
using Gan.Core.Training;

var a = new ExperimentArgs("k-to-1.csx", Args, Experiments.PairOptions("g1-d1"));
var pair = Experiments.WithPair(a, Experiments.BaseConfig(a, defaultEpochs: 20), "g1-d1");
var variants = new[] { 1, 2, 3, 5 }
    .Select(k => new Variant($"k{k}", pair with { DSteps = k }))
    .Append(new Variant("1to2", pair with { GSteps = 2 }))
    .ToList();
return Experiments.Run(new Experiment("k-to-1", "k-to-1.csx",
    "D:G step ratios k:1 for k in 1, 2, 3, 5, and 1:2", variants), a);
