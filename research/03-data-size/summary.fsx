// The write-up's tables and figures, from the runs research/03-data-size/run.sh makes:
//
//   dotnet fsi research/03-data-size/summary.fsx runs/03-data-size research/03-data-size
//
// Writes into the second folder: results/size.md (G2+D2 on training sets of each size: when D first wins for good
// and when G's loss first reaches 40, in steps and in passes over the data, the fit of onset against set size, the
// class coverage and D's overfitting signals) with figures/size-onset.png, figures/size-g-loss-<dataset>.png and
// figures/size-coverage-<dataset>.png, and
// results/augment.md (DiffAugment and ADA on G2+D2 and G3+D2 at 500 steps against no remedy and research 02's R1).
// A run without summary.json, or with fewer metrics rows than its epochs make, is "running" and stays out of the
// statistics; every table says how many runs it holds.
#load "../RunFiles.fsx"

open System
open System.IO
open System.Text
open MathNet.Numerics
open MathNet.Numerics.Distributions
open RunFiles

let args = fsi.CommandLineArgs |> Array.skip 1
let runsRoot, outRoot =
    match args with
    | [| r; o |] -> r, o
    | _ -> "runs/03-data-size", __SOURCE_DIRECTORY__
let resultsDir = Path.Combine(outRoot, "results")
let figuresDir = Path.Combine(outRoot, "figures")
Directory.CreateDirectory resultsDir |> ignore
Directory.CreateDirectory figuresDir |> ignore

let batch = 64.0
/// "D wins for good": D loss below 1e-3 for 50 steps in a row (the issue's definition); the onset is the first such step.
let holdSteps = 50
let gJump = 40.0

let experiment name =
    let dir = Path.Combine(runsRoot, name)
    if Directory.Exists dir then tryFindRuns dir |> Array.filter (fun r -> runState r = "complete") else [||]

/// The first step from which D loss stays below 1e-3 for holdSteps steps.
let dWins (run: Run) =
    let s = run.Steps
    let mutable found = None
    let mutable i = 0
    while found.IsNone && i + holdSteps <= s.Length do
        if Array.forall (fun (x: Step) -> x.DLoss < dFloor) s[i .. i + holdSteps - 1] then found <- Some s[i].Step
        i <- i + 1
    found

let gReaches (run: Run) = run.Steps |> Array.tryFind (fun s -> s.GLoss >= gJump) |> Option.map _.Step

/// metrics.csv's r_t column (NaN where a file predates it).
let realSign (run: Run) =
    let csv = readCsv (Path.Combine(run.Dir, "metrics.csv"))
    match Array.tryFindIndex ((=) "r_t") csv.Header with
    | Some c -> Array.init csv.Rows.Length (fun r -> number csv r c)
    | None -> Array.create csv.Rows.Length nan

let evalMetric (run: Run) name =
    run.Eval |> Option.bind (fun e -> e.Metrics |> List.tryFind (fun (n, _) -> n = name) |> Option.map (fun (_, ys) -> Array.zip e.Steps ys))
    |> Option.defaultValue [||]

let lastEval run name = evalMetric run name |> Array.tryLast |> Option.map snd |> Option.defaultValue nan

/// Mean ± CI of the values that exist, and how many runs had none (censored: the event did not happen in the run).
let ciOf (values: float option[]) =
    let seen = values |> Array.choose id
    let censored = values.Length - seen.Length
    let text = if seen.Length = 0 then "—" else fmtCi (meanCi seen)
    if censored = 0 then text else $"{text} ({censored} of {values.Length} never)"

// ---------- question 1: steps or passes ----------

let sizes =
    [ "mnist-sample", [ 2000; 4000; 8000 ]
      "fashion-mnist", [ 8000; 20000; 60000 ] ]

let out = StringBuilder()
let line (s: string) = out.AppendLine s |> ignore
line "# G2+D2 by training-set size (research/03-data-size/run.sh size-mnist size-fashion size-fashion-20k)"
line ""
line $"Onsets: D wins = the first step from which D's loss stays below 1e-3 for {holdSteps} steps; G ≥ 40 = the first step"
line "with G's loss at 40 or more. Passes = step × 64 / images. Mean ± 95% CI over the seeds that reached it."
line "Coverage, D's score gap (train − held-out, mean raw score in eval mode) and r_t are at the runs' last evaluation /"
line "over their last 100 steps."
line ""
let rows = ResizeArray()
let onsetPoints = ResizeArray<string * float * float>() // dataset, images, onset step (D wins), per run
for dataset, ns in sizes do
    for n in ns do
        let runs = experiment $"size-{dataset}-{n}"
        if runs.Length > 0 then
            let wins = runs |> Array.map dWins
            let g40 = runs |> Array.map gReaches
            for w in wins do w |> Option.iter (fun s -> onsetPoints.Add(dataset, float n, s))
            let passes (o: float option) = o |> Option.map (fun s -> s * batch / float n)
            let steps = runs |> Array.map (fun r -> r.Steps.Length) |> Array.min
            let lastSign = runs |> Array.map (fun r -> let x = realSign r in Some (Array.average x[max 0 (x.Length - 100) ..]))
            rows.Add [ dataset; string n; string runs.Length; string steps; fmtNum (float steps * batch / float n)
                       ciOf wins; ciOf (wins |> Array.map passes); ciOf g40; ciOf (g40 |> Array.map passes)
                       ciOf (runs |> Array.map (fun r -> Some (lastEval r "classes_at_share")))
                       ciOf (runs |> Array.map (fun r -> Some (lastEval r "d_score_train")))
                       ciOf (runs |> Array.map (fun r -> Some (lastEval r "d_score_gap"))); ciOf lastSign ]
        else rows.Add [ dataset; string n; "0 (not run)"; ""; ""; ""; ""; ""; ""; ""; ""; ""; "" ]
