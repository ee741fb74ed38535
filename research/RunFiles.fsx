// Reading gan run directories and drawing their figures: shared by research/compare-runs.fsx (one experiment's
// report) and the write-ups' own figure scripts (#load "../RunFiles.fsx"). Reads only files (config.json,
// metrics.csv, summary.json, eval.csv, samples/*.png), so it needs no TorchSharp.
#r "nuget: MathNet.Numerics, 5.0.0"
#r "nuget: ScottPlot, 5.1.59"

open System
open System.Globalization
open System.IO
open System.Text
open System.Text.Json
open System.Text.RegularExpressions
open MathNet.Numerics.Distributions
open MathNet.Numerics.Statistics
open SkiaSharp

/// A problem with the input that the user can fix: reported as one line, exit code 2.
exception BadInput of string

let inv = CultureInfo.InvariantCulture
let fail message = raise (BadInput message)

// ---------- reading run directories ----------

type Csv = { Path: string; Header: string[]; Rows: string[][] }

let readCsv path =
    let text = File.ReadAllText path
    // A run still training may be writing its last line; that partial line is not damage.
    let complete = if text.EndsWith "\n" then text else text.Substring(0, text.LastIndexOf '\n' + 1)
    let lines = complete.Split('\n') |> Array.map (fun l -> l.TrimEnd '\r') |> Array.filter (fun l -> l.Length > 0)
    if lines.Length = 0 then fail $"{path}: empty file (no header row)"
    let header = lines[0].Split ','
    let rows = lines[1..] |> Array.map (fun l -> l.Split ',')
    rows |> Array.iteri (fun i r ->
        if r.Length <> header.Length then
            fail $"{path}: line {i + 2} has {r.Length} columns, the header {header.Length}; the file is damaged")
    { Path = path; Header = header; Rows = rows }

let column (csv: Csv) name =
    match Array.tryFindIndex ((=) name) csv.Header with
    | Some i -> i
    | None -> fail $"{csv.Path}: no '{name}' column (header: {String.Join(',', csv.Header)})"

let number (csv: Csv) (row: int) (col: int) =
    let s = csv.Rows[row][col]
    match Double.TryParse(s, NumberStyles.Float, inv) with
    | true, v -> v
    | _ -> fail $"{csv.Path}: line {row + 2}, column {csv.Header[col]}: '{s}' is not a number"

/// One row of metrics.csv; DSteps and GSteps are the D and G updates the row's iteration made (1 if not recorded).
type Step = { Step: float; Epoch: int; DLoss: float; GLoss: float; DReal: float; DFake: float; DSteps: int; GSteps: int }

/// eval.csv as written by training with evaluation on: epoch, step, then one column per metric and sample counts.
/// Largest: the classifier's most frequent class among the samples at each evaluation (empty in older files).
type Eval = { Steps: float[]; Metrics: (string * float[]) list; Largest: int[] }

type Run =
    { Dir: string
      Variant: string
      Seed: int64
      Config: JsonElement
      /// config.json's labels (objective, schedule, ratio, hasSlope, terms), written by gan so they are not derived
      /// here again; None in files written before gan wrote them.
      Labels: JsonElement option
      /// metrics.csv's columns after the standard ones: D's extra loss terms (gp, r1, ...) per step.
      Terms: (string * float[]) list
      TrainCount: int
      Status: string
      MedianStepMs: float
      WallSeconds: float
      Steps: Step[]
      Eval: Eval option
      LastSample: string option }

let seedFolder = Regex(@"^seed-\d+$")

/// Counts, seeds, labels and timings are not metrics: numeric columns whose names say they count samples, and the
/// bookkeeping columns gan's eval.csv writes next to its metrics, are left out.
let isSampleCount (name: string) =
    let n = name.ToLowerInvariant()
    n.Contains "sample" || n.StartsWith "n_" || n.EndsWith "_n" || n.Contains "count"
    || List.contains n [ "generated"; "real"; "k"; "noise_seed"; "wall_s"; "largest_class"; "coverage_share" ]

