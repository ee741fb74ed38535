// The write-up's cross-experiment tables and figures, from the runs research/02-rescuing-d2/run.sh makes:
//
//   dotnet fsi research/02-rescuing-d2/summary.fsx runs/02-rescuing-d2 research/02-rescuing-d2
//
// Writes into the second folder: results/validity.md (fp32 against bf16-mixed on G2+D2 and G3+D2, and G1+D1 in
// bf16-mixed), results/screen.md (every rescue recipe on each D2 pair after 250 steps, next to the BCE baseline at the
// same step) with figures/screen-fd-<pair>.png, results/rank.md (the objectives ranked by FD at equal steps on each
// pair, with collapse onset and wall time) with figures/rank-g1d1-fd.png, results/confirm.md (the screen winners at
// 3 seeds × 500 steps against the rescue criterion) with figures/confirm-fd.png, and results/horizon.md (the
// 3,000-step runs in 500-step windows, and when G's loss jumps) with figures/horizon-{g-loss,d-loss,fd}.png, and
// results/g2-d1.md (G2 against D1 with the study's and a slower G learning rate). The runs
// may still be training: a run without summary.json, or with fewer metrics rows than its epochs make, is "running"
// and stays out of the statistics (the horizon tables read what it has written so far), an experiment without a
// folder is "not started", and every table says how many of its runs were complete. Paths in the tables are
// printed from runs/ on, never as this machine's absolute paths.
#load "../RunFiles.fsx"

open System
open System.IO
open System.Text
open System.Text.RegularExpressions
open RunFiles

// ---------- what run.sh trains ----------

let d2Pairs = [ "g2-d2"; "g3-d2" ]
/// The screens' length: 2 epochs of 125 steps, evaluated after each.
let screenSteps = 250.0
/// validity-g1d1-bf16's length: 40 epochs; write-up 01's fp32 G1+D1 (repro-g1d1) cut there is its twin.
let g1d1Steps = 5000.0
/// rank-g1d1 evaluates every 4 epochs; the ranking is at its first evaluation and at its last.
let rankSteps = [ 500.0; 5000.0 ]
let objectives = [ "bce"; "bce-minimax"; "lsgan"; "hinge"; "wgan-gp"; "rasgan" ]
/// recipes.tsv is the one list of the rescue recipes (name, then options): run.sh trains each as the experiment
/// screen-<pair>-<recipe>, and the screen tables read it for their "not started" line. The other experiments are
/// read from the runs folder: each experiment's sweep plans its runs, so a table shows what is planned, running or done.
let recipes =
    File.ReadAllLines(Path.Combine(__SOURCE_DIRECTORY__, "recipes.tsv"))
    |> Array.filter (fun l -> l.Trim() <> "" && not (l.StartsWith "#"))
    |> Array.map (fun l -> l.Split('\t')[0])
    |> List.ofArray
let screenName = Regex(@"^screen-(g\d+-d\d+)-(.+)$")
let referenceVariant = "g1-d1_ns_k1"

let pairTitle (pair: string) = pair.ToUpperInvariant().Replace("-", "+")
let stepN (step: float) = step.ToString("N0", inv)

/// A path as the .md files print it: from its runs/ folder on (runs/02-rescuing-d2/...) when it has one, otherwise
/// relative to the working directory, so that no machine's absolute path lands in a committed file.
let displayPath (path: string) =
    let full = Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/')
    let parts = full.Split('/')
    match Array.tryFindIndexBack ((=) "runs") parts with
    | Some i -> String.Join("/", parts[i..])
    | None -> Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/')

// ---------- experiments as found on disk ----------

/// An experiment folder: the runs that have trained a step, and what is needed to say how many are complete.
type Experiment =
    { Name: string
      Runs: Run[]
      /// Rows of .sweep/tasks.csv: the runs the sweep makes, started or not (None if the sweep has not written it).
      Planned: int option
      /// The variants .sweep/tasks.csv names, started or not.
      PlannedVariants: string list
      /// The runs .sweep/tasks.csv names, started or not: variant, seed and folder below the experiment.
      PlannedRuns: (string * int64 * string) list
      /// Run folders with a config.json; a run that has not finished a step yet is among them but not in Runs.
      Started: int
      /// The variants of runs that have a config.json and no trained step yet (loading data, checking kernels).
      Idle: string list
      /// Runs whose files could not be read (a file damaged, or caught mid-write): variant and reason.
      Unreadable: (string * string) list }

let loadExperiment (root: string) (name: string) =
    let dir = Path.Combine(root, name)
    if not (Directory.Exists dir) then None
    else
        let dirs =
            Directory.EnumerateFiles(dir, "config.json", SearchOption.AllDirectories)
            |> Seq.map Path.GetDirectoryName |> Seq.sort |> Seq.toArray
        let read d = try Ok (readRun dir d) with BadInput message -> Error (d, message.Replace(root, displayPath root))
        // The variant as readRun names it: the folder above seed-N.
        let variantOf (d: string) =
            let rel = Path.GetRelativePath(dir, d).Replace('\\', '/')
            let parent = Path.GetDirectoryName rel
            let seeded = seedFolder.IsMatch(Path.GetFileName d)
            if seeded && not (String.IsNullOrEmpty parent) then parent.Replace('\\', '/')
            elif seeded || rel = "." then name
            else rel
        // A run that has written config.json and not yet metrics.csv is loading data or checking kernels, not damaged.
        let noSteps, withSteps = dirs |> Array.partition (fun d -> not (File.Exists(Path.Combine(d, "metrics.csv"))))
        let results = withSteps |> Array.map read
        let tasks = Path.Combine(dir, ".sweep", "tasks.csv")
        let sweep = if File.Exists tasks then (try Some (readCsv tasks) with BadInput _ -> None) else None
        let plannedVariants =
            match sweep with
            | Some csv ->
                match Array.tryFindIndex ((=) "variant") csv.Header with
                | Some i -> csv.Rows |> Array.map (fun r -> r[i]) |> Array.distinct |> Array.toList
                | None -> []
            | None -> []
        let plannedRuns =
            match sweep with
            | Some csv ->
                let at name = Array.tryFindIndex ((=) name) csv.Header
                match at "variant", at "seed", at "path" with
                | Some v, Some s, Some p ->
                    [ for r in csv.Rows do
                          match Int64.TryParse r[s] with
                          | true, seed -> yield r[v], seed, r[p]
                          | _ -> () ]
                | _ -> []
            | None -> []
        let unreadable = results |> Array.choose (function Error e -> Some e | Ok _ -> None) |> Array.toList
        for d, message in unreadable do eprintfn $"summary: warning: {d} left out: {message}"
        let runs = results |> Array.choose (function Ok r -> Some r | Error _ -> None)
        Some { Name = name
               Runs = runs |> Array.filter (fun r -> r.Steps.Length > 0)
               Planned = sweep |> Option.map _.Rows.Length
               PlannedVariants = plannedVariants
               PlannedRuns = plannedRuns
               Started = dirs.Length
               Idle =
                   (runs |> Array.filter (fun r -> r.Steps.Length = 0) |> Array.map _.Variant |> Array.toList)
                   @ (noSteps |> Array.map variantOf |> Array.toList)
               Unreadable = unreadable |> List.map (fun (d, message) -> variantOf d, message) }

let runsOf (e: Experiment option) = e |> Option.map _.Runs |> Option.defaultValue [||]
let isComplete (r: Run) = runState r = "complete"
let pairOf (r: Run) = label r "pair" (fun () -> r.Variant.Split('_')[0])

/// One line of the "runs read" table: planned, complete, running, not started, other states.
let statusRow (name: string) (e: Experiment option) =
    match e with
    | None -> [ name; "—"; "0"; "0"; "not started"; "" ]
    | Some e ->
        let states = e.Runs |> Array.map runState
        let count s = states |> Array.filter ((=) s) |> Array.length
        let running = count "running" + e.Idle.Length
        let planned = e.Planned |> Option.defaultValue e.Started
        let other =
            [ for s, n in states |> Array.countBy id do
                  if s <> "complete" && s <> "running" then yield $"{n} {s}"
              if not e.Unreadable.IsEmpty then yield $"{e.Unreadable.Length} unreadable" ]
        [ name; string planned; string (count "complete"); string running; string (max 0 (planned - e.Started)); String.Join(", ", other) ]

/// "n of m runs complete" over some experiments, and the table behind it.
let statusSection (out: StringBuilder) (experiments: (string * Experiment option) list) =
    let rows = experiments |> List.map (fun (n, e) -> statusRow n e)
    let total col = rows |> List.sumBy (fun r -> match Int32.TryParse(List.item col r) with | true, v -> v | _ -> 0)
    out.AppendLine("## Runs read").AppendLine() |> ignore
    out.AppendLine(
        $"{total 2} of {total 1} planned runs complete, {total 3} running, {total 4} not started (planned: the rows of each "
        + "sweep's .sweep/tasks.csv, or the run folders found while it has none). Only complete runs enter the tables, "
        + "except where a table says it reads an evaluation that a running run has already made.").AppendLine() |> ignore
    table out [ "experiment"; "planned"; "complete"; "running"; "not started"; "other" ] rows
    out.AppendLine() |> ignore

