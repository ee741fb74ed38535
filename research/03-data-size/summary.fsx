// The write-up's tables and figures, from the runs research/03-data-size/run.sh makes:
//
//   dotnet fsi research/03-data-size/summary.fsx runs/03-data-size research/03-data-size
//
// Writes into the second folder, one results file per group of run.sh sections:
// - results/size.md (size-mnist, size-fashion): G2+D2 on training sets of each size, when D first wins for good and
//   when G's loss first reaches 40, in steps and in passes over the data, the fit of onset against set size, the
//   class coverage and D's overfitting signals, with figures/size-onset.png, figures/size-g-loss-<dataset>.png and
//   figures/size-coverage-<dataset>.png;
// - results/size-fashion-20k.md (size-fashion-20k): the same columns for 20,000 Fashion-MNIST images;
// - results/augment.md (aug-g2, aug-g3): DiffAugment and ADA on G2+D2 and G3+D2 at 500 steps against no remedy;
// - results/augment-r1.md (aug-r1): DiffAugment on top of R1 at the same step;
// - results/augment-fashion.md (aug-fashion): no remedy and DiffAugment on all 60,000 Fashion-MNIST images at one pass;
// - results/full.md (full-g1d1) with figures/full-g1d1-*.png: G1+D1 on full Fashion-MNIST for the study's 100 epochs;
// - results/horizon-g3.md (horizon-g3): G3+D2 with R1 towards the study's horizon, in 500-step windows.
// A file is rewritten only when every experiment it reads has finished runs in the first folder; otherwise the
// committed file, and its figures, stay as the runs that made them left them, and the script says what it kept.
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

let written = ResizeArray<string>()
/// Writes results/<file> and its figures when every experiment it reads has finished runs here; otherwise keeps the
/// committed file, which the runs of an earlier machine made, rather than overwrite it with an emptier table.
let writeWhenComplete (file: string) (experiments: string list) (write: unit -> string) =
    match experiments |> List.filter (fun e -> (experiment e).Length = 0) with
    | [] ->
        File.WriteAllText(Path.Combine(resultsDir, file), write ())
        written.Add file
    | missing ->
        let what = if File.Exists(Path.Combine(resultsDir, file)) then "kept" else "did not write"
        eprintfn "%s results/%s: no finished runs of %s" what file (String.Join(", ", missing))

// ---------- question 1: steps or passes ----------

let sizes =
    [ "mnist-sample", [ 2000; 4000; 8000 ]
      "fashion-mnist", [ 8000; 20000; 60000 ] ]

let sizeHeader = [ "data"; "images"; "runs"; "steps"; "passes"; "D wins (step)"; "D wins (passes)"; "G ≥ 40 (step)"; "G ≥ 40 (passes)"
                   "classes ≥ 1% (last)"; "D score, train (last)"; "D gap (last)"; "r_t (last 100)" ]
let sizeLegend (line: string -> unit) =
    line $"Onsets: D wins = the first step from which D's loss stays below 1e-3 for {holdSteps} steps; G ≥ 40 = the first step"
    line "with G's loss at 40 or more. Passes = step × 64 / images. Mean ± 95% CI over the seeds that reached it."
    line "Coverage, D's score gap (train − held-out, mean raw score in eval mode) and r_t are at the runs' last evaluation /"
    line "over their last 100 steps."
    line ""
/// One size's table row and its runs' D-win steps (the fit's points).
let sizeRow dataset n =
    let runs = experiment $"size-{dataset}-{n}"
    if runs.Length = 0 then [ dataset; string n; "0 (not run)"; ""; ""; ""; ""; ""; ""; ""; ""; ""; "" ], [||]
    else
        let wins = runs |> Array.map dWins
        let g40 = runs |> Array.map gReaches
        let passes (o: float option) = o |> Option.map (fun s -> s * batch / float n)
        let steps = runs |> Array.map (fun r -> r.Steps.Length) |> Array.min
        let lastSign = runs |> Array.map (fun r -> let x = realSign r in Some (Array.average x[max 0 (x.Length - 100) ..]))
        [ dataset; string n; string runs.Length; string steps; fmtNum (float steps * batch / float n)
          ciOf wins; ciOf (wins |> Array.map passes); ciOf g40; ciOf (g40 |> Array.map passes)
          ciOf (runs |> Array.map (fun r -> Some (lastEval r "classes_at_share")))
          ciOf (runs |> Array.map (fun r -> Some (lastEval r "d_score_train")))
          ciOf (runs |> Array.map (fun r -> Some (lastEval r "d_score_gap"))); ciOf lastSign ],
        wins |> Array.choose (Option.map (fun s -> dataset, float n, s))

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