let readMetrics dir =
    let path = Path.Combine(dir, "metrics.csv")
    if not (File.Exists path) then fail $"{dir}: no metrics.csv; the run never trained a step"
    if FileInfo(path).Length = 0L then [||] else // a run that has just started: no step written yet
    let csv = readCsv path
    let c name = column csv name
    let step, epoch, d, g, dx, dgz = c "step", c "epoch", c "d_loss", c "g_loss", c "d_real", c "d_fake"
    let optional name = Array.tryFindIndex ((=) name) csv.Header
    let count col r = match col with Some i -> int (number csv r i) | None -> 1
    let ds, gs = optional "d_steps", optional "g_steps"
    Array.init csv.Rows.Length (fun r ->
        { Step = number csv r step; Epoch = int (number csv r epoch); DLoss = number csv r d; GLoss = number csv r g
          DReal = number csv r dx; DFake = number csv r dgz; DSteps = count ds r; GSteps = count gs r })

/// The columns of metrics.csv after g_steps and wall_ms: D's extra loss terms that an objective or regulariser adds.
let readTerms dir =
    let path = Path.Combine(dir, "metrics.csv")
    if not (File.Exists path) || FileInfo(path).Length = 0L then [] else
    let csv = readCsv path
    let first = column csv "wall_ms" + 1
    [ for i in first .. csv.Header.Length - 1 -> csv.Header[i], Array.init csv.Rows.Length (fun r -> number csv r i) ]

/// The share of the samples a class must hold to count in classes_at_share (Gan.Core's ModeCoverage.DefaultShare).
let defaultCoverageShare = 0.01

/// Classes holding at least <c>share</c> of the samples (and at least one), as Gan.Core's ModeCoverage.CountAtShare.
let classesAtShare (share: float) (counts: int[]) =
    let n = counts |> Array.sumBy int64
    let least = max 1.0 (ceil (share * float n - 1e-9))
    counts |> Array.filter (fun c -> float c >= least) |> Array.length

let readEval dir (steps: Step[]) =
    let path = Path.Combine(dir, "eval.csv")
    if not (File.Exists path) then None
    else
        let csv = readCsv path
        if csv.Rows.Length = 0 then None
        else
            let at name = Array.tryFindIndex ((=) name) csv.Header
            let xs =
                match at "step", at "epoch" with
                | Some s, _ -> Array.init csv.Rows.Length (fun r -> number csv r s)
                | None, Some e ->
                    // Without a step column, place each evaluation at the last step of its epoch.
                    Array.init csv.Rows.Length (fun r ->
                        let ep = int (number csv r e)
                        steps |> Array.filter (fun s -> s.Epoch = ep) |> Array.tryLast |> Option.map _.Step |> Option.defaultValue nan)
                | None, None -> fail $"{path}: needs a step or an epoch column"
            let numeric i = csv.Rows |> Array.forall (fun row -> fst (Double.TryParse(row[i], NumberStyles.Float, inv)))
            let metrics =
                [ for i in 0 .. csv.Header.Length - 1 do
                      let name = csv.Header[i]
                      if name <> "step" && name <> "epoch" && not (isSampleCount name) && numeric i then
                          yield name, Array.init csv.Rows.Length (fun r -> number csv r i) ]
            // Files written before eval.csv had classes_at_share: the same count from class_counts, at the default 1%.
            let derived =
                match at "classes_at_share", at "class_counts" with
                | None, Some i ->
                    let counts (cell: string) = cell.Split('|') |> Array.map (fun c -> Int32.Parse(c, NumberStyles.Integer, inv))
                    let values = Array.init csv.Rows.Length (fun r -> float (classesAtShare defaultCoverageShare (counts (csv.Rows[r][i]))))
                    [ ("classes_at_share", values) ]
                | _ -> []
            let metrics = metrics @ derived
            let largest =
                match at "largest_class" with
                | Some i -> Array.init csv.Rows.Length (fun r -> int (number csv r i))
                | None -> [||]
            Some { Steps = xs; Metrics = metrics; Largest = largest }