/// Ends a report: its "runs read" section, then results/<file>; every file the report wrote, its figures first.
let finishReport (out: StringBuilder) (experiments: (string * Experiment option) list) (results: string) (file: string)
                 (figures: string seq) =
    statusSection out experiments
    let path = Path.Combine(results, file)
    File.WriteAllText(path, out.ToString())
    List.ofSeq figures @ [ path ]

// ---------- numbers of one run ----------

let lastMetric (name: string) (run: Run) =
    run.Eval |> Option.bind (fun e -> e.Metrics |> List.tryFind (fst >> (=) name)) |> Option.bind (snd >> Array.tryLast)

let lastStep (run: Run) = (Array.last run.Steps).Step
let meanWallMs (run: Run) = match wallMs run with [||] -> nan | ms -> Array.average ms
/// The mean alone can mislead: one iteration of a live run took 709 s (the process held up), 500 times the median.
let medianWallMs (run: Run) =
    match wallMs run |> Array.sort with
    | [||] -> nan
    | ms -> (ms[(ms.Length - 1) / 2] + ms[ms.Length / 2]) / 2.0
let shareText (c: int, f: float) = $"{c} ({f * 100.0:F0}%%)"
let ci (xs: float[]) = xs |> meanCi |> fmtCi
/// A table whose short rows (a run not complete) are filled with empty cells.
let paddedTable (out: StringBuilder) (header: string list) (rows: string list list) =
    table out header (rows |> List.map (fun r -> r @ List.replicate (header.Length - r.Length) ""))
/// WGAN's D loss is a difference of scores, negative when D separates: a floor near 0 says nothing about it.
let hasLossFloor (run: Run) = not ((objective run).StartsWith "wgan")
/// Write-up 01's collapse onset (RunFiles' collapseOnset) without the D-loss floor where the objective has none.
let collapseFrom (run: Run) =
    [ (if hasLossFloor run then dCollapse run else None); gCeiling run; coverageCollapse run ]
    |> List.choose id |> function [] -> None | xs -> Some (List.min xs)
/// The same onset with coverage counted as classes holding ≥ 1% of the samples (RunFiles' shareCoverageCollapse).
let shareCollapseFrom (run: Run) =
    [ (if hasLossFloor run then dCollapse run else None); gCeiling run; shareCoverageCollapse run ]
    |> List.choose id |> function [] -> None | xs -> Some (List.min xs)
/// Iterations that took over a minute (the process held up, or the run resumed there after an interruption): one of
/// them outweighs hundreds of ordinary steps in a sum of wall_ms. Step and seconds.
let heldUp (run: Run) =
    let ms = wallMs run
    [ for i in 0 .. ms.Length - 1 do
          if ms[i] > 60_000.0 then yield run.Steps[i].Step, ms[i] / 1000.0 ]
/// A sentence naming the held-up iterations of some labelled runs, if any.
let heldUpNote (line: string -> unit) (runs: (string * Run) list) =
    let found = [ for name, r in runs do for step, s in heldUp r -> $"{name} at step {stepN step} ({s:F0} s)" ]
    if not found.IsEmpty then
        line ("Iterations that took over a minute, counted in training s: " + String.Join("; ", found) + ".")
/// Per seed (seed order), the collapse onset or "none"; * marks a run still training (its onset so far).
let onsetText (rs: Run[]) =
    String.Join(", ", rs |> Array.sortBy _.Seed |> Array.map (fun r ->
        (collapseFrom r |> Option.map stepN |> Option.defaultValue "none") + (if isComplete r then "" else "*")))
/// The sum of metrics.csv's wall_ms in seconds: the training time of the steps, without the evaluations that
/// summary.json's wallSeconds includes (a G1+D1 run evaluated every epoch spends most of its wall time there).
let trainSeconds (run: Run) = Array.sum (wallMs run) / 1000.0
let stateText (run: Run) =
    match runState run with
    | "running" -> $"running, at step {stepN (lastStep run)}"
    | "complete" -> "complete"
    | state -> $"{state} at step {stepN (lastStep run)}"
/// The issue's rescue criterion at one evaluation: 10 classes covered and FD below G1+D1's mean at the same step.
let rescueVerdict (reference: float option) (classes: float option) (fd: float) =
    match classes, reference with
    | Some c, _ when c < 10.0 -> "no"
    | None, _ -> "n/a"
    | Some _, None -> "n/a (no reference)"
    | Some _, Some ref -> if fd < ref then "yes" else "no"
/// FD at every evaluation, one (steps, FDs) per seed: the complete runs, or the running ones while none is complete.
let fdCurves (rs: Run[]) =
    let complete = rs |> Array.filter isComplete
    let shown = if complete.Length > 0 then complete else rs
    [ for r in shown |> Array.sortBy _.Seed do
          let fd = r.Eval |> Option.bind (fun e -> e.Metrics |> List.tryFind (fst >> (=) "frechet_distance"))
          match r.Eval, fd with
          | Some e, Some (_, ys) when e.Steps.Length > 0 -> yield e.Steps, ys
          | _ -> () ]

// ---------- validity.md ----------

/// One row for a pair in one precision: statistics over its complete runs, mean ± 95% CI across seeds.
let validityRow (pair: string) (precision: string) (runs: Run[]) (others: string list) =
    let n = runs.Length
    let seeds =
        match others |> List.countBy id with
        | [] -> string n
        | counts -> $"""{n} ({String.Join(", ", counts |> List.map (fun (state, k) -> $"+{k} {state}"))})"""
    if n = 0 then [ pair; precision; seeds; "none complete" ]
    else
        let stat f = runs |> Array.map f |> ci
        let first = runs |> Array.choose dFirstBelowFloor
        let onsets = runs |> Array.choose collapseOnset
        [ pair; precision; seeds
          (runs |> Array.map lastStep |> Array.max).ToString("N0", inv)
          stat (fun r -> lastEpochMean r _.DLoss); stat (fun r -> lastEpochMean r _.GLoss); stat (fun r -> lastEpochMean r _.DFake)
          runs |> Array.choose (lastMetric "frechet_distance") |> ci
          runs |> Array.choose (lastMetric "classes_covered") |> ci
          (if first.Length = 0 then $"— (0/{n})" else $"{ci first} ({first.Length}/{n})")
          stat (fun r -> 100.0 * dShareBelowFloor r)
          (if onsets.Length = 0 then $"0/{n}" else $"{onsets.Length}/{n}, from {ci onsets}")
          String.Join(", ", runs |> Array.sortBy _.Seed |> Array.map (lastLargestClass >> Option.map shareText >> Option.defaultValue "—"))
          stat meanWallMs; stat medianWallMs ]

let validityHeader =
    [ "pair"; "precision"; "seeds"; "steps"; "last-epoch D loss"; "last-epoch G loss"; "last-epoch D(G(z))"; "FD"
      "classes covered"; "first step D loss < 1e-3 (runs)"; "steps with D loss < 1e-3 (%)"; "collapsed (01), onset step"
      "largest class per seed (share)"; "ms/step (mean)"; "ms/step (median)" ]

