// Question: any comparison the other scripts do not fix in advance: the grid of every combination of the listed
// pairs, objectives, D:G schedules, slopes and learning rates, each over the listed seeds. Without --objective (or its
// older spelling --g-loss) it compares every registered objective. Variant names spell out their settings
// (g1-d1_ns_k1, g1-d1_hinge_k1, g3-d2_mm_1to2_fixed, ..._lr0.0002), so runs of different grids can share an experiment
// folder (--experiment) without clashing; the study's two objectives keep their short names ns and mm.
//
//   gan script scripts/compare-losses.csx -- --quick                     # every objective on G1+D1, one epoch
//   gan script scripts/compare-losses.csx -- --pair g1-d1 --objective bce,hinge --k 1,3 --seeds 0,1,2
//   dotnet fsi research/compare-runs.fsx runs/compare-losses
#load "common.csx"

using System.Globalization;
using System.Linq;
using Gan.Core;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runs;
using Gan.Core.Sweeps;
using Gan.Core.Training;

var a = new ExperimentArgs("compare-losses.csx", Args,
[
    new("--pair", "LIST", "pairs, e.g. g1-d1,g3-d2 (default g1-d1)"),
    new("--objective", "LIST", $"objectives, e.g. bce,hinge,wgan-gp:5 (default all: {string.Join(",", ObjectiveRegistry.Names)})"),
    new("--g-loss", "LIST", "older spelling: non-saturating (bce) and/or minimax (bce-minimax)"),
    new("--k", "LIST", "D steps per G step, e.g. 1,3 (default 1)"),
    new("--g-steps", "LIST", "G steps per D step, e.g. 1,2 (default 1); not together with k > 1"),
    new("--slope", "LIST", "seed and/or fixed, for G2/G3 (default seed)"),
    new("--lr", "LIST", "Adam learning rates (default 3e-4, the study's)"),
    new("--experiment", "NAME", "experiment folder under --out (default compare-losses)"),
]);
if (a.Has("--objective") && a.Has("--g-loss"))
    throw new GanException("give either --objective or its older spelling --g-loss, not both");
var baseline = Experiments.BaseConfig(a, defaultEpochs: 20);
var pairs = a.List("--pair", ModelZoo.Pair) ?? [ModelZoo.Pair("g1-d1")];
var objectives = a.List("--objective", o => ObjectiveRegistry.Canonical(o))
    ?? a.List("--g-loss", ObjectiveRegistry.FromGeneratorLoss)
    ?? ObjectiveRegistry.Names;
var ks = a.Ints("--k") ?? [1];
var gSteps = a.Ints("--g-steps") ?? [1];
var slopes = a.List("--slope", SlopeVariantExtensions.Parse) ?? [SlopeVariant.Seed];
var lrs = a.List("--lr", s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
    ? v : throw new GanException($"--lr value '{s}' is not a number")) ?? [baseline.LearningRate];
var experiment = a.String("--experiment") ?? "compare-losses";
if (experiment.IndexOfAny(['/', '\\']) >= 0 || experiment is "." or "..")
    throw new GanException($"--experiment '{experiment}' must be a plain folder name, without slashes");

var variants =
    (from p in pairs
     from objective in objectives
     from k in ks
     from g in gSteps
     where !(k > 1 && g > 1)
     from slope in ModelZoo.HasSlope(p.Generator) ? slopes : [SlopeVariant.Seed]
     from lr in lrs
     let config = baseline with
     {
         Generator = p.Generator, Discriminator = p.Discriminator, Objective = objective,
         DSteps = k, GSteps = g, Slope = slope, LearningRate = lr,
     }
     let name = RunLabels.Variant(config,
         lrs.Count > 1 || lr != baseline.LearningRate ? "lr" + lr.ToString("R", CultureInfo.InvariantCulture) : null)
     select new Variant(name, config))
    .ToList();
if (variants.Count == 0)
    throw new GanException("the grid is empty: k > 1 and --g-steps > 1 cannot combine; give --k 1 or --g-steps 1 as one of the values");
return Experiments.Run(new Experiment(experiment, "compare-losses.csx",
    "a grid of pairs × objectives × schedules × slopes × learning rates", variants), a);