let readJson path =
    try
        use doc = JsonDocument.Parse(File.ReadAllText path)
        doc.RootElement.Clone()
    with :? JsonException as e -> fail $"{path}: not valid JSON ({e.Message.Split('.')[0]})"

let readRun (root: string) (dir: string) =
    let json = readJson (Path.Combine(dir, "config.json"))
    let prop (e: JsonElement) (name: string) =
        match e.TryGetProperty name with
        | true, v -> v
        | _ -> fail $"""{Path.Combine(dir, "config.json")}: no '{name}' field; not a run directory written by gan"""
    let config = prop json "config"
    let labels = match json.TryGetProperty "labels" with | true, v -> Some v | _ -> None
    let summaryPath = Path.Combine(dir, "summary.json")
    let summary = if File.Exists summaryPath then Some(readJson summaryPath) else None
    let rel = Path.GetRelativePath(root, dir).Replace('\\', '/')
    let leaf = Path.GetFileName dir
    let variant =
        if seedFolder.IsMatch leaf then
            match Path.GetDirectoryName rel with
            | null | "" -> Path.GetFileName(Path.GetFullPath root)
            | parent -> parent.Replace('\\', '/')
        elif rel = "." then leaf
        else rel
    let steps = readMetrics dir
    let samples = Path.Combine(dir, "samples")
    { Dir = dir
      Variant = variant
      Seed = (prop config "seed").GetInt64()
      Config = config
      Labels = labels
      Terms = readTerms dir
      TrainCount = (prop (prop json "data") "trainCount").GetInt32()
      Status = summary |> Option.map (fun s -> (prop s "status").GetString()) |> Option.defaultValue "unfinished"
      MedianStepMs = summary |> Option.map (fun s -> (prop s "medianStepMs").GetDouble()) |> Option.defaultValue nan
      WallSeconds = summary |> Option.map (fun s -> (prop s "wallSeconds").GetDouble()) |> Option.defaultValue nan
      Steps = steps
      Eval = readEval dir steps
      LastSample =
        if Directory.Exists samples then
            Directory.GetFiles(samples, "epoch-*.png") |> Array.sort |> Array.tryLast
        else None }

/// The runs below root that have trained at least one step (an experiment still running may have none yet).
let tryFindRuns (root: string) =
    if not (Directory.Exists root) then
        fail $"run directory '{root}' does not exist; give an experiment folder such as runs/g-loss (written by gan script scripts/g-loss.csx)"
    let dirs =
        Directory.EnumerateFiles(root, "config.json", SearchOption.AllDirectories)
        |> Seq.map Path.GetDirectoryName
        |> Seq.sort
        |> Seq.toArray
    if dirs.Length = 0 then
        fail $"no runs found under '{root}' (no config.json below it); train some first, e.g. gan script scripts/g-loss.csx -- --quick"
    dirs |> Array.map (readRun root) |> Array.filter (fun r -> r.Steps.Length > 0)

let findRuns (root: string) =
    match tryFindRuns root with
    | [||] -> fail $"no run under '{root}' has finished a step yet"
    | runs -> runs

/// The iterations (metrics.csv rows) a run makes in all its epochs: ceil(images / batch) batches per epoch, and with
/// k D steps per G step one iteration per k batches, as gan's trainer counts them.
let expectedIterations (run: Run) =
    let setting (name: string) =
        match run.Config.TryGetProperty name with
        | true, v when v.ValueKind = JsonValueKind.Number -> v.GetInt32()
        | _ -> fail $"""{Path.Combine(run.Dir, "config.json")}: no number '{name}' in config; not a run directory written by gan"""
    let batch, k = setting "batchSize", max 1 (setting "dSteps")
    let batches = (run.TrainCount + batch - 1) / batch
    setting "epochs" * ((batches + k - 1) / k)