let writeValidity (root: string) (command: string) (path: string) =
    let fp32, bf16 = loadExperiment root "validity-fp32", loadExperiment root "validity-bf16"
    let g1d1 = loadExperiment root "validity-g1d1-bf16"
    // The complete runs of a pair, and the states of the others (a run without a step yet is running).
    let split (e: Experiment option) (pair: string) =
        let rs = runsOf e |> Array.filter (fun r -> pairOf r = pair)
        let idle = e |> Option.map _.Idle |> Option.defaultValue [] |> List.filter (fun v -> v.Split('_')[0] = pair)
        rs |> Array.filter isComplete,
        (rs |> Array.map runState |> Array.filter ((<>) "complete") |> Array.toList) @ (idle |> List.map (fun _ -> "running"))
    // Write-up 01's fp32 G1+D1 runs, when they sit next to these: their first 5,000 steps are the fp32 twin.
    let twin =
        let dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)), "01-basic-gan")
        runsOf (loadExperiment dir "repro-g1d1")
        |> Array.filter (fun r -> metricAt "frechet_distance" g1d1Steps r |> Option.isSome)
        |> Array.map (firstSteps g1d1Steps)
    let rows =
        [ for pair in d2Pairs do
              for e, precision in [ fp32, "fp32"; bf16, "bf16-mixed" ] do
                  if e.IsSome then
                      let complete, others = split e pair
                      yield validityRow pair precision complete others
          if g1d1.IsSome then
              let complete, others = split g1d1 "g1-d1"
              yield validityRow "g1-d1" "bf16-mixed" complete others
          if twin.Length > 0 then yield validityRow "g1-d1" "fp32 (01's repro-g1d1, first 5,000 steps)" twin [] ]
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# Validity of bf16-mixed: the same runs in fp32 and bf16-mixed"
    line ""
    line "G2+D2 and G3+D2 with the study's BCE for 4 epochs (500 steps), seeds 0-2, in fp32 (`validity-fp32`) and"
    line "bf16-mixed (`validity-bf16`), both with `--joint-d-batch`; G1+D1 in bf16-mixed for 40 epochs (5,000 steps,"
    line "`validity-g1d1-bf16`), whose fp32 twin is write-up 01's G1+D1 at the same step (its `g1-d1_ns_k1` row in"
    line "[fixes-g1d1-vs-g1d1.md](../../01-basic-gan/results/fixes-g1d1-vs-g1d1.md); a row here when runs/01-basic-gan"
    line "is next to the runs read). Per pair and precision, over the complete runs: mean ± 95% CI across seeds (Student t,"
    line "n − 1 degrees of freedom; one seed gives no interval). Losses and D(G(z)) are means over the last epoch's steps;"
    line "FD and classes covered are from the last evaluation. \"First step D loss < 1e-3\" is over the runs where it"
    line "happened (their count in brackets), as in write-up 01's per-run tables; \"collapsed (01)\" is write-up 01's"
    line "definition (D loss below 1e-3 to the end, G loss at BCE's ceiling of 100, or ≤ 2 classes to the end; onset the"
    line "earliest of the three), over the runs that collapsed. ms/step is the mean and the median of metrics.csv's"
    line "wall_ms per run (a single held-up iteration moves the mean, not the median)."
    line ""
    line $"Made by `{command}`."
    line ""
    if rows.IsEmpty then line "No validity experiment has started yet."
    else paddedTable out validityHeader rows
    line ""
    // Paired by seed: both precisions start from the same weights and noise, so per-seed differences remove the
    // seed-to-seed spread that dominates the CIs above.
    let paired =
        [ for pair in d2Pairs do
              let byseed e = fst (split e pair) |> Array.map (fun r -> r.Seed, r) |> Map.ofArray
              let a, b = byseed fp32, byseed bf16
              let both = a |> Map.toList |> List.choose (fun (s, ra) -> b.TryFind s |> Option.map (fun rb -> ra, rb)) |> List.toArray
              if both.Length > 0 then
                  let diff f = both |> Array.choose (fun (ra, rb) -> match f rb, f ra with Some x, Some y -> Some (x - y) | _ -> None)
                  let d name = diff (lastMetric name) |> ci
                  yield
                      [ pair; string both.Length; d "frechet_distance"; d "classes_covered"
                        diff (fun r -> Some (lastEpochMean r _.GLoss)) |> ci
                        diff dFirstBelowFloor |> ci
                        diff (fun r -> Some (100.0 * dShareBelowFloor r)) |> ci
                        both |> Array.map (fun (ra, rb) -> medianWallMs ra / medianWallMs rb) |> ci ] ]
    if not paired.IsEmpty then
        line "## bf16-mixed − fp32, paired by seed"
        line ""
        line "Per seed complete in both precisions, the bf16-mixed value minus the fp32 one (mean ± 95% CI over the"
        line "seeds); the first step D loss < 1e-3 only over seeds where it happened in both. Speed-up: fp32's median ms/step"
        line "÷ bf16-mixed's."
        line ""
        table out [ "pair"; "seeds"; "Δ FD"; "Δ classes covered"; "Δ last-epoch G loss"; "Δ first step D loss < 1e-3"
                    "Δ steps with D loss < 1e-3 (points)"; "speed-up" ] paired
        line ""
    statusSection out [ "validity-fp32", fp32; "validity-bf16", bf16; "validity-g1d1-bf16", g1d1 ]
    File.WriteAllText(path, out.ToString())

// ---------- screen.md ----------

/// A row of a screen table: a recipe's run cut to the screen's length (or the baseline's first 250 steps), or a
/// run that has not got there yet.
type ScreenRow =
    { Recipe: string
      Variant: string
      Run: Run option
      Note: string
      Baseline: bool }

/// validity-bf16 seed 0 of the pair: its first 250 steps and its evaluation at step 250.
let baselineRow (bf16: Experiment option) (pair: string) =
    runsOf bf16 |> Array.filter (fun r -> pairOf r = pair && r.Seed = 0L) |> Array.tryHead
    |> Option.map (fun r ->
        let ready = metricAt "frechet_distance" screenSteps r |> Option.isSome
        { Recipe = "baseline: BCE (validity-bf16 seed 0)"
          Variant = r.Variant
          Run = (if ready then Some (firstSteps screenSteps r) else None)
          Note = (if ready then "" else $"running: step {lastStep r:F0}")
          Baseline = true })

/// The objective a variant name spells (compare-losses.csx's names: pair_objective_schedule..., bce as ns,
/// bce-minimax as mm), for variants that have no run to read it from yet.
let objectiveInName (variant: string) =
    match variant.Split('_') with
    | parts when parts.Length > 1 -> (match parts[1] with "ns" -> "bce" | "mm" -> "bce-minimax" | o -> o)
    | _ -> variant

/// One row per variant of a screen experiment: seed 0 (or its lowest seed) once complete; the sweep's variants
/// without a run yet as not started.
let screenRows (e: Experiment) (recipe: string) =
    let variants = e.Runs |> Array.groupBy _.Variant |> Array.sortBy fst
    let all =
        [ yield! Array.map fst variants; yield! e.PlannedVariants; yield! e.Idle; yield! List.map fst e.Unreadable ]
        |> List.distinct |> List.length
    let name o = if all > 1 || recipe = "objectives" then $"{recipe}: {o}" else recipe
    [ for v, rs in variants do
          let r = rs |> Array.minBy _.Seed
          let state = runState r
          yield
            { Recipe = name (objective r)
              Variant = v
              Run = (if state = "complete" then Some r else None)
              Note = (if state = "running" then $"running: step {lastStep r:F0}" else state)
              Baseline = false }
      let others = e.PlannedVariants @ e.Idle @ List.map fst e.Unreadable |> List.distinct
      for v in others do
          if not (variants |> Array.exists (fst >> (=) v)) then
              let note =
                  match e.Unreadable |> List.tryFind (fst >> (=) v) with
                  | Some (_, message) -> $"unreadable: {message}"
                  | None -> if List.contains v e.Idle then "running: no step yet" else "not started"
              yield { Recipe = name (objectiveInName v); Variant = v; Run = None; Note = note; Baseline = false } ]

let fdOf (row: ScreenRow) =
    row.Run |> Option.bind (fun r -> metricAt "frechet_distance" (lastStep r) r) |> Option.defaultValue nan

/// The G1+D1 reference: rank-g1d1's BCE variant at a step, over the seeds that have evaluated there.
let referenceAt (rank: Experiment option) (step: float) =
    runsOf rank |> Array.filter (fun r -> r.Variant = referenceVariant) |> Array.choose (metricAt "frechet_distance" step)

/// G1+D1's FD at a step, the rescue criterion's yardstick: g1d1-reference (evaluated every 125 steps to 1,000), or
/// rank-g1d1 (every 500 steps to 5,000) where g1d1-reference has no evaluation; the source's name and its seeds' FDs.
let g1d1Yardstick (yardstick: Experiment option) (rank: Experiment option) (step: float) =
    match referenceAt yardstick step with
    | [||] -> "rank-g1d1", referenceAt rank step
    | xs -> "g1d1-reference", xs

let screenCells (reference: float option) (row: ScreenRow) =
    match row.Run with
    | None -> [ row.Recipe; row.Variant; row.Note ]
    | Some r ->
        let step = lastStep r
        let metric name = metricAt name step r
        let classes = metric "classes_covered"
        let fd = fdOf row
        let top = r.Steps |> Array.maxBy _.GLoss
        let floor f = if hasLossFloor r then f () else "n/a (WGAN)"
        let verdict = rescueVerdict reference classes fd
        [ row.Recipe; row.Variant; step.ToString("N0", inv)
          fmtNum fd; classes |> Option.map fmtNum |> Option.defaultValue "n/a"
          largestAt step r |> Option.map shareText |> Option.defaultValue "—"
          floor (fun () -> stepText (dFirstBelowFloor r))
          floor (fun () -> $"{100.0 * dShareBelowFloor r:F0}%%")
          $"{top.GLoss:F1} ({top.Step:F0})"
          fmtNum (meanWallMs r); fmtNum (medianWallMs r)
          verdict ]

let screenHeader =
    [ "recipe"; "variant"; "steps"; "FD"; "classes covered"; "largest class (share)"; "first step D loss < 1e-3"
      "steps with D loss < 1e-3"; "max G loss (step)"; "ms/step (mean)"; "ms/step (median)"; "rescued?" ]

/// The screen experiments found for a pair, by recipe.
let screensOf (root: string) (pair: string) =
    Directory.GetDirectories root |> Array.map Path.GetFileName |> Array.sort
    |> Array.choose (fun name ->
        let m = screenName.Match name
        if m.Success && m.Groups[1].Value = pair then Some (m.Groups[2].Value, name) else None)
    |> Array.toList