/// results/size.md and its figures: every size of size-mnist and size-fashion, and size-fashion-20k's row when it has run.
let sizeResults () =
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# G2+D2 by training-set size (research/03-data-size/run.sh size-mnist size-fashion size-fashion-20k)"
    line ""
    sizeLegend line
    let rows = [ for dataset, ns in sizes do for n in ns -> sizeRow dataset n ]
    table out sizeHeader (rows |> List.map fst)
    let onsetPoints = rows |> Seq.collect snd |> Array.ofSeq // dataset, images, onset step (D wins), per run
    line ""
    line "Fit of log(D-wins step) = a + b · log(images), over the runs where D won (b = 0: steps; b = 1: passes):"
    line ""
    for label, pts in [ "MNIST sample", onsetPoints |> Seq.filter (fun (d, _, _) -> d = "mnist-sample")
                        "Fashion-MNIST", onsetPoints |> Seq.filter (fun (d, _, _) -> d = "fashion-mnist")
                        "both", onsetPoints :> seq<_> ] do
        match fitOnset pts with
        | Some (_, b, half, n) -> line $"- {label}: b = {fmtNum b} ± {fmtNum half} (95%% CI, {n} runs)"
        | None -> line $"- {label}: too few runs with an onset to fit"

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
    out.ToString()

writeWhenComplete "size.md" [ for dataset, ns in sizes do for n in ns do if n <> 20000 then $"size-{dataset}-{n}" ] sizeResults

// The 20,000-image Fashion set, run after size.md's: its row alone, so size.md keeps the runs that made it.
writeWhenComplete "size-fashion-20k.md" [ "size-fashion-mnist-20000" ] (fun () ->
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# G2+D2 on 20,000 Fashion-MNIST images (research/03-data-size/run.sh size-fashion-20k)"
    line ""
    line "The columns of size.md, for the set size between its 8,000 and 60,000 Fashion-MNIST images."
    line ""
    sizeLegend line
    table out sizeHeader [ fst (sizeRow "fashion-mnist" 20000) ]
    out.ToString())

// ---------- question 2: augmentation ----------

let atStep = 500.0
/// research/02-rescuing-d2/results/confirm.md, at 500 steps, 3 seeds, on another machine of this workplace (AMD EPYC
/// Zen 5): the rescue criterion's yardstick and R1's outcome, quoted, not rerun here.
let g1d1FdAt500 = 2135.0

/// One table row per remedy: the runs cut at a step, FD and coverage at that step, the rescue count against a yardstick FD.
let remedyRows (cut: float) (yardstick: float) variants =
    [ for pair, name, exp in variants do
          let runs = experiment exp |> Array.map (firstSteps cut)
          let fd = runs |> Array.map (fun r -> Some (lastEval r "frechet_distance"))
          let classes = runs |> Array.map (fun r -> lastEval r "classes_at_share")
          let rescued = runs |> Array.filter (fun r -> lastEval r "classes_at_share" = 10.0 && lastEval r "frechet_distance" < yardstick) |> Array.length
          let below = runs |> Array.map (fun r -> Some (100.0 * (r.Steps |> Array.filter (fun s -> s.DLoss < dFloor) |> Array.length |> float) / float r.Steps.Length))
          let augP = runs |> Array.map (fun r ->
              let csv = readCsv (Path.Combine(r.Dir, "metrics.csv"))
              Some (number csv (r.Steps.Length - 1) (column csv "aug_p")))
          yield [ pair; name; string runs.Length; ciOf fd; ciOf (classes |> Array.map Some); $"{rescued} of {runs.Length}"
                  ciOf (runs |> Array.map dWins); ciOf below; ciOf (runs |> Array.map (fun r -> Some (lastEval r "d_score_gap"))); ciOf augP ] ]
let remedyHeader = [ "pair"; "remedy"; "runs"; "FD"; "classes ≥ 1%"; "rescued"; "D wins (step)"; "% steps D loss < 1e-3"; "D gap"; "aug_p at the end" ]

writeWhenComplete "augment.md" [ "size-mnist-sample-8000"; "aug-g2-d2-diffaug"; "aug-g2-d2-ada-0.6-10"; "aug-g3-d2-diffaug"; "aug-g3-d2-ada-0.6-10" ] (fun () ->
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# Augmentation on the failing pairs (research/03-data-size/run.sh aug-g2 aug-g3)"
    line ""
    line $"At step {fmtNum atStep} (4 epochs of the 8,000-digit sample), bf16-mixed, 3 seeds; mean ± 95%% CI. Rescued = all 10"
    line $"classes at ≥ 1%% of the samples and FD below G1+D1's at the same step ({fmtNum g1d1FdAt500}, research 02's g1d1-reference)."
    line "The G2+D2 baseline is size-mnist-sample-8000 cut at the same step; R1 alone is research 02's (results/confirm.md)."
    line ""
    table out remedyHeader (remedyRows atStep g1d1FdAt500
        [ "g2-d2", "none (size-mnist-sample-8000)", "size-mnist-sample-8000"
          "g2-d2", "diffaug", "aug-g2-d2-diffaug"
          "g2-d2", "ada:0.6:10", "aug-g2-d2-ada-0.6-10"
          "g3-d2", "diffaug", "aug-g3-d2-diffaug"
          "g3-d2", "ada:0.6:10", "aug-g3-d2-ada-0.6-10" ])
    out.ToString())