/// "complete" when summary.json says completed and metrics.csv has every iteration; "running" while summary.json is
/// missing or rows are; otherwise summary.json's status (diverged, interrupted).
let runState (run: Run) =
    if run.Status = "unfinished" then "running"
    elif run.Status <> "completed" then run.Status
    elif run.Steps.Length < expectedIterations run then "running"
    else "complete"

/// A run cut to its first steps: the losses up to that step and the evaluations made by then. A run's first steps do
/// not depend on how many follow, so this is what a shorter run of the same seed would have recorded.
let firstSteps (step: float) (run: Run) =
    let steps = run.Steps |> Array.filter (fun s -> s.Step <= step)
    let eval =
        run.Eval |> Option.map (fun e ->
            let keep = e.Steps |> Array.filter (fun s -> s <= step) |> Array.length
            { Steps = e.Steps[.. keep - 1]
              Metrics = e.Metrics |> List.map (fun (n, ys) -> n, ys[.. keep - 1])
              Largest = if e.Largest.Length = 0 then [||] else e.Largest[.. keep - 1] })
    { run with Steps = steps; Eval = eval; Terms = run.Terms |> List.map (fun (n, ys) -> n, Array.truncate steps.Length ys) }

/// metrics.csv's wall_ms for the run's steps (a cut run's first ones): the wall time of each iteration.
let wallMs (run: Run) =
    if run.Steps.Length = 0 then [||]
    else
        let csv = readCsv (Path.Combine(run.Dir, "metrics.csv"))
        let col = column csv "wall_ms"
        Array.init (min run.Steps.Length csv.Rows.Length) (fun r -> number csv r col)

// ---------- statistics ----------

/// Mean and half-width of the 95% confidence interval (Student t, n − 1 degrees of freedom); NaN width for one value.
let meanCi (xs: float[]) =
    let n = xs.Length
    if n = 0 then nan, nan
    else
        let m = Statistics.Mean xs
        if n < 2 then m, nan
        else m, StudentT.InvCDF(0.0, 1.0, float (n - 1), 0.975) * Statistics.StandardDeviation xs / sqrt (float n)

let fmtNum (x: float) =
    if Double.IsNaN x then "n/a"
    elif x <> 0.0 && (abs x >= 1e5 || abs x < 1e-3) then x.ToString("0.###e+0", inv)
    else x.ToString("G4", inv)

let fmtCi (m, h) =
    if Double.IsNaN m then "n/a"
    elif Double.IsNaN h then fmtNum m
    else
        // Two significant digits for the half-width, without an exponent unless it is tiny.
        if h <> 0.0 && h < 1e-4 then fmtNum m + " ± " + h.ToString("0.#e+0", inv)
        else
            let decimals = if h = 0.0 then 0 else max 0 (1 - int (floor (log10 h)))
            fmtNum m + " ± " + h.ToString("F" + string decimals, inv)

/// "Final" losses are means over the last epoch's steps: single steps are too noisy to compare.
let lastEpochMean (run: Run) (pick: Step -> float) =
    if run.Steps.Length = 0 then nan
    else
        let last = run.Steps[run.Steps.Length - 1].Epoch
        run.Steps |> Array.filter (fun s -> s.Epoch = last) |> Array.averageBy pick

/// Distances and divergences improve downwards, every other metric (coverage, score, precision, recall) upwards.
let lowerIsBetter (metric: string) =
    let m = metric.ToLowerInvariant()
    [ "fd"; "fid"; "frechet"; "fréchet"; "distance"; "kl"; "max_class"; "largest" ] |> List.exists m.Contains

// ---------- collapse ----------

let dFloor = 1e-3
let bceCeiling = 100.0

/// The first step from which D loss stays below 1e-3 to the end of the run.
let dCollapse (run: Run) =
    let s = run.Steps
    let mutable i = s.Length
    while i > 0 && s[i - 1].DLoss < dFloor do i <- i - 1
    if i < s.Length then Some s[i].Step else None