let writeScreen (root: string) (command: string) (results: string) (figures: string) =
    let bf16, rank = loadExperiment root "validity-bf16", loadExperiment root "rank-g1d1"
    // g1d1-reference evaluates every epoch, so it has step 250; rank-g1d1 (every 500 steps) stands in where it is missing.
    let yardstick = loadExperiment root "g1d1-reference"
    let referenceFrom step = snd (g1d1Yardstick yardstick rank step)
    let referenceName = fst (g1d1Yardstick yardstick rank screenSteps)
    let ref250, ref500 = referenceFrom screenSteps, referenceFrom 500.0
    let reference = if ref250.Length > 0 then Some (Array.average ref250) else None
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    let written = ResizeArray<string>()
    let experiments = ResizeArray<string * Experiment option>([ "validity-bf16", bf16; "g1d1-reference", yardstick; "rank-g1d1", rank ])
    line "# Screening the rescue recipes on the D2 pairs"
    line ""
    line "Every recipe of run.sh (experiments `screen-<pair>-<recipe>`) on G2+D2 and G3+D2, seed 0, 2 epochs = 250 steps,"
    line "bf16-mixed with `--joint-d-batch`; the objectives screen holds one variant per objective (`objectives: hinge`"
    line "etc.). The baseline is the study's BCE, validity-bf16 seed 0, cut to its first 250 steps and evaluated at step 250"
    line "(every epoch is evaluated there, so this is the evaluation a 250-step run makes). FD, classes and the largest"
    line "class are from the evaluation at the last step; the D-loss columns count every step (not defined for WGAN-GP,"
    line "whose D loss is negative when D wins); max G loss is over the steps; ms/step is the mean and the median of"
    line "metrics.csv's wall_ms (the other core runs another training meanwhile; a held-up iteration moves the mean"
    line "only). Rows are sorted by FD within each pair; runs not complete are at the end, with their state."
    line ""
    let refText (xs: float[]) = $"{ci xs} (n = {xs.Length})"
    match reference with
    | Some _ ->
        line $"**rescued?** = 10 classes covered and FD below G1+D1's at the same step: {referenceName} `{referenceVariant}` at step 250,"
        line $"FD {refText ref250} (mean over its seeds)."
    | None ->
        line $"**rescued?** = 10 classes covered and FD below G1+D1's at the same step. G1+D1's reference is rank-g1d1"
        line $"`{referenceVariant}`, which evaluates every 500 steps: it has no evaluation at step 250, so the verdict is"
        line "\"n/a (no reference)\" for runs that cover 10 classes, and \"no\" for the others."
        if ref500.Length > 0 then
            line $"For scale: at step 500 it has FD {refText ref500}; the baselines' step-500 evaluations are in validity.md."
    line ""
    line $"Made by `{command}`."
    line ""
    for pair in d2Pairs do
        let screens = screensOf root pair
        let loaded = screens |> List.map (fun (recipe, name) -> recipe, name, loadExperiment root name)
        for _, name, e in loaded do experiments.Add((name, e))
        let rows =
            [ yield! baselineRow bf16 pair |> Option.toList
              for recipe, _, e in loaded do
                  match e with
                  | Some e -> yield! screenRows e recipe
                  | None -> () ]
        let finished, pending = rows |> List.partition (fun r -> r.Run.IsSome)
        let finished = finished |> List.sortBy (fun r -> let fd = fdOf r in if Double.IsNaN fd then infinity else fd)
        line $"## {pairTitle pair}"
        line ""
        if rows.IsEmpty then line "No screen and no baseline run yet."
        else paddedTable out screenHeader (finished @ pending |> List.map (screenCells reference))
        let missing = recipes |> List.filter (fun r -> not (screens |> List.exists (fst >> (=) r)))
        if not missing.IsEmpty then
            line ""
            line ("Not started: " + String.Join(", ", missing) + ".")
        line ""
        if not finished.IsEmpty then
            let file = $"screen-fd-{pair}.png"
            let baselineFd = finished |> List.tryFind _.Baseline |> Option.map fdOf
            let bars =
                [ for r in finished ->
                      let classes = r.Run |> Option.bind (fun run -> metricAt "classes_covered" (lastStep run) run)
                      let text =
                          match classes with
                          | Some 1.0 -> $"{fdOf r:F0}, 1 class"
                          | Some c -> $"{fdOf r:F0}, {c:F0} classes"
                          | None -> $"{fdOf r:F0}"
                      r.Recipe, fdOf r, text, r.Baseline ]
            let references =
                [ match baselineFd with Some fd -> yield "BCE baseline, step 250", fd | None -> ()
                  match reference with Some fd -> yield "G1+D1 at step 250", fd | None -> () ]
            let png = Path.Combine(figures, file)
            barChart png $"{pairTitle pair}: FD at step 250, seed 0 (orange: BCE baseline)" "Fréchet distance" bars references
            written.Add png
            line $"![{pairTitle pair}: FD per recipe](../figures/{file})"
            line ""
    finishReport out (List.ofSeq experiments) results "screen.md" written

// ---------- rank.md ----------

/// Competition ranks (1 = lowest FD; equal FDs share a rank) over the entries that have an FD.
let ranks (entries: (string * float) list) =
    let valid = entries |> List.filter (fun (_, v) -> not (Double.IsNaN v))
    valid |> List.map (fun (k, v) -> k, 1 + (valid |> List.filter (fun (_, w) -> w < v) |> List.length)) |> Map.ofList

let writeRank (root: string) (command: string) (results: string) (figures: string) =
    let rank, bf16 = loadExperiment root "rank-g1d1", loadExperiment root "validity-bf16"
    let screens = d2Pairs |> List.map (fun p -> p, loadExperiment root $"screen-{p}-objectives")
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    let written = ResizeArray<string>()
    line "# The objectives ranked by FD at equal steps"
    line ""
    line "Lower FD ranks higher (1 = best; equal FDs share a rank). G1+D1: every objective for 40 epochs = 5,000 steps,"
    line "seeds 0-2, fp32 (`rank-g1d1`), evaluated every 4 epochs = 500 steps; the step-500 columns read that evaluation"
    line "from every run that has made it, running or not, and the step-5,000 columns the last one. Values are mean ± 95%"
    line "CI over those seeds; a rank marked * rests on fewer seeds than the best-covered objective at that step. The D2"
    line "pairs: one seed at 250 steps, from the objectives screens (`screen-<pair>-objectives`) and the BCE baseline"
    line "(validity-bf16 seed 0 at step 250, as in screen.md); bce-minimax was not screened on them."
    line ""
    line $"Made by `{command}`."
    line ""
    // G1+D1: per objective, FD, classes and largest share at each ranking step.
    let byObjective = runsOf rank |> Array.groupBy objective |> Map.ofArray
    let at (step: float) (o: string) =
        let rs = byObjective.TryFind o |> Option.defaultValue [||]
        rs |> Array.filter (fun r -> metricAt "frechet_distance" step r |> Option.isSome)
    let g1Ranks =
        rankSteps |> List.map (fun step ->
            let fds = objectives |> List.map (fun o -> o, at step o |> Array.choose (metricAt "frechet_distance" step))
            let full = fds |> List.map (snd >> Array.length) |> List.max
            let rk = ranks [ for o, xs in fds -> o, (if xs.Length = 0 then nan else Array.average xs) ]
            step, (rk, fds |> List.map (fun (o, xs) -> o, (xs.Length > 0 && xs.Length < full)) |> Map.ofList))
        |> Map.ofList
    let rankText (rk: Map<string, int>, partial: Map<string, bool>) o =
        match rk.TryFind o with
        | Some n -> string n + (if partial[o] then "*" else "")
        | None -> "—"
    line "## G1+D1 (rank-g1d1)"
    line ""
    if rank.IsNone then
        line "Not started."
        line ""
    else
        let rows =
            [ for o in objectives ->
                  match byObjective.TryFind o with
                  | None -> [ o; "not started" ]
                  | Some rs ->
                      let complete = rs |> Array.filter isComplete
                      let cells step =
                          let ready = at step o
                          [ string ready.Length
                            ready |> Array.choose (metricAt "frechet_distance" step) |> ci
                            ready |> Array.choose (metricAt "classes_covered" step) |> ci
                            ready |> Array.choose (largestAt step) |> Array.map (fun (_, f) -> 100.0 * f) |> ci
                            rankText g1Ranks[step] o ]
                      let overComplete f = if complete.Length = 0 then "—" else complete |> Array.map f |> ci
                      [ o; $"{rs[0].Variant} ({complete.Length} of {rs.Length} complete)" ]
                      @ cells rankSteps[0] @ cells rankSteps[1]
                      @ [ onsetText rs; rs |> Array.map medianWallMs |> ci; overComplete trainSeconds; overComplete _.WallSeconds ] ]
        let header =
            [ "objective"; "variant (runs)"; "seeds at 500"; "FD at 500"; "classes at 500"; "largest class at 500 (%)"; "rank at 500"
              "seeds at 5,000"; "FD at 5,000"; "classes at 5,000"; "largest class at 5,000 (%)"; "rank at 5,000"
              "collapse onset per seed"; "ms/step (median)"; "training s"; "wall s" ]
        paddedTable out header rows
        line ""
        line "Collapse onset: per seed (seed order), the step from which the run counts as collapsed by write-up 01's"
        line "definition (D loss below 1e-3 from there to the end, not counted for WGAN-GP, whose D loss is negative when D"
        line "separates; G loss at BCE's ceiling of 100; or ≤ 2 classes covered from that evaluation to the end), or \"none\";"
        line "* marks a run still training, whose onset is the one so far. ms/step: the median of metrics.csv's wall_ms over"
        line "every step recorded so far, per run, mean ± CI over the objective's runs. Training s: the sum of wall_ms (the"
        line "steps alone); wall s: summary.json's wallSeconds, which adds the evaluations; both over the complete runs. The"
        line "runs shared the machine's two cores with other training, so the times are indicative."
        heldUpNote line [ for o in objectives do for r in byObjective.TryFind o |> Option.defaultValue [||] -> $"{o} seed {r.Seed}", r ]
        line ""
        let series =
            [ for o in objectives do
                  match byObjective.TryFind o with
                  | Some rs ->
                      let perSeed = fdCurves rs
                      if not perSeed.IsEmpty then yield o, perSeed
                  | None -> () ]
        if not series.IsEmpty then
            let png = Path.Combine(figures, "rank-g1d1-fd.png")
            curvePlot png "G1+D1: FD per objective (mean over seeds, band = range)" "Fréchet distance" series
            written.Add png
            line "![G1+D1: FD over training per objective](../figures/rank-g1d1-fd.png)"
            line ""
            line "*FD at every evaluation, per objective: the complete runs, or the running ones while none is complete"
            line "(seeds cut to the shortest).*"
            line ""
    // The D2 pairs: the objectives screen and the BCE baseline, at step 250.
    let d2Ranks =
        [ for pair, screen in screens ->
              let rows =
                  [ yield! baselineRow bf16 pair |> Option.toList |> List.map (fun r -> "bce", r)
                    match screen with
                    | Some e -> for r in screenRows e "objectives" -> (r.Recipe.Replace("objectives: ", "")), r
                    | None -> () ]
              let rk = ranks [ for o, r in rows -> o, fdOf r ]
              pair, rows, rk ]
    for pair, rows, rk in d2Ranks do
        line $"## {pairTitle pair} (screen-{pair}-objectives and the BCE baseline, step 250)"
        line ""
        if rows.IsEmpty then line "Not started."
        else
            paddedTable out
                [ "objective"; "variant"; "steps"; "FD"; "classes covered"; "largest class (share)"; "rank"; "collapse onset"
                  "ms/step (median)"; "training s" ]
                [ for o, r in rows |> List.sortBy (fun (_, r) -> let fd = fdOf r in if Double.IsNaN fd then infinity else fd) ->
                      match r.Run with
                      | None -> [ o; r.Variant; r.Note ]
                      | Some run ->
                          let step = lastStep run
                          [ o; r.Variant; step.ToString("N0", inv); fmtNum (fdOf r)
                            metricAt "classes_covered" step run |> Option.map fmtNum |> Option.defaultValue "n/a"
                            largestAt step run |> Option.map shareText |> Option.defaultValue "—"
                            rk.TryFind o |> Option.map string |> Option.defaultValue "—"
                            collapseFrom run |> Option.map stepN |> Option.defaultValue "none"
                            fmtNum (medianWallMs run); fmtNum (trainSeconds run) ] ]
            line ""
            line "Collapse onset, ms/step and training s as in the G1+D1 table, over the 250 steps (the baseline's first"
            line "250); these runs are bf16-mixed and shared the machine with another training run."
            heldUpNote line [ for o, r in rows do match r.Run with Some run -> yield o, run | None -> () ]
        line ""
    line "## Ranks side by side"
    line ""
    line "Rank (FD) per objective and pair. — = no FD yet (running or not started); not run = run.sh does not train it."
    line ""
    let g1Cell step o =
        match (at step o |> Array.choose (metricAt "frechet_distance" step)) with
        | [||] -> "—"
        | xs -> $"{rankText g1Ranks[step] o} ({Array.average xs:F0})"
    table out [ "objective"; "G1+D1 at 500"; "G1+D1 at 5,000"; "G2+D2 at 250"; "G3+D2 at 250" ]
        [ for o in objectives ->
              let d2 =
                  [ for _, rows, rk in d2Ranks ->
                        if o = "bce-minimax" then "not run"
                        else
                            match rk.TryFind o, rows |> List.tryFind (fst >> (=) o) with
                            | Some n, Some (_, r) -> $"{n} ({fdOf r:F0})"
                            | _ -> "—" ]
              [ o; g1Cell 500.0 o; g1Cell 5000.0 o ] @ d2 ]
    line ""
    let experiments = [ "rank-g1d1", rank; "validity-bf16", bf16 ] @ [ for p, e in screens -> $"screen-{p}-objectives", e ]
    finishReport out experiments results "rank.md" written