table out [ "data"; "images"; "runs"; "steps"; "passes"; "D wins (step)"; "D wins (passes)"; "G ≥ 40 (step)"; "G ≥ 40 (passes)"
            "classes ≥ 1% (last)"; "D score, train (last)"; "D gap (last)"; "r_t (last 100)" ] (List.ofSeq rows)

// The fit: log(onset step) = a + b · log(images). b = 0: the onset stays put in steps; b = 1: it follows passes.
let fitOnset (points: (string * float * float) seq) =
    let pts = points |> Array.ofSeq
    if pts.Length < 3 || (pts |> Array.map (fun (_, n, _) -> n) |> Array.distinct |> Array.length) < 2 then None
    else
        let xs = pts |> Array.map (fun (_, n, _) -> log n)
        let ys = pts |> Array.map (fun (_, _, s) -> log s)
        let struct (a, b) = Fit.Line(xs, ys)
        let residual = Array.map2 (fun x y -> y - (a + b * x)) xs ys
        let dof = float (pts.Length - 2)
        let s2 = (residual |> Array.sumBy (fun r -> r * r)) / dof
        let mx = Array.average xs
        let se = sqrt (s2 / (xs |> Array.sumBy (fun x -> (x - mx) ** 2.0)))
        let t = if dof > 0.0 then StudentT.InvCDF(0.0, 1.0, dof, 0.975) else nan
        Some (a, b, t * se, pts.Length)
line ""
line "Fit of log(D-wins step) = a + b · log(images), over the runs where D won (b = 0: steps; b = 1: passes):"
line ""
for label, pts in [ "MNIST sample", onsetPoints |> Seq.filter (fun (d, _, _) -> d = "mnist-sample")
                    "Fashion-MNIST", onsetPoints |> Seq.filter (fun (d, _, _) -> d = "fashion-mnist")
                    "both", onsetPoints :> seq<_> ] do
    match fitOnset pts with
    | Some (_, b, half, n) -> line $"- {label}: b = {fmtNum b} ± {fmtNum half} (95%% CI, {n} runs)"
    | None -> line $"- {label}: too few runs with an onset to fit"
File.WriteAllText(Path.Combine(resultsDir, "size.md"), out.ToString())

// Figure: onset step against set size, log-log, with the two hypotheses drawn through the 8,000-image MNIST mean.
do
    use plot = new ScottPlot.Plot()
    for i, dataset in List.indexed [ "mnist-sample"; "fashion-mnist" ] do
        let pts = onsetPoints |> Seq.filter (fun (d, _, _) -> d = dataset) |> Array.ofSeq
        if pts.Length > 0 then
            let sc = plot.Add.ScatterPoints(pts |> Array.map (fun (_, n, _) -> log10 n), pts |> Array.map (fun (_, _, s) -> log10 s), Nullable (palette.GetColor i))
            sc.MarkerSize <- 8.0f
            sc.LegendText <- dataset
    let anchor = onsetPoints |> Seq.filter (fun (d, n, _) -> d = "mnist-sample" && n = 8000.0) |> Seq.map (fun (_, _, s) -> s) |> Array.ofSeq
    if anchor.Length > 0 then
        let s0 = Array.average anchor
        let xs = [| log10 2000.0; log10 60000.0 |]
        let steps = plot.Add.ScatterLine(xs, [| log10 s0; log10 s0 |], Nullable (palette.GetColor 2))
        steps.LinePattern <- ScottPlot.LinePattern.Dashed
        steps.LegendText <- "onset stays put in steps (b = 0)"
        let passes = plot.Add.ScatterLine(xs, xs |> Array.map (fun x -> log10 s0 + (x - log10 8000.0)), Nullable (palette.GetColor 3))
        passes.LinePattern <- ScottPlot.LinePattern.Dotted
        passes.LegendText <- "onset follows passes (b = 1)"
    plot.Title "G2+D2: when D first wins for good, by training-set size"
    plot.XLabel "log10 training images"
    plot.YLabel "log10 step"
    plot.ShowLegend(ScottPlot.Alignment.UpperLeft) |> ignore
    plot.SavePng(Path.Combine(figuresDir, "size-onset.png"), 900, 500) |> ignore