/// The first step at which D loss is below 1e-3, whether or not it stays there (write-up 01's per-run tables).
let dFirstBelowFloor (run: Run) = run.Steps |> Array.tryFind (fun s -> s.DLoss < dFloor) |> Option.map _.Step

/// The share of a run's steps with D loss below 1e-3.
let dShareBelowFloor (run: Run) =
    if run.Steps.Length = 0 then nan
    else float (run.Steps |> Array.filter (fun s -> s.DLoss < dFloor) |> Array.length) / float run.Steps.Length

/// The objective's name: config.json's label; in files written before labels, the G loss it stood for.
let objective (run: Run) =
    match run.Labels |> Option.map (fun l -> l.TryGetProperty "objective") with
    | Some (true, v) -> v.GetString()
    | _ ->
        match run.Config.TryGetProperty "gLoss" with
        | true, v when v.GetString() = "minimax" -> "bce-minimax"
        | _ -> "bce"

/// The first step at which the non-saturating G loss −log D(G(z)) (objective bce) reaches BCE's clamp (100: D is
/// certain on every fake). The minimax loss log(1 − D(G(z))) tends to 0, not 100, when D wins, and the other
/// objectives have no clamp, so they have no ceiling to hit.
let gCeiling (run: Run) =
    if objective run <> "bce" then None
    else run.Steps |> Array.tryFind (fun s -> s.GLoss >= bceCeiling - 1e-3) |> Option.map _.Step

/// The coverage column of eval.csv (classes the classifier finds among the samples), if the evaluation wrote one.
let coverageColumn (e: Eval) =
    e.Metrics |> List.tryFind (fun (name, _) ->
        let n = name.ToLowerInvariant()
        n = "coverage" || n.Contains "covered")

/// The first evaluation from which coverage stays at 2 classes or fewer to the end (an early phase of blobs that one
/// class claims, later outgrown, is not a collapse).
let coverageCollapse (run: Run) =
    run.Eval
    |> Option.bind (fun e ->
        coverageColumn e
        |> Option.bind (fun (_, values) ->
            let mutable i = values.Length
            while i > 0 && values[i - 1] <= 2.0 do i <- i - 1
            if i < values.Length then Some e.Steps[i] else None))

/// coverageCollapse with coverage counted as the classes holding at least 1% of the samples (classes_at_share).
let shareCoverageCollapse (run: Run) =
    run.Eval
    |> Option.bind (fun e ->
        e.Metrics |> List.tryFind (fst >> (=) "classes_at_share")
        |> Option.bind (fun (_, values) ->
            let mutable i = values.Length
            while i > 0 && values[i - 1] <= 2.0 do i <- i - 1
            if i < values.Length then Some e.Steps[i] else None))

/// The first step at which any of the three collapse signs shows (D loss floor, G loss ceiling, coverage ≤ 2), with
/// coverage counted as classes predicted at least once (the rule as research 01 and 02 first applied it).
let collapseOnset (run: Run) =
    [ dCollapse run; gCeiling run; coverageCollapse run ] |> List.choose id |> function [] -> None | xs -> Some (List.min xs)

/// collapseOnset with coverage counted as classes holding at least 1% of the samples: the rule verdicts rest on now.
let shareCollapseOnset (run: Run) =
    [ dCollapse run; gCeiling run; shareCoverageCollapse run ] |> List.choose id |> function [] -> None | xs -> Some (List.min xs)

/// The largest class and its share of the samples at the run's last evaluation, when eval.csv records them.
let lastLargestClass (run: Run) =
    run.Eval |> Option.bind (fun e ->
        let fraction = e.Metrics |> List.tryFind (fst >> (=) "max_class_fraction") |> Option.map (snd >> Array.last)
        match Array.tryLast e.Largest, fraction with
        | Some c, Some f -> Some (c, f)
        | _ -> None)