// ---------- shared by confirm.md and horizon.md ----------

/// The experiments of a kind in the runs folder, in name order.
let experimentsLike (root: string) (pattern: Regex) =
    Directory.GetDirectories root |> Array.map Path.GetFileName |> Array.filter pattern.IsMatch |> Array.sort |> Array.toList

/// The runs of an experiment by (variant, seed): those on disk, and those its sweep plans without a step yet, as
/// Error of their state ("running, no step yet" when the folder has a config.json, otherwise "not started").
let runsBySeed (root: string) (name: string) (e: Experiment option) =
    let found = runsOf e |> Array.map (fun r -> (r.Variant, r.Seed), Ok r) |> Array.toList
    let planned =
        match e with
        | None -> []
        | Some e ->
            [ for variant, seed, path in e.PlannedRuns do
                  if not (found |> List.exists (fst >> (=) (variant, seed))) then
                      let started = File.Exists(Path.Combine(root, name, path, "config.json"))
                      let unreadable = e.Unreadable |> List.tryFind (fst >> (=) variant)
                      let state =
                          match unreadable with
                          | Some (_, message) when started -> $"unreadable: {message}"
                          | _ -> if started then "running, no step yet" else "not started"
                      yield (variant, seed), Error state ]
    found @ planned |> List.sortBy fst

/// FD over the steps: per series a line with markers (evaluations are few) and its seeds as thin lines of the same
/// colour; references dashed.
let fdPlot (path: string) (title: string) (lines: (string * float[] * float[] * (float[] * float[]) list) list)
           (references: (string * float[] * float[]) list) =
    use plot = new ScottPlot.Plot()
    lines |> List.iteri (fun i (legend, xs, ys, seeds) ->
        let color = palette.GetColor i
        for sx, sy in seeds do
            let seed = plot.Add.ScatterLine(sx, sy, Nullable (color.WithAlpha 0.4))
            seed.LineWidth <- 1.0f
        let scatter = plot.Add.Scatter(xs, ys, Nullable color)
        scatter.LineWidth <- 2.5f
        scatter.MarkerSize <- 7.0f
        scatter.LegendText <- legend)
    references |> List.iteri (fun i (legend, xs, ys) ->
        let scatter = plot.Add.Scatter(xs, ys, Nullable (palette.GetColor(lines.Length + i)))
        scatter.LineWidth <- 2.0f
        scatter.LinePattern <- ScottPlot.LinePattern.Dashed
        scatter.MarkerSize <- 5.0f
        scatter.LegendText <- legend)
    plot.Title title
    plot.XLabel "step"
    plot.YLabel "Fréchet distance"
    // FD falls over training, so the lower left is where the lines are least likely to be.
    plot.ShowLegend(ScottPlot.Alignment.LowerLeft) |> ignore
    plot.SavePng(path, 900, 500) |> ignore

/// G1+D1's mean FD per evaluation step up to a step, from g1d1-reference (rank-g1d1 where g1d1-reference has none):
/// the references drawn next to the D2 pairs' FD.
let g1d1Curve (yardstick: Experiment option) (rank: Experiment option) (upTo: float) =
    let steps =
        [ yardstick; rank ] |> List.collect (fun e -> runsOf e |> Array.filter (fun r -> r.Variant = referenceVariant) |> Array.toList)
        |> List.collect (fun r -> r.Eval |> Option.map (fun e -> List.ofArray e.Steps) |> Option.defaultValue [])
        |> List.filter (fun s -> s <= upTo) |> List.distinct |> List.sort
    let points =
        steps |> List.choose (fun s ->
            match g1d1Yardstick yardstick rank s with
            | source, xs when xs.Length > 0 -> Some (s, Array.average xs, source)
            | _ -> None)
    match points with
    | [] -> []
    | _ ->
        let sources = points |> List.map (fun (_, _, source) -> source) |> List.distinct
        [ ($"""G1+D1 ({String.Join(", ", sources)}, mean over seeds)""",
           points |> List.map (fun (s, _, _) -> s) |> List.toArray, points |> List.map (fun (_, m, _) -> m) |> List.toArray) ]

// ---------- confirm.md ----------

/// run.sh's confirmation experiments, confirm-<pair>-<recipe>: 3 seeds × 4 epochs = 500 steps, evaluated every epoch.
let confirmName = Regex(@"^confirm-(g\d+-d\d+)-(.+)$")
/// The criterion is read at the confirmation's last evaluation and, as in the screen, at step 250.
let confirmSteps = [ 250.0; 500.0 ]