for dataset, ns in sizes do
    let series =
        [ for n in ns do
              let runs = experiment $"size-{dataset}-{n}"
              if runs.Length > 0 then
                  yield $"{n} images", runs |> Array.map (fun r -> r.Steps |> Array.map _.Step, r.Steps |> Array.map _.GLoss |> movingMean 25) |> List.ofArray ]
    if not series.IsEmpty then
        curvePlot (Path.Combine(figuresDir, $"size-g-loss-{dataset}.png")) $"G2+D2 on {dataset}: G loss (25-step mean; band = seeds' range)" "G loss" series
    let coverage =
        [ for n in ns do
              let runs = experiment $"size-{dataset}-{n}"
              if runs.Length > 0 then
                  yield $"{n} images", runs |> Array.map (fun r -> let e = evalMetric r "classes_at_share" in e |> Array.map fst, e |> Array.map snd) |> List.ofArray ]
    if not coverage.IsEmpty then
        curvePlot (Path.Combine(figuresDir, $"size-coverage-{dataset}.png")) $"G2+D2 on {dataset}: classes holding ≥ 1%% of 10,000 samples" "classes" coverage

// ---------- question 2: augmentation ----------

let atStep = 500.0
/// research/02-rescuing-d2/results/confirm.md, at 500 steps, 3 seeds, on another machine of this workplace (AMD EPYC
/// Zen 5): the rescue criterion's yardstick and R1's outcome, quoted, not rerun here.
let g1d1FdAt500 = 2135.0

let out2 = StringBuilder()
let line2 (s: string) = out2.AppendLine s |> ignore
line2 "# Augmentation on the failing pairs (research/03-data-size/run.sh aug-g2 aug-g3)"
line2 ""
line2 $"At step {fmtNum atStep} (4 epochs of the 8,000-digit sample), bf16-mixed, 3 seeds; mean ± 95%% CI. Rescued = all 10"
line2 $"classes at ≥ 1%% of the samples and FD below G1+D1's at the same step ({fmtNum g1d1FdAt500}, research 02's g1d1-reference)."
line2 "The G2+D2 baseline is size-mnist-sample-8000 cut at the same step."
line2 ""
let variants =
    [ "g2-d2", "none (size-mnist-sample-8000)", "size-mnist-sample-8000"
      "g2-d2", "diffaug", "aug-g2-d2-diffaug"
      "g2-d2", "ada:0.6:10", "aug-g2-d2-ada-0.6-10"
      "g3-d2", "diffaug", "aug-g3-d2-diffaug"
      "g3-d2", "ada:0.6:10", "aug-g3-d2-ada-0.6-10" ]
let rows2 =
    [ for pair, name, exp in variants do
          let runs = experiment exp |> Array.map (firstSteps atStep)
          if runs.Length = 0 then yield [ pair; name; "0 (not run)"; ""; ""; ""; ""; ""; ""; "" ]
          else
              let fd = runs |> Array.map (fun r -> Some (lastEval r "frechet_distance"))
              let classes = runs |> Array.map (fun r -> lastEval r "classes_at_share")
              let rescued = runs |> Array.filter (fun r -> lastEval r "classes_at_share" = 10.0 && lastEval r "frechet_distance" < g1d1FdAt500) |> Array.length
              let below = runs |> Array.map (fun r -> Some (100.0 * (r.Steps |> Array.filter (fun s -> s.DLoss < dFloor) |> Array.length |> float) / float r.Steps.Length))
              let augP = runs |> Array.map (fun r ->
                  let csv = readCsv (Path.Combine(r.Dir, "metrics.csv"))
                  Some (number csv (r.Steps.Length - 1) (column csv "aug_p")))
              yield [ pair; name; string runs.Length; ciOf fd; ciOf (classes |> Array.map Some); $"{rescued} of {runs.Length}"
                      ciOf (runs |> Array.map dWins); ciOf below; ciOf (runs |> Array.map (fun r -> Some (lastEval r "d_score_gap"))); ciOf augP ] ]
table out2 [ "pair"; "remedy"; "runs"; "FD"; "classes ≥ 1%"; "rescued"; "D wins (step)"; "% steps D loss < 1e-3"; "D gap"; "aug_p at the end" ] rows2
File.WriteAllText(Path.Combine(resultsDir, "augment.md"), out2.ToString())
printfn "wrote %s and %s" (Path.Combine(resultsDir, "size.md")) (Path.Combine(resultsDir, "augment.md"))