/// A metric of eval.csv at the evaluation made at exactly this step, if the run made one there.
let metricAt (name: string) (step: float) (run: Run) =
    run.Eval |> Option.bind (fun e ->
        match Array.tryFindIndex ((=) step) e.Steps, e.Metrics |> List.tryFind (fst >> (=) name) with
        | Some i, Some (_, values) -> Some values[i]
        | _ -> None)

/// The largest class and its share at the evaluation made at exactly this step.
let largestAt (step: float) (run: Run) =
    run.Eval |> Option.bind (fun e ->
        match Array.tryFindIndex ((=) step) e.Steps, metricAt "max_class_fraction" step run with
        | Some i, Some f when i < e.Largest.Length -> Some (e.Largest[i], f)
        | _ -> None)

// ---------- figures ----------

let palette = ScottPlot.Palettes.Category10()

let movingMean (window: int) (xs: float[]) =
    if window <= 1 then xs
    else
        let sums = Array.scan (+) 0.0 xs
        Array.init xs.Length (fun i ->
            let lo = max 0 (i - window + 1)
            (sums[i + 1] - sums[lo]) / float (i + 1 - lo))

/// One line per variant (the mean over seeds) with a band spanning the seeds' range; seeds are cut to the shortest.
let curvePlot (path: string) (title: string) (yLabel: string) (series: (string * (float[] * float[]) list) list) =
    use plot = new ScottPlot.Plot()
    series |> List.iteri (fun i (variant, perSeed) ->
        let n = perSeed |> List.map (fun (xs, _) -> xs.Length) |> List.min
        if n > 0 then
            let xs = (fst perSeed.Head)[.. n - 1]
            let ys = perSeed |> List.map (fun (_, ys) -> ys[.. n - 1])
            let at j = ys |> List.map (fun y -> y[j])
            let mean = Array.init n (fun j -> List.average (at j))
            let color = palette.GetColor i
            if perSeed.Length > 1 then
                let band = plot.Add.FillY(xs, Array.init n (fun j -> List.min (at j)), Array.init n (fun j -> List.max (at j)))
                band.FillColor <- color.WithAlpha 0.2
                band.LineWidth <- 0.0f
            let line = plot.Add.ScatterLine(xs, mean, Nullable color)
            line.LineWidth <- 2.0f
            line.LegendText <- $"{variant} (n={perSeed.Length})")
    plot.Title title
    plot.XLabel "step"
    plot.YLabel yLabel
    plot.ShowLegend(ScottPlot.Alignment.UpperRight) |> ignore
    plot.SavePng(path, 900, 500) |> ignore

/// Horizontal bars, top to bottom in the given order: (label, value, text at the bar's end, marked in another colour);
/// dashed vertical lines at reference values (legend text, value). The legend goes top right, free when the bars
/// come in ascending order.
let barChart (path: string) (title: string) (valueLabel: string) (bars: (string * float * string * bool) list) (references: (string * float) list) =
    use plot = new ScottPlot.Plot()
    let n = bars.Length
    let position i = float (n - 1 - i)
    let items =
        bars |> List.mapi (fun i (_, value, text, marked) ->
            ScottPlot.Bar(Position = position i, Value = value, Label = text, FillColor = palette.GetColor(if marked then 1 else 0)))
    let plottable = plot.Add.Bars(List.toArray items)
    plottable.Horizontal <- true
    plot.Axes.Left.SetTicks(Array.init n position, bars |> List.map (fun (label, _, _, _) -> label) |> List.toArray)
    references |> List.iteri (fun i (legend, x) ->
        let line = plot.Add.VerticalLine(x, 2.0f, Nullable (palette.GetColor(i + 2)), ScottPlot.LinePattern.Dashed)
        line.LegendText <- legend)
    // Room at the right for the texts at the bars' ends; bars start at zero.
    plot.Axes.Margins(0.0, 0.2, 0.05, 0.05)
    plot.Title title
    plot.XLabel valueLabel
    if not references.IsEmpty then plot.ShowLegend(ScottPlot.Alignment.UpperRight) |> ignore
    plot.SavePng(path, 900, 120 + 36 * max n 3) |> ignore