let writeConfirm (root: string) (command: string) (results: string) (figures: string) =
    let yardstick, rank = loadExperiment root "g1d1-reference", loadExperiment root "rank-g1d1"
    let reference step =
        match g1d1Yardstick yardstick rank step with
        | _, [||] -> None
        | _, xs -> Some (Array.average xs)
    let names = experimentsLike root confirmName
    let loaded = names |> List.map (fun n -> n, loadExperiment root n)
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    let written = ResizeArray<string>()
    let lastConfirm = List.last confirmSteps
    let verdictBy classes step (r: Run) =
        metricAt "frechet_distance" step r
        |> Option.map (rescueVerdict (reference step) (metricAt classes step r))
    // The criterion as first written (a class covered by one sample of 10,000) and with the share count (≥ 1%).
    let verdictAt = verdictBy "classes_covered"
    let shareVerdictAt = verdictBy "classes_at_share"
    line "# Confirming the screen winners: 3 seeds × 500 steps"
    line ""
    line "Each experiment `confirm-<pair>-<recipe>` of run.sh trains one screen winner for 4 epochs = 500 steps, seeds"
    line "0-2, bf16-mixed with `--joint-d-batch`, evaluated every epoch (125 steps). **rescued?** is the issue's criterion"
    line "per seed and evaluation: all 10 classes covered and an FD below G1+D1's at the same step, G1+D1 being the mean"
    line "over the seeds of g1d1-reference (`g1-d1_ns_k1`, the study's BCE, evaluated every 125 steps; rank-g1d1 where it"
    line "has no evaluation), as in screen.md. Per-seed rows show every evaluation a run has made, running or not (an"
    line "evaluation does not change once made); the mean rows (mean ± 95% CI, Student t) are over the complete runs only."
    line "Steps with D loss < 1e-3, the max G loss and the collapse onset (write-up 01's definition, as in rank.md) are over"
    line "the steps recorded; ms/step is the median of metrics.csv's wall_ms (the machine's two cores ran two trainings)."
    line ""
    let refLine =
        [ for step in confirmSteps ->
              match g1d1Yardstick yardstick rank step with
              | _, [||] -> $"step {stepN step}: no G1+D1 evaluation yet"
              | source, xs -> $"step {stepN step}: FD {ci xs} ({source}, n = {xs.Length})" ]
    line ("G1+D1's FD (the yardstick): " + String.Join("; ", refLine) + ".")
    line ""
    line $"Made by `{command}`."
    line ""
    // Per experiment: its runs by seed, and the overview row.
    let sections =
        [ for name, e in loaded ->
              let m = confirmName.Match name
              let pair = if m.Success then m.Groups[1].Value else "?"
              let recipe = if m.Success then m.Groups[2].Value else name
              name, pair, recipe, e, runsBySeed root name e ]
    let stepCols step =
        [ $"FD at {stepN step}"; $"classes at {stepN step}"; $"classes ≥ 1%% at {stepN step}"; $"largest class at {stepN step}"
          $"rescued at {stepN step}?"; $"rescued (≥ 1%%) at {stepN step}?" ]
    let overview =
        [ for name, pair, recipe, e, rows in sections ->
              let runs = rows |> List.choose (snd >> (function Ok r -> Some r | Error _ -> None)) |> List.toArray
              let complete = runs |> Array.filter isComplete
              let planned = max rows.Length (e |> Option.bind _.Planned |> Option.defaultValue 3)
              let rescuedBy verdict step =
                  let yes = complete |> Array.filter (fun r -> verdict step r = Some "yes") |> Array.length
                  let pending = planned - complete.Length
                  $"{yes} of {planned}" + (if pending > 0 then $" ({pending} not complete)" else "")
              if e.IsNone then [ recipe; pairTitle pair; "not started" ]
              else
                  [ recipe; pairTitle pair; $"{complete.Length} of {planned}"
                    complete |> Array.choose (metricAt "frechet_distance" lastConfirm) |> ci
                    complete |> Array.choose (metricAt "classes_covered" lastConfirm) |> ci
                    complete |> Array.choose (metricAt "classes_at_share" lastConfirm) |> ci
                    complete |> Array.choose (largestAt lastConfirm) |> Array.map (fun (_, f) -> 100.0 * f) |> ci
                    rescuedBy verdictAt (List.head confirmSteps); rescuedBy verdictAt lastConfirm
                    rescuedBy shareVerdictAt lastConfirm
                    $"{complete |> Array.filter (collapseFrom >> Option.isSome) |> Array.length} / {complete.Length}"
                    $"{complete |> Array.filter (shareCollapseFrom >> Option.isSome) |> Array.length} / {complete.Length}" ] ]
    line "## Overview"
    line ""
    paddedTable out
        [ "recipe"; "pair"; "complete runs"; $"FD at {stepN lastConfirm}"; $"classes at {stepN lastConfirm}"
          $"classes ≥ 1%% at {stepN lastConfirm}"; $"largest class at {stepN lastConfirm} (%%)"
          $"rescued at {stepN (List.head confirmSteps)}"; $"rescued at {stepN lastConfirm}"; $"rescued (≥ 1%%) at {stepN lastConfirm}"
          "collapsed"; "collapsed (≥ 1%)" ]
        overview
    line ""
    line "\"k of 3\" counts the complete seeds that meet the criterion; the mean columns are over the complete runs."
    line "\"classes\" counts a class when at least one of the 10,000 samples is predicted as it; \"classes ≥ 1%\" only"
    line "when it holds at least 1% of them (eval.csv's classes_at_share, or the same count from its class_counts in runs"
    line "made before that column). \"rescued (≥ 1%)\" and \"collapsed (≥ 1%)\" apply the criterion and the collapse rule"
    line "(coverage ≤ 2 classes to the end, or D's loss floor, or G's ceiling) to that count."
    line ""
    for name, pair, recipe, e, rows in sections do
        line $"## {pairTitle pair}, {recipe} (`{name}`)"
        line ""
        match e with
        | None -> line "Not started."
        | Some _ ->
            let runs = rows |> List.choose (snd >> (function Ok r -> Some r | Error _ -> None)) |> List.toArray
            let complete = runs |> Array.filter isComplete
            let variants = rows |> List.map (fst >> fst) |> List.distinct
            if variants.Length = 1 then
                line $"""Variant `{variants.Head}`, objective {runs |> Array.tryHead |> Option.map objective |> Option.defaultValue "?"}."""
                line ""
            let seedCells (r: Run) =
                let at step =
                    match metricAt "frechet_distance" step r with
                    | None -> List.replicate 6 "—"
                    | Some fd ->
                        [ fmtNum fd; metricAt "classes_covered" step r |> Option.map fmtNum |> Option.defaultValue "n/a"
                          metricAt "classes_at_share" step r |> Option.map fmtNum |> Option.defaultValue "n/a"
                          largestAt step r |> Option.map shareText |> Option.defaultValue "—"
                          verdictAt step r |> Option.defaultValue "—"; shareVerdictAt step r |> Option.defaultValue "—" ]
                let top = r.Steps |> Array.maxBy _.GLoss
                [ (if variants.Length > 1 then $"{r.Variant} seed {r.Seed}" else string r.Seed); stateText r ]
                @ List.collect at confirmSteps
                @ [ (if hasLossFloor r then $"{100.0 * dShareBelowFloor r:F1}%%" else "n/a (WGAN)")
                    $"{top.GLoss:F1} ({stepN top.Step})"
                    collapseFrom r |> Option.map stepN |> Option.defaultValue "none"
                    fmtNum (medianWallMs r) ]
            let meanCells =
                let at step =
                    let yes verdict = complete |> Array.filter (fun r -> verdict step r = Some "yes") |> Array.length
                    [ complete |> Array.choose (metricAt "frechet_distance" step) |> ci
                      complete |> Array.choose (metricAt "classes_covered" step) |> ci
                      complete |> Array.choose (metricAt "classes_at_share" step) |> ci
                      (complete |> Array.choose (largestAt step) |> Array.map (fun (_, f) -> 100.0 * f) |> ci) + " %"
                      $"{yes verdictAt} of {complete.Length}"; $"{yes shareVerdictAt} of {complete.Length}" ]
                let floorRuns = complete |> Array.filter hasLossFloor
                [ "mean ± 95% CI"; $"{complete.Length} complete" ]
                @ List.collect at confirmSteps
                @ [ (if floorRuns.Length = 0 then "n/a" else (floorRuns |> Array.map (fun r -> 100.0 * dShareBelowFloor r) |> ci) + " %")
                    complete |> Array.map (fun r -> (r.Steps |> Array.maxBy _.GLoss).GLoss) |> ci
                    $"{complete |> Array.filter (collapseFrom >> Option.isSome) |> Array.length} of {complete.Length} collapsed"
                    complete |> Array.map medianWallMs |> ci ]
            let table =
                [ for (_, seed), run in rows ->
                      match run with
                      | Ok r -> seedCells r
                      | Error state -> [ string seed; state ] ]
                @ (if complete.Length > 0 then [ meanCells ] else [])
            paddedTable out
                ([ "seed"; "state" ] @ List.collect stepCols confirmSteps
                 @ [ "steps with D loss < 1e-3"; "max G loss (step)"; "collapse onset"; "ms/step (median)" ])
                table
            line ""
            let planned = max rows.Length 3
            let yes verdict = complete |> Array.filter (fun r -> verdict lastConfirm r = Some "yes") |> Array.length
            let others = planned - complete.Length
            line (
                $"**Rescued in {yes shareVerdictAt} of {planned} seeds** at step {stepN lastConfirm} with classes counted at ≥ 1%% of"
                + $" the samples ({yes verdictAt} of {planned} counting a class covered by one sample)"
                + (if others > 0 then $"; {complete.Length} complete, the other {others} not yet." else "."))
        line ""
    // FD over the steps per recipe, with G1+D1's mean at the same evaluations.
    let series =
        [ for name, _, _, e, _ in sections do
              let perSeed = fdCurves (runsOf e)
              if not perSeed.IsEmpty then yield name.Replace("confirm-", ""), perSeed ]
    if not series.IsEmpty then
        let png = Path.Combine(figures, "confirm-fd.png")
        let lines =
            [ for name, perSeed in series ->
                  let n = perSeed |> List.map (fst >> Array.length) |> List.min
                  let xs = (fst perSeed.Head)[.. n - 1]
                  let mean = Array.init n (fun j -> perSeed |> List.averageBy (fun (_, ys) -> ys[j]))
                  let seeds = if perSeed.Length = 1 then "1 seed" else $"mean of {perSeed.Length} seeds"
                  $"{name}: {seeds}", xs, mean, (if perSeed.Length > 1 then perSeed else []) ]
        let maxStep = lines |> List.collect (fun (_, xs, _, _) -> List.ofArray xs) |> List.max
        fdPlot png "Confirmation runs: FD over training (mean over seeds) and G1+D1's" lines (g1d1Curve yardstick rank maxStep)
        written.Add png
        line "![FD over training per confirmation recipe, with G1+D1's](../figures/confirm-fd.png)"
        line ""
        line "*FD at every evaluation: the mean over the complete seeds (the running ones while none is complete, cut to"
        line "the shortest) with markers, each seed as a thin line; dashed, G1+D1's mean at the same steps.*"
        line ""
    finishReport out ([ "g1d1-reference", yardstick; "rank-g1d1", rank ] @ loaded) results "confirm.md" written