writeWhenComplete "augment-r1.md" [ "aug-g2-d2-diffaug-r1-1"; "aug-g3-d2-diffaug-r1-10" ] (fun () ->
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# DiffAugment on top of R1 (research/03-data-size/run.sh aug-r1)"
    line ""
    line $"At step {fmtNum atStep} on the 8,000-digit sample, bf16-mixed, 3 seeds; mean ± 95%% CI; rescued as in augment.md"
    line $"(all 10 classes at ≥ 1%% and FD below {fmtNum g1d1FdAt500}). Each pair with research 02's better γ: G2+D2 1, G3+D2 10."
    line "DiffAugment alone is augment.md's; R1 alone is research 02's results/confirm.md."
    line ""
    table out remedyHeader (remedyRows atStep g1d1FdAt500
        [ "g2-d2", "diffaug + r1:1", "aug-g2-d2-diffaug-r1-1"
          "g3-d2", "diffaug + r1:10", "aug-g3-d2-diffaug-r1-10" ])
    out.ToString())

// ---------- question 2 on full Fashion-MNIST ----------

/// One pass over the 60,000 images, the horizon of size-fashion-mnist-60000.
let fashionStep = 938.0
let fashionExperiments = [ "fashion-g1d1-reference"; "aug-fashion-g2-d2-none"; "aug-fashion-g2-d2-diffaug"; "aug-fashion-g3-d2-none"; "aug-fashion-g3-d2-diffaug" ]
writeWhenComplete "augment-fashion.md" fashionExperiments (fun () ->
    // The yardstick on Fashion-MNIST: G1+D1 with BCE at the same step, mean over its seeds.
    let reference = experiment "fashion-g1d1-reference" |> Array.map (firstSteps fashionStep)
    let yardstick = reference |> Array.averageBy (fun r -> lastEval r "frechet_distance")
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# Augmentation on full Fashion-MNIST (research/03-data-size/run.sh aug-fashion)"
    line ""
    line $"At step {fmtNum fashionStep} (one pass over the 60,000 images), bf16-mixed, 3 seeds; mean ± 95%% CI. Rescued = all 10"
    line $"classes at ≥ 1%% and FD below G1+D1's with BCE at the same step (fashion-g1d1-reference, fp32:"
    let referenceFd = ciOf (reference |> Array.map (fun r -> Some (lastEval r "frechet_distance")))
    let referenceClasses = ciOf (reference |> Array.map (fun r -> Some (lastEval r "classes_at_share")))
    line $"FD {referenceFd}, {referenceClasses} classes; the yardstick is its mean FD)."
    line ""
    table out remedyHeader (remedyRows fashionStep yardstick
        [ "g2-d2", "none", "aug-fashion-g2-d2-none"
          "g2-d2", "diffaug", "aug-fashion-g2-d2-diffaug"
          "g3-d2", "none", "aug-fashion-g3-d2-none"
          "g3-d2", "diffaug", "aug-fashion-g3-d2-diffaug" ])
    out.ToString())

// ---------- question 3: G1+D1 at the study's horizon on full Fashion-MNIST ----------

let objectivesFull = [ "bce"; "wgan-gp" ]
writeWhenComplete "full.md" [ for o in objectivesFull -> $"full-g1d1-{o}" ] (fun () ->
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# G1+D1 on full Fashion-MNIST for the study's 100 epochs (research/03-data-size/run.sh full-g1d1)"
    line ""
    line "fp32, 1 thread, 3 seeds; evaluated every 10 epochs (9,380 steps) on 10,000 samples against the 10,000 test images."
    line "Mean ± 95% CI over the seeds; a class counts at ≥ 1% of the samples."
    line ""
    let rows =
        [ for o in objectivesFull do
              let runs = experiment $"full-g1d1-{o}"
              let steps = evalMetric runs[0] "frechet_distance" |> Array.map fst
              for step in steps do
                  let at name = runs |> Array.map (fun r -> evalMetric r name |> Array.tryFind (fun (s, _) -> s = step) |> Option.map snd)
                  yield [ o; string runs.Length; step.ToString("N0", inv); fmtNum (step * batch / 60000.0); ciOf (at "frechet_distance")
                          ciOf (at "classes_at_share"); ciOf (at "max_class_fraction"); ciOf (at "recall") ]
              yield [ o; string runs.Length; "ms/step (median)"; ""; ciOf (runs |> Array.map (fun r -> Some r.MedianStepMs)); ""; ""; "" ] ]
    table out [ "objective"; "runs"; "step"; "passes"; "FD"; "classes ≥ 1%"; "largest class share"; "recall" ] rows
    for metric, title, label in [ "frechet_distance", "FD (Fréchet LeNet distance, lower is better)", "FD"
                                  "classes_at_share", "classes holding ≥ 1%% of 10,000 samples", "classes" ] do
        let series = [ for o in objectivesFull -> o, experiment $"full-g1d1-{o}" |> Array.map (fun r -> let e = evalMetric r metric in e |> Array.map fst, e |> Array.map snd) |> List.ofArray ]
        curvePlot (Path.Combine(figuresDir, $"full-g1d1-{label.ToLowerInvariant()}.png")) $"G1+D1 on Fashion-MNIST, 100 epochs = 93,800 steps: {title}" label series
    out.ToString())