/// A labelled grid of sample images: one row per label, one captioned tile per (caption, PNG) in the row.
let gridMontage (path: string) (rows: (string * (string * string option) list) list) =
    let tile, gap, labelWidth, caption = 242, 12, 260, 26
    let cols = rows |> List.map (snd >> List.length) |> List.max
    let width = labelWidth + cols * (tile + gap)
    let height = gap + rows.Length * (caption + tile + gap)
    // Grayscale: the grids are grey already, and an 8-bit PNG is a third the size of RGBA.
    use surface = SKSurface.Create(SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque))
    let canvas = surface.Canvas
    canvas.Clear SKColors.White
    use font = new SKFont(SKTypeface.Default, 18.0f)
    use ink = new SKPaint(Color = SKColors.Black, IsAntialias = true)
    rows |> List.iteri (fun r (label, tiles) ->
        let top = float32 (gap + r * (caption + tile + gap) + caption)
        canvas.DrawText(label, 8.0f, top + float32 tile / 2.0f, SKTextAlign.Left, font, ink)
        tiles |> List.iteri (fun c (title, sample) ->
            let left = float32 (labelWidth + c * (tile + gap))
            canvas.DrawText(title, left, top - 6.0f, SKTextAlign.Left, font, ink)
            match sample with
            | Some file ->
                use image = SKImage.FromEncodedData file
                if isNull image then fail $"{file}: not a readable PNG"
                canvas.DrawImage(image, SKRect.Create(left, top, float32 tile, float32 tile), SKSamplingOptions(SKFilterMode.Nearest), null)
            | None -> canvas.DrawText("no samples", left + 10.0f, top + float32 tile / 2.0f, SKTextAlign.Left, font, ink)))
    use png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100)
    File.WriteAllBytes(path, png.ToArray())

/// Last-epoch sample grids: one row per variant, one column per seed.
let montage (path: string) (rows: (string * (int64 * string option) list) list) =
    gridMontage path [ for variant, seeds in rows -> variant, [ for seed, file in seeds -> $"seed {seed}", file ] ]

/// A run's sample grid written after the given epoch (samples/epoch-NNNN.png), if there is one.
let sampleAt (run: Run) (epoch: int) =
    let file = Path.Combine(run.Dir, "samples", $"epoch-%04d{epoch}.png")
    if File.Exists file then Some file else None

// ---------- report ----------

let str (e: JsonElement) (name: string) =
    match e.TryGetProperty name with
    | true, v when v.ValueKind = JsonValueKind.String -> v.GetString()
    | true, v when v.ValueKind = JsonValueKind.Number -> v.GetRawText()
    | _ -> ""

/// A label config.json records, or the fallback for a file written before gan recorded labels.
let label (run: Run) (name: string) (fallback: unit -> string) =
    match run.Labels |> Option.map (fun l -> l.TryGetProperty name) with
    | Some (true, v) when v.ValueKind = JsonValueKind.String -> v.GetString()
    | Some (true, v) -> v.GetRawText()
    | _ -> fallback ()

let hasSlope (run: Run) =
    match run.Labels |> Option.map (fun l -> l.TryGetProperty "hasSlope") with
    | Some (true, v) -> v.GetBoolean()
    | _ -> str run.Config "generator" <> "G1"

let schedule (run: Run) =
    label run "ratio" (fun () ->
        match str run.Config "gSteps" with
        | "" | "1" -> $"""{str run.Config "dSteps"}:1"""
        | g -> $"1:{g}")

let table (out: StringBuilder) (header: string list) (rows: string list list) =
    out.AppendLine("| " + String.Join(" | ", header) + " |") |> ignore
    out.AppendLine("|" + String.Join("|", header |> List.map (fun _ -> " --- ")) + "|") |> ignore
    for r in rows do out.AppendLine("| " + String.Join(" | ", r) + " |") |> ignore

let stepText = function Some (s: float) -> fmtNum s | None -> "—"
