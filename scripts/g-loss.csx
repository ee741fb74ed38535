// Question: does the generator loss decide whether a pair learns? The study (and most online code) used the
// non-saturating loss −log D(G(z)); Goodfellow et al.'s minimax form log(1 − D(G(z))) gives G almost no gradient
// while D easily rejects its samples, early in training. Trains both for one pair (default G1+D1) over several seeds.
//
//   gan script scripts/g-loss.csx -- [--pair g1-d1] [--epochs 20] [--seeds 0,1,2] [--quick]
//   dotnet fsi research/compare-runs.fsx runs/g-loss
#load "common.csx"

using System.Linq;
using Gan.Core.Objectives;
using Gan.Core.Sweeps;

var a = new ExperimentArgs("g-loss.csx", Args, Experiments.PairOptions("g1-d1"));
var pair = Experiments.WithPair(a, Experiments.BaseConfig(a, defaultEpochs: 20), "g1-d1");
var variants = new[] { "non-saturating", "minimax" }
    .Select(loss => new Variant(loss, pair with { Objective = ObjectiveRegistry.FromGeneratorLoss(loss) }))
    .ToList();
return Experiments.Run(new Experiment("g-loss", "g-loss.csx",
    "non-saturating vs minimax generator loss", variants), a);