// ---------- question 3: G3+D2 towards the study's horizon ----------

/// research 02's horizon windows: 500 steps, the evaluations' spacing.
let horizonWindow = 500.0
/// The horizon run as far as it has trained: a run stopped before its 3,000 steps still reports its windows.
let horizonRun =
    let dir = Path.Combine(runsRoot, "horizon-g3-d2-r1-10")
    if Directory.Exists dir then tryFindRuns dir |> Array.tryHead else None
match horizonRun with
| None -> eprintfn "did not write results/horizon-g3.md: no run of horizon-g3-d2-r1-10"
| Some run ->
  writeWhenComplete "horizon-g3.md" [] (fun () ->
      let out = StringBuilder()
      let line (s: string) = out.AppendLine s |> ignore
      line "# G3+D2 with R1 (γ = 10) towards the study's horizon (research/03-data-size/run.sh horizon-g3)"
      line ""
      let state = if runState run = "complete" then "complete" else $"stopped: {runState run}"
      line $"The 8,000-digit sample, bf16-mixed, seed {run.Seed}, {run.Steps.Length} steps ({state}; the study's 20 epochs are 18,760). Per 500-step window:"
      line "the share of steps with D's loss below 1e-3, G's largest loss and r_t's mean; at the window's end, the evaluation of"
      line "10,000 samples (FD, classes holding ≥ 1%, the largest class and its share, the class drawn least, recall)."
      line ""
      let evalCsv = readCsv (Path.Combine(run.Dir, "eval.csv"))
      let signs = realSign run
      /// The class the generator draws least at an evaluation step, and how many of the samples it holds.
      let fewest step =
          let stepColumn, countsColumn = column evalCsv "step", column evalCsv "class_counts"
          let row = evalCsv.Rows |> Array.find (fun r -> float r[stepColumn] = step)
          let counts = row[countsColumn].Split('|') |> Array.map int
          let c = Array.IndexOf(counts, Array.min counts)
          $"{c} ({counts[c]})"
      let rows =
          [ for e in evalMetric run "frechet_distance" do
                let step = fst e
                let window = run.Steps |> Array.filter (fun s -> s.Step > step - horizonWindow && s.Step <= step)
                let windowSigns = run.Steps |> Array.indexed |> Array.filter (fun (_, s) -> s.Step > step - horizonWindow && s.Step <= step) |> Array.map (fun (i, _) -> signs[i])
                let at name = evalMetric run name |> Array.tryFind (fun (x, _) -> x = step) |> Option.map snd |> Option.defaultValue nan
                let largest = run.Eval |> Option.bind (fun ev -> Array.tryFindIndex ((=) step) ev.Steps |> Option.map (fun i -> ev.Largest[i]))
                yield [ fmtNum step; fmtNum (100.0 * float (window |> Array.filter (fun s -> s.DLoss < dFloor) |> Array.length) / float window.Length)
                        fmtNum (window |> Array.map _.GLoss |> Array.max); fmtNum (Array.average windowSigns)
                        fmtNum (snd e); fmtNum (at "classes_at_share")
                        (match largest with
                         | Some c -> let share = fmtNum (100.0 * at "max_class_fraction") in $"{c} ({share}%%)"
                         | None -> "")
                        fewest step; fmtNum (at "recall") ] ]
      table out [ "step"; "% steps D loss < 1e-3"; "max G loss"; "r_t (mean)"; "FD"; "classes ≥ 1%"; "largest class (share)"; "fewest class (samples)"; "recall" ] rows
      out.ToString())

printfn "wrote %s" (if written.Count = 0 then "nothing" else String.Join(", ", written |> Seq.map (fun f -> Path.Combine(resultsDir, f))))