// ---------- horizon.md ----------

/// run.sh's horizon runs: 24 epochs = 3,000 steps, seed 0, evaluated every 4 epochs (500 steps).
let horizonName = Regex(@"^horizon-(g\d+-d\d+)(-.+)?$")
let horizonWindow = 500.0
/// The study saw G2+D2's G loss jump to 40-100 by step 3,000; 100 is also the ceiling BCE's clamp puts on it.
let gJumps = [ 40.0; 100.0 ]

/// The first step at which a loss, a D output or a D loss term is NaN or infinite, with the columns that are.
let firstNonFinite (run: Run) =
    run.Steps |> Array.indexed |> Array.tryPick (fun (i, s) ->
        let bad =
            [ for name, v in [ "d_loss", s.DLoss; "g_loss", s.GLoss; "d_real", s.DReal; "d_fake", s.DFake ] do
                  if not (Double.IsFinite v) then yield name
              for name, ys in run.Terms do
                  if i < ys.Length && not (Double.IsFinite ys[i]) then yield name ]
        if bad.IsEmpty then None else Some (s.Step, String.Join(", ", bad)))

/// The first evaluation with a metric that is NaN or infinite, with the metrics that are.
let firstNonFiniteEval (run: Run) =
    run.Eval |> Option.bind (fun e ->
        e.Steps |> Array.indexed |> Array.tryPick (fun (i, s) ->
            match e.Metrics |> List.filter (fun (_, ys) -> not (Double.IsFinite ys[i])) with
            | [] -> None
            | bad -> Some (s, String.Join(", ", bad |> List.map fst))))

/// The mean of the finite values (a non-finite step is reported on its own, in the events table).
let finiteMean (xs: float[]) = match xs |> Array.filter Double.IsFinite with [||] -> nan | ys -> Array.average ys

/// Why summary.json says the run stopped early (the divergence message), if it does.
let stopReason (run: Run) =
    let path = Path.Combine(run.Dir, "summary.json")
    if not (File.Exists path) then None
    else
        try
            match (readJson path).TryGetProperty "reason" with
            | true, v when v.ValueKind = System.Text.Json.JsonValueKind.String -> Some (v.GetString())
            | _ -> None
        with BadInput _ -> None

/// Lines over the steps: per run the raw values, faint, and a moving mean over `window` steps; on a log10 axis when
/// `log` (values floored at 1e-8 first, decade ticks labelled 1e-n); dashed horizontal references.
let lossPlot (path: string) (title: string) (yLabel: string) (window: int) (log: bool)
             (lines: (string * float[] * float[]) list) (references: (string * float) list) =
    use plot = new ScottPlot.Plot()
    let scale y = if log then log10 (max y 1e-8) else y
    let shown = ResizeArray<float>()
    lines |> List.iteri (fun i (legend, xs, ys) ->
        // A non-finite value (a diverged step) would turn the moving mean into NaN from there on: left out.
        let points = Array.zip xs ys |> Array.filter (snd >> Double.IsFinite)
        if points.Length > 0 then
            let xs, ys = Array.map fst points, points |> Array.map (snd >> scale)
            shown.AddRange ys
            let color = palette.GetColor i
            let raw = plot.Add.ScatterLine(xs, ys, Nullable (color.WithAlpha 0.25))
            raw.LineWidth <- 1.0f
            let mean = plot.Add.ScatterLine(xs, movingMean window ys, Nullable color)
            mean.LineWidth <- 2.0f
            mean.LegendText <- legend)
    references |> List.iteri (fun i (legend, y) ->
        let reference = plot.Add.HorizontalLine(scale y, 1.5f, Nullable (palette.GetColor(lines.Length + i)), ScottPlot.LinePattern.Dashed)
        shown.Add(scale y)
        reference.LegendText <- legend)
    if log && shown.Count > 0 then
        let lo, hi = int (floor (Seq.min shown)), int (ceil (Seq.max shown))
        let decades = [| lo .. hi |]
        plot.Axes.Left.SetTicks(decades |> Array.map float, decades |> Array.map (fun d -> if d = 0 then "1" else $"1e{d}"))
    plot.Title title
    plot.XLabel "step"
    plot.YLabel yLabel
    plot.ShowLegend(ScottPlot.Alignment.UpperRight) |> ignore
    plot.SavePng(path, 900, 500) |> ignore

let writeHorizon (root: string) (command: string) (results: string) (figures: string) =
    let yardstick, rank = loadExperiment root "g1d1-reference", loadExperiment root "rank-g1d1"
    let names = experimentsLike root horizonName
    let loaded = names |> List.map (fun n -> n, loadExperiment root n)
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    let written = ResizeArray<string>()
    line "# The study's failure at its own horizon"
    line ""
    line "Does the failure happen at the study's horizon, and when? The study saw G2+D2's G loss jump to 40-100 within"
    line "3,000 steps. run.sh's horizon runs train 24 epochs = 3,000 steps, seed 0, bf16-mixed with `--joint-d-batch`,"
    line "evaluated every 4 epochs (500 steps): `horizon-g2-d2` and `horizon-g3-d2` with the study's BCE, and"
    line "`horizon-g2-d2-r1-1` with the G2+D2 rescue (R1, γ = 1) to see whether it holds that long. The runs write"
    line "metrics.csv as they train: a running run's tables cover the steps written so far."
    line ""
    line $"Made by `{command}`."
    line ""
    let runs =
        [ for name, e in loaded do
              for r in runsOf e |> Array.sortBy (fun r -> r.Variant, r.Seed) -> name, r ]
    let shortName (name: string, r: Run) =
        let n = name.Replace("horizon-", "")
        let several = runs |> List.filter (fst >> (=) name) |> List.length > 1
        if several then $"{n} ({r.Variant} seed {r.Seed})" else n
    // Events: one row per run.
    line "## Events"
    line ""
    let eventRow (name: string, r: Run) =
        let floor = hasLossFloor r
        let first limit = r.Steps |> Array.tryFind (fun s -> s.GLoss >= limit) |> Option.map _.Step
        let top = r.Steps |> Array.maxBy _.GLoss
        let nonFinite =
            match firstNonFinite r, firstNonFiniteEval r with
            | Some (s, cols), _ -> $"step {stepN s} ({cols})"
            | None, Some (s, metrics) -> $"evaluation at {stepN s} ({metrics})"
            | None, None -> "none"
        let lastEval =
            r.Eval |> Option.bind (fun e -> Array.tryLast e.Steps) |> Option.map (fun s ->
                let fd = metricAt "frechet_distance" s r |> Option.map fmtNum |> Option.defaultValue "n/a"
                let classes = metricAt "classes_covered" s r |> Option.map fmtNum |> Option.defaultValue "n/a"
                let largest = largestAt s r |> Option.map shareText |> Option.defaultValue "—"
                $"{fd}, {classes} classes, largest {largest} (step {stepN s})")
        [ shortName (name, r); objective r; stateText r + (stopReason r |> Option.map (fun m -> $": {m}") |> Option.defaultValue "")
          (if floor then stepText (dFirstBelowFloor r) else "n/a (WGAN)")
          (if floor then $"{100.0 * dShareBelowFloor r:F1}%%" else "n/a")
          stepText (first gJumps[0]); stepText (first gJumps[1])
          $"{top.GLoss:F1} ({stepN top.Step})"
          nonFinite
          collapseFrom r |> Option.map stepN |> Option.defaultValue "none"
          lastEval |> Option.defaultValue "no evaluation yet" ]
    let missing = loaded |> List.filter (fun (name, _) -> not (runs |> List.exists (fst >> (=) name)))
    paddedTable out
        [ "run"; "objective"; "state"; "first step D loss < 1e-3"; "steps with D loss < 1e-3"; "first step G loss ≥ 40"
          "first step G loss ≥ 100"; "max G loss (step)"; "first NaN/inf"; "collapse onset"
          "last evaluation: FD, classes, largest class" ]
        ([ for run in runs -> eventRow run ]
         @ [ for name, e in missing ->
                 [ name.Replace("horizon-", ""); ""; (if e.IsSome then "running, no step yet" else "not started") ] ])
    line ""
    line "First NaN/inf: the first step at which metrics.csv's losses, D outputs or D loss terms are not finite (gan"
    line "stops such a run as diverged, and summary.json's reason follows the state), else the first evaluation with a"
    line "non-finite metric. G loss ≥ 100 is BCE's ceiling (D certain on every fake). Collapse onset: write-up 01's"
    line "definition as in rank.md, over the steps written so far for a running run."
    line ""
    // Per run: 500-step windows.
    for name, r in runs do
        line $"## {shortName (name, r)}: {pairTitle (pairOf r)}, {objective r} (`{name}`, `{r.Variant}` seed {r.Seed})"
        line ""
        line $"{stateText r}."
        line ""
        let last = lastStep r
        let rows =
            [ for w in 0 .. int (ceil (last / horizonWindow)) - 1 do
                  let lo, hi = float w * horizonWindow, float (w + 1) * horizonWindow
                  let steps = r.Steps |> Array.filter (fun s -> s.Step > lo && s.Step <= hi)
                  if steps.Length > 0 then
                      let top = steps |> Array.maxBy _.GLoss
                      let below = steps |> Array.filter (fun s -> s.DLoss < dFloor) |> Array.length
                      let range = $"{stepN (lo + 1.0)}-{stepN hi}" + (if last < hi then $" (at {stepN last})" else "")
                      let eval =
                          match metricAt "frechet_distance" hi r with
                          | Some fd ->
                              [ fmtNum fd; metricAt "classes_covered" hi r |> Option.map fmtNum |> Option.defaultValue "n/a"
                                largestAt hi r |> Option.map shareText |> Option.defaultValue "—" ]
                          | None -> [ (if last < hi then "not yet" else "—"); ""; "" ]
                      let reference =
                          match g1d1Yardstick yardstick rank hi with
                          | _, [||] -> "—"
                          | _, xs -> fmtNum (Array.average xs)
                      yield
                          [ range; string steps.Length
                            (if hasLossFloor r then $"{100.0 * float below / float steps.Length:F1}%%" else "n/a")
                            fmtNum (finiteMean (steps |> Array.map _.DLoss))
                            fmtNum (finiteMean (steps |> Array.map _.GLoss))
                            $"{top.GLoss:F1} ({stepN top.Step})" ]
                          @ eval @ [ reference ] ]
        paddedTable out
            [ "steps"; "steps recorded"; "D loss < 1e-3"; "mean D loss"; "mean G loss"; "max G loss (step)"; "FD at the end"
              "classes at the end"; "largest class at the end"; "G1+D1 FD at that step" ]
            rows
        line ""
    if not runs.IsEmpty then
        line "Per window: the share of steps with D loss < 1e-3, the mean D and G loss (over their finite values) and the"
        line "max G loss over its steps; FD, classes and largest class from the evaluation at the window's last step;"
        line "G1+D1's FD is the mean over the seeds of g1d1-reference (to step 1,000) or rank-g1d1 (every 500 steps to"
        line "5,000) at the same step, the rescue criterion's yardstick."
        line ""
        let curves pick = [ for name, r in runs -> shortName (name, r), r.Steps |> Array.map _.Step, r.Steps |> Array.map pick ]
        let figure (name: string) = Path.Combine(figures, name)
        let gPng, dPng, fdPng = figure "horizon-g-loss.png", figure "horizon-d-loss.png", figure "horizon-fd.png"
        lossPlot gPng "Horizon runs: G loss (faint: every step; line: 50-step moving mean)" "G loss" 50 false (curves _.GLoss)
            [ ("G loss 40", 40.0); ("G loss 100 (BCE's ceiling)", 100.0) ]
        lossPlot dPng "Horizon runs: D loss, log scale (faint: every step; line: 50-step moving mean of log10)" "D loss" 50 true
            (curves _.DLoss) [ ("D loss 1e-3", dFloor) ]
        written.Add gPng
        written.Add dPng
        line "![Horizon runs: G loss over the steps](../figures/horizon-g-loss.png)"
        line ""
        line "![Horizon runs: D loss over the steps, log scale](../figures/horizon-d-loss.png)"
        line ""
        let fdLines =
            [ for name, r in runs do
                  match fdCurves [| r |] with
                  | [ xs, ys ] -> yield shortName (name, r), xs, ys, []
                  | _ -> () ]
        if not fdLines.IsEmpty then
            let maxStep = fdLines |> List.collect (fun (_, xs, _, _) -> List.ofArray xs) |> List.max
            fdPlot fdPng "Horizon runs: FD at each evaluation" fdLines (g1d1Curve yardstick rank maxStep)
            written.Add fdPng
            line "![Horizon runs: FD at each evaluation](../figures/horizon-fd.png)"
            line ""
    finishReport out ([ "g1d1-reference", yardstick; "rank-g1d1", rank ] @ loaded) results "horizon.md" written

