// Turns the run directories of one experiment into a comparison a person can read:
//
//   dotnet fsi research/compare-runs.fsx runs/<experiment> [--out DIR]
//
// Reads only files (config.json, metrics.csv, summary.json, eval.csv when present, samples/*.png), so it needs no
// TorchSharp. Every directory below the argument that holds a config.json is a run; its variant is its parent folder
// when the run folder is named seed-N (the layout the experiment scripts write), else its own folder.
// Writes <experiment>/report.md and <experiment>/figures/*.png (with --out, DIR/<experiment>.md and
// DIR/figures/<experiment>/*.png, for a write-up that commits them): per variant, final losses and eval metrics as
// mean ± 95% confidence interval across seeds (Student t), loss and metric curves (mean line, band = range across
// seeds), a montage of the last sample grids, and the step at which each run collapsed, if it did.
#load "RunFiles.fsx"

open System
open System.IO
open System.Text
open System.Text.RegularExpressions
open RunFiles

let report (root: string) (outDir: string option) (runs: Run[]) =
    let name = Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar))
    let reportPath, figures, link =
        match outDir with
        | None -> Path.Combine(root, "report.md"), Path.Combine(root, "figures"), "figures"
        | Some dir -> Path.Combine(dir, name + ".md"), Path.Combine(dir, "figures", name), "figures/" + name
    Directory.CreateDirectory figures |> ignore
    let variants = runs |> Array.groupBy _.Variant |> Array.sortBy fst |> Array.toList
    let completed (rs: Run[]) = rs |> Array.filter (fun r -> r.Status = "completed")
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    let nDone = runs |> Array.filter (fun r -> r.Status = "completed") |> Array.length
    line $"# Experiment {name}"
    line ""
    line $"{runs.Length} runs ({nDone} completed) in {variants.Length} variants, read from `{root}` by `dotnet fsi research/compare-runs.fsx {root}`."
    line "Statistics are over the completed runs of a variant (one per seed): mean ± half-width of the 95% confidence"
    line "interval (Student t, n − 1 degrees of freedom); one seed gives no interval. \"Final\" losses are means over the"
    line "last epoch's steps."
    line ""
    line "## Variants"
    line ""
    table out [ "variant"; "G"; "D"; "objective"; "D:G steps"; "slope"; "lr"; "batch"; "epochs"; "images"; "seeds"; "completed" ]
        [ for v, rs in variants ->
              let r = rs[0]
              [ v; str r.Config "generator"; str r.Config "discriminator"; objective r; schedule r
                (if hasSlope r then str r.Config "slope" else "—"); str r.Config "learningRate"; str r.Config "batchSize"
                str r.Config "epochs"; string r.TrainCount
                String.Join(",", rs |> Array.map _.Seed |> Array.sort); string (completed rs).Length ] ]
    line ""
    line "## Final losses"
    line ""
    let stat (rs: Run[]) pick = rs |> Array.map pick |> meanCi |> fmtCi
    table out [ "variant"; "n"; "D loss"; "G loss"; "D(x)"; "D(G(z))"; "median ms/step" ]
        [ for v, rs in variants ->
              let c = completed rs
              [ v; string c.Length
                stat c (fun r -> lastEpochMean r _.DLoss); stat c (fun r -> lastEpochMean r _.GLoss)
                stat c (fun r -> lastEpochMean r _.DReal); stat c (fun r -> lastEpochMean r _.DFake)
                stat c _.MedianStepMs ] ]
    line ""
    let termNames = runs |> Array.collect (fun r -> r.Terms |> List.map fst |> List.toArray) |> Array.distinct |> Array.toList
    let lastEpochTerm (r: Run) name =
        r.Terms |> List.tryFind (fst >> (=) name) |> Option.map (fun (_, values) ->
            let last = r.Steps[r.Steps.Length - 1].Epoch
            Array.zip r.Steps values |> Array.filter (fun (s, _) -> s.Epoch = last) |> Array.averageBy snd)
    if not termNames.IsEmpty then
        line "## D loss terms"
        line ""
        line "The terms an objective or regulariser adds to D's loss (metrics.csv's extra columns, included in D loss), as"
        line "means over the last epoch's steps; — where a variant has no such term."
        line ""
        table out ("variant" :: "n" :: termNames)
            [ for v, rs in variants ->
                  let c = completed rs
                  v :: string c.Length ::
                  [ for t in termNames ->
                        match c |> Array.choose (fun r -> lastEpochTerm r t) with
                        | [||] -> "—"
                        | xs -> xs |> meanCi |> fmtCi ] ]
        line ""
    let metricNames =
        runs |> Array.collect (fun r -> r.Eval |> Option.map (fun e -> e.Metrics |> List.map fst |> List.toArray) |> Option.defaultValue [||])
        |> Array.distinct |> Array.toList
    line "## Evaluation metrics"
    line ""
    if metricNames.IsEmpty then
        line "No run here has an eval.csv, so there are no sample-quality metrics: train with evaluation on (`--eval-every N`) to add them."
    else
        line "From each run's eval.csv: \"final\" is the last evaluation, \"best\" the best over training (lowest for"
        line "distances and divergences, highest otherwise)."
        line ""
        let metricOf (r: Run) m = r.Eval |> Option.bind (fun e -> e.Metrics |> List.tryFind (fst >> (=) m)) |> Option.map snd
        table out ("variant" :: "n" :: [ for m in metricNames do yield $"final {m}"; yield $"best {m}" ])
            [ for v, rs in variants ->
                  let c = completed rs
                  v :: string c.Length ::
                  [ for m in metricNames do
                        let values = c |> Array.choose (fun r -> metricOf r m)
                        let best xs = if lowerIsBetter m then Array.min xs else Array.max xs
                        yield values |> Array.map Array.last |> meanCi |> fmtCi
                        yield values |> Array.map best |> meanCi |> fmtCi ] ]
    line ""
    line "## Collapse"
    line ""
    line $"Per run, the step from which D loss stays below {dFloor} to the end, the first step at which the non-saturating G"
    line $"loss reaches BCE's ceiling ({bceCeiling}: D is certain on every fake), and the evaluation from which coverage stays at 2 classes or fewer,"
    line "counting a class when one sample is predicted as it and, in the next column, only when it holds ≥ 1% of the samples;"
    line "\"collapsed\" takes the earliest of the three signs, with coverage counted at the share."
    line ""
    line "The largest class is the classifier's most frequent label among the last evaluation's samples, with its share."
    line ""
    let largestText r =
        match lastLargestClass r with
        | Some (c, f) -> $"{c} ({f * 100.0:F0}%%)"
        | None -> "—"
    table out [ "run"; "status"; "steps"; "D loss < 1e-3 from step"; "G loss at 100 at step"; "coverage ≤ 2 from step"; "coverage ≤ 2 (≥ 1%) from step"; "collapsed"; "largest class" ]
        [ for r in runs |> Array.sortBy (fun r -> r.Variant, r.Seed) ->
              let d, g, c = dCollapse r, gCeiling r, coverageCollapse r
              let hasShare = r.Eval |> Option.exists (fun e -> e.Metrics |> List.exists (fst >> (=) "classes_at_share"))
              [ $"{r.Variant} seed {r.Seed}"; r.Status; string r.Steps.Length; stepText d; stepText g
                (if r.Eval |> Option.bind coverageColumn |> Option.isSome then stepText c else "no coverage")
                (if hasShare then stepText (shareCoverageCollapse r) else "no class counts")
                (match shareCollapseOnset r with None -> "no" | Some s -> $"yes, from step {fmtNum s}")
                largestText r ] ]
    line ""
    line "Per variant: how many runs collapsed, and the onset step (the earliest of the three signs) as mean ± 95% CI"
    line "over the runs that collapsed."
    line ""
    table out [ "variant"; "collapsed / runs"; "onset step"; "largest class per seed" ]
        [ for v, rs in variants ->
              let onsets = rs |> Array.choose shareCollapseOnset
              [ v; $"{onsets.Length} / {rs.Length}"
                (if onsets.Length = 0 then "—" else onsets |> meanCi |> fmtCi)
                String.Join(", ", rs |> Array.sortBy _.Seed |> Array.map largestText) ] ]
    line ""
    line "## Figures"
    line ""
    let window = runs |> Array.map _.Steps.Length |> Array.max |> fun n -> max 1 (n / 100)
    let smoothNote = if window > 1 then $", moving mean over {window} steps" else ""
    let curves pick =
        [ for v, rs in variants ->
              v, [ for r in rs |> Array.sortBy _.Seed -> Array.map _.Step r.Steps, movingMean window (Array.map pick r.Steps) ] ]
    curvePlot (Path.Combine(figures, "d-loss.png")) $"D loss (mean over seeds, band = range{smoothNote})" "D loss" (curves _.DLoss)
    curvePlot (Path.Combine(figures, "g-loss.png")) $"G loss (mean over seeds, band = range{smoothNote})" "G loss" (curves _.GLoss)
    line $"![D loss per variant]({link}/d-loss.png)"
    line ""
    line $"![G loss per variant]({link}/g-loss.png)"
    line ""
    for t in termNames do
        let file = "term-" + Regex.Replace(t.ToLowerInvariant(), "[^a-z0-9]+", "-") + ".png"
        let series =
            [ for v, rs in variants do
                  let perSeed =
                      [ for r in rs |> Array.sortBy _.Seed do
                            match r.Terms |> List.tryFind (fst >> (=) t) with
                            | Some (_, ys) -> yield Array.map _.Step r.Steps, movingMean window ys
                            | None -> () ]
                  if not perSeed.IsEmpty then yield v, perSeed ]
        curvePlot (Path.Combine(figures, file)) $"D loss term {t} (mean over seeds, band = range{smoothNote})" t series
        line $"![{t}]({link}/{file})"
        line ""
    for m in metricNames do
        let file = "metric-" + Regex.Replace(m.ToLowerInvariant(), "[^a-z0-9]+", "-") + ".png"
        let series =
            [ for v, rs in variants do
                  let perSeed =
                      [ for r in rs |> Array.sortBy _.Seed do
                            match r.Eval |> Option.bind (fun e -> e.Metrics |> List.tryFind (fst >> (=) m) |> Option.map (fun (_, ys) -> e.Steps, ys)) with
                            | Some s -> yield s
                            | None -> () ]
                  if not perSeed.IsEmpty then yield v, perSeed ]
        curvePlot (Path.Combine(figures, file)) $"{m} over training (mean over seeds, band = range)" m series
        line $"![{m}]({link}/{file})"
        line ""
    montage (Path.Combine(figures, "samples.png"))
        [ for v, rs in variants -> v, [ for r in rs |> Array.sortBy _.Seed -> r.Seed, r.LastSample ] ]
    line "Last sample grid of each run (rows: variants, columns: seeds):"
    line ""
    line $"![last sample grids]({link}/samples.png)"
    File.WriteAllText(reportPath, out.ToString())
    reportPath, figures

let main (args: string[]) =
    let run root outDir =
        let runs = findRuns root
        let path, figures = report root outDir runs
        printfn $"report: {Path.GetFullPath path} ({runs.Length} runs, figures in {Path.GetFullPath figures})"
        0
    match args with
    | [| root |] -> run root None
    | [| root; "--out"; dir |] -> run root (Some dir)
    | _ -> fail "usage: dotnet fsi research/compare-runs.fsx runs/<experiment> [--out DIR]"

let exitCode =
    try main fsi.CommandLineArgs[1..]
    with
    | BadInput message ->
        eprintfn $"compare-runs: error: {message}"
        2
exit exitCode