// ---------- g2-d1.md ----------

/// run.sh's g2-d1 section: G2+D1 for 10 epochs = 1,250 steps, 3 seeds, fp32, evaluated every 2 epochs, one
/// experiment per G learning rate (g2-d1-lr-g-<lr>).
let g2d1Name = Regex(@"^g2-d1-lr-g-(.+)$")

let writeG2D1 (root: string) (command: string) (results: string) =
    let yardstick, rank = loadExperiment root "g1d1-reference", loadExperiment root "rank-g1d1"
    let loaded = experimentsLike root g2d1Name |> List.map (fun n -> n, loadExperiment root n)
    let out = StringBuilder()
    let line (s: string) = out.AppendLine s |> ignore
    line "# Question 4's follow-up: does a slower G let G2 learn against D1?"
    line ""
    line "g-scale.md found G2's pre-Tanh scale running away against D1 with the study's learning rate (3e-4), and staying"
    line "down with G's at 5e-5. run.sh's g2-d1 section trains G2+D1 with the study's BCE and each of the two G learning"
    line "rates (D's stays 3e-4) for 10 epochs = 1,250 steps, seeds 0-2, fp32, evaluated every 2 epochs (250 steps)."
    line "Mean ± 95% CI over the complete seeds; per seed FD and classes in the last column. G1+D1's FD at the same step is"
    line "the yardstick of the rescue criterion (g1d1-reference to step 1,000)."
    line ""
    line $"Made by `{command}`."
    line ""
    if loaded.IsEmpty then line "Not started (`research/02-rescuing-d2/run.sh g2-d1`)."
    for name, e in loaded do
        let lr = (g2d1Name.Match name).Groups[1].Value
        line $"## G's learning rate {lr} (`{name}`)"
        line ""
        let complete = runsOf e |> Array.filter isComplete |> Array.sortBy _.Seed
        if complete.Length = 0 then line "No complete run yet."
        else
            let steps = complete |> Array.collect (fun r -> r.Eval |> Option.map _.Steps |> Option.defaultValue [||]) |> Array.distinct |> Array.sort
            let rows =
                [ for step in steps ->
                      let fds = complete |> Array.choose (metricAt "frechet_distance" step)
                      let classes = complete |> Array.choose (metricAt "classes_covered" step)
                      let largest = complete |> Array.choose (largestAt step) |> Array.map (fun (_, f) -> 100.0 * f)
                      let perSeed =
                          complete |> Array.map (fun r ->
                              match metricAt "frechet_distance" step r, metricAt "classes_covered" step r with
                              | Some fd, Some c -> $"{fmtNum fd} / {fmtNum c}"
                              | _ -> "—")
                      let reference =
                          match g1d1Yardstick yardstick rank step with
                          | _, [||] -> "—"
                          | _, xs -> ci xs
                      [ stepN step; ci fds; ci classes; ci largest; reference; String.Join("; ", perSeed) ] ]
            paddedTable out [ "step"; "FD"; "classes covered"; "largest class (%)"; "G1+D1 FD"; "per seed: FD / classes" ] rows
            line ""
            line $"""Collapse onset per seed: {onsetText complete}."""
        line ""
    finishReport out ([ "g1d1-reference", yardstick ] @ loaded) results "g2-d1.md" []

// ---------- main ----------

let main (root: string) (outDir: string) =
    if not (Directory.Exists root) then
        fail (
            $"run directory '{root}' does not exist; give the write-up's runs folder, runs/02-rescuing-d2 "
            + "(written by research/02-rescuing-d2/run.sh)")
    if not (Directory.Exists outDir) then
        fail $"output folder '{outDir}' does not exist; give the write-up's folder, research/02-rescuing-d2"
    let known = Regex(@"^(validity-|screen-|confirm-|horizon-|g2-d1-|rank-g1d1$|g1d1-reference$)")
    if Directory.GetDirectories root |> Array.exists (fun d -> known.IsMatch(Path.GetFileName d)) |> not then
        fail (
            $"no experiment of write-up 02 under '{root}' (validity-*, screen-*, rank-g1d1); give runs/02-rescuing-d2, "
            + "or start with research/02-rescuing-d2/run.sh validity-bf16")
    let root = root.TrimEnd('/', '\\')
    let results, figures = Path.Combine(outDir, "results"), Path.Combine(outDir, "figures")
    Directory.CreateDirectory results |> ignore
    Directory.CreateDirectory figures |> ignore
    let command = $"dotnet fsi research/02-rescuing-d2/summary.fsx {displayPath root} {displayPath outDir}"
    let validity = Path.Combine(results, "validity.md")
    writeValidity root command validity
    let written =
        validity :: writeScreen root command results figures @ writeRank root command results figures
        @ writeConfirm root command results figures @ writeHorizon root command results figures
        @ writeG2D1 root command results
    for p in written do printfn $"wrote {p}"
    0

let exitCode =
    try
        match fsi.CommandLineArgs[1..] with
        | [| root; outDir |] -> main root outDir
        | _ -> fail "usage: dotnet fsi research/02-rescuing-d2/summary.fsx runs/02-rescuing-d2 research/02-rescuing-d2"
    with BadInput message ->
        eprintfn $"summary: error: {message}"
        2
exit exitCode
