// The write-up's own figures and tables, from the runs research/01-basic-gan/run.sh made:
//
//   dotnet fsi research/01-basic-gan/figures.fsx runs/01-basic-gan research/01-basic-gan
//
// Writes into the second folder: figures/g1d1-epochs.png (G1+D1 grids at the study's epochs, counted in sample
// epochs), figures/g1d1-same-steps.png (the long run at the study's step counts) with
// results/g1d1-long-evaluations.md, figures/<pair>-d-loss.png and
// figures/<pair>-g-loss.png (every D2 run's losses, per seed), figures/d2-epoch-1.png (the D2 grids after one epoch, per
// variant and seed), results/summary.md (one row per variant of every experiment) and results/d2-epoch-1.md (the D2
// variants compared after their first epoch, the length every D2 run has) and results/slope-runs.md (per D2 run:
// when D wins, how high G's loss climbs), results/swap-d1-vs-g1d1.md, results/fixes-g1d1-vs-g1d1.md and their
// figures/*-grids.png (G2 and G3 against D1, and the fixes, next to G1+D1 at the same epoch).
#load "../RunFiles.fsx"

open System
open System.IO
open System.Text
open RunFiles

/// The study's epochs for its grids, and the step each one ends at: 938 steps per epoch of 60,000 images at batch 64.
let studyEpochs = [ 5; 15; 30; 50; 80; 100 ]
let studyStepsPerEpoch = 938
let sampleStepsPerEpoch = 125

let experiment (root: string) (name: string) =
    let dir = Path.Combine(root, name)
    if Directory.Exists dir && Directory.EnumerateFiles(dir, "config.json", SearchOption.AllDirectories) |> Seq.isEmpty |> not
    then tryFindRuns dir
    else [||]

/// A run cut to its first epochs: the losses of those epochs and the evaluations made by then.
let firstEpochs (epochs: int) (run: Run) =
    let steps = run.Steps |> Array.filter (fun s -> s.Epoch <= epochs)
    let last = if steps.Length = 0 then 0.0 else (Array.last steps).Step
    let eval =
        run.Eval |> Option.map (fun e ->
            let keep = e.Steps |> Array.filter (fun s -> s <= last) |> Array.length
            { Steps = e.Steps[.. keep - 1]
              Metrics = e.Metrics |> List.map (fun (n, ys) -> n, ys[.. keep - 1])
              Largest = if e.Largest.Length = 0 then [||] else e.Largest[.. keep - 1] })
    { run with Steps = steps; Eval = eval }

let lastMetric (name: string) (run: Run) =
    run.Eval |> Option.bind (fun e -> e.Metrics |> List.tryFind (fst >> (=) name)) |> Option.bind (snd >> Array.tryLast)

let largestText (run: Run) =
    match lastLargestClass run with
    | Some (c, f) -> $"{c} ({f * 100.0:F0}%%)"
    | None -> "—"

/// One row per variant: final metrics as mean ± 95% CI over seeds, and collapse counts and onset.
let variantRows (label: string) (runs: Run[]) =
    [ for v, rs in runs |> Array.groupBy _.Variant |> Array.sortBy fst ->
          let stat name = rs |> Array.choose (lastMetric name) |> meanCi |> fmtCi
          let onsets = rs |> Array.choose collapseOnset
          let lastStep = rs |> Array.map (fun r -> (Array.last r.Steps).Step) |> Array.max
          [ label; v; string rs.Length; lastStep.ToString("N0", inv)
            stat "frechet_distance"; stat "classes_covered"; stat "coverage_kl"; stat "precision"; stat "recall"
            $"{onsets.Length}/{rs.Length}"; (if onsets.Length = 0 then "—" else onsets |> meanCi |> fmtCi)
            String.Join(", ", rs |> Array.sortBy _.Seed |> Array.map largestText)
            (rs |> Array.averageBy _.WallSeconds |> fun s -> $"{s / 60.0:F1}") ] ]

let header =
    [ "experiment"; "variant"; "seeds"; "steps"; "Fréchet distance"; "classes covered"; "KL to uniform"; "precision"
      "recall"; "collapsed"; "onset step"; "largest class per seed (share)"; "minutes per run" ]

/// Each run's loss over training, one line per run (log10 when asked), coloured by variant.
let runLines (path: string) (title: string) (yLabel: string) (log: bool) (runs: Run[]) (pick: Step -> float) =
    use plot = new ScottPlot.Plot()
    runs |> Array.groupBy _.Variant |> Array.sortBy fst |> Array.iteri (fun i (variant, rs) ->
        let color = palette.GetColor i
        rs |> Array.sortBy _.Seed |> Array.iteri (fun j r ->
            let ys = r.Steps |> Array.map (fun s -> let y = pick s in if log then Math.Log10(max y 1e-8) else y)
            let line = plot.Add.ScatterLine(r.Steps |> Array.map _.Step, ys, Nullable color)
            line.LineWidth <- 1.5f
            if j = 0 then line.LegendText <- $"{variant} (seeds {String.Join(',', rs |> Array.map _.Seed |> Array.sort)})"))
    plot.Title title
    plot.XLabel "step"
    plot.YLabel yLabel
    plot.ShowLegend(ScottPlot.Alignment.UpperRight) |> ignore
    plot.SavePng(path, 1000, 520) |> ignore

let main (root: string) (outDir: string) =
    let figures = Path.Combine(outDir, "figures")
    let results = Path.Combine(outDir, "results")
    Directory.CreateDirectory figures |> ignore
    Directory.CreateDirectory results |> ignore
    let written = ResizeArray<string>()
    let save (path: string) = written.Add path
    /// A results file: title, what it shows, the command that made it, and one row per variant.
    let writeVariantTable (path: string) (title: string) (intro: string list) (rows: string list list) =
        let out = StringBuilder()
        out.AppendLine($"# {title}").AppendLine() |> ignore
        for l in intro do out.AppendLine l |> ignore
        out.AppendLine($"Made by `dotnet fsi research/01-basic-gan/figures.fsx {root} {outDir}`.").AppendLine() |> ignore
        table out header rows
        File.WriteAllText(path, out.ToString())
        save path

    // 1. G1+D1 at the study's epochs, counted in epochs of the 8,000-image sample (125 steps each).
    let repro = experiment root "repro-g1d1"
    if repro.Length > 0 then
        let path = Path.Combine(figures, "g1d1-epochs.png")
        gridMontage path
            [ for r in repro |> Array.sortBy _.Seed ->
                  $"seed {r.Seed}", [ for e in studyEpochs -> $"epoch {e} (step {e * sampleStepsPerEpoch})", sampleAt r e ] ]
        save path

    // 2. The long run at the step counts of the study's epochs (the nearest grid, written every 5 sample epochs).
    let long = experiment root "g1d1-long"
    if long.Length > 0 then
        let path = Path.Combine(figures, "g1d1-same-steps.png")
        let nearest e =
            let sampleEpoch = float (e * studyStepsPerEpoch) / float sampleStepsPerEpoch
            int (Math.Round(sampleEpoch / 5.0)) * 5 |> max 5
        gridMontage path
            [ for r in long |> Array.sortBy _.Seed ->
                  $"seed {r.Seed}",
                  [ for e in studyEpochs ->
                        let se = nearest e
                        $"study ep. {e}: step {se * sampleStepsPerEpoch}", sampleAt r se ] ]
        save path
        // Its evaluations, with the study epoch each step count corresponds to.
        let out = StringBuilder()
        out.AppendLine("| sample epoch | step | study epoch | Fréchet distance | classes | largest class (share) | precision | recall |") |> ignore
        out.AppendLine("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |") |> ignore
        for r in long do
            match r.Eval with
            | Some e ->
                let col name = e.Metrics |> List.find (fst >> (=) name) |> snd
                let fd, classes, share = col "frechet_distance", col "classes_covered", col "max_class_fraction"
                let precision, recall = col "precision", col "recall"
                for i in 0 .. e.Steps.Length - 1 do
                    let step = e.Steps[i]
                    out.AppendLine(
                        $"| {step / float sampleStepsPerEpoch:F0} | {step:N0} | {step / float studyStepsPerEpoch:F1} | {fd[i]:F0} | {classes[i]:F0} | "
                        + $"{e.Largest[i]} ({share[i] * 100.0:F0}%%) | {precision[i]:F2} | {recall[i]:F2} |") |> ignore
            | None -> ()
        let md = Path.Combine(results, "g1d1-long-evaluations.md")
        File.WriteAllText(md, out.ToString())
        save md

    // 3. The D2 runs: losses per seed, grids and metrics after the first epoch (every D2 run has one).
    let slope = experiment root "slope"
    let fixes =
        [ "fixes-d2-minimax"; "fixes-d2-k5"; "fixes-d2-1to2" ] |> List.map (fun e -> e, experiment root e)
        |> List.filter (fun (_, rs) -> rs.Length > 0)
    if slope.Length > 0 then
        for pair in [ "g2-d2"; "g3-d2" ] do
            let rs = slope |> Array.filter (fun r -> r.Variant.StartsWith pair)
            let d = Path.Combine(figures, $"{pair}-d-loss.png")
            runLines d $"{pair}: D loss per run (log10)" "log10 D loss" true rs _.DLoss
            let g = Path.Combine(figures, $"{pair}-g-loss.png")
            runLines g $"{pair}: G loss per run" "G loss" false rs _.GLoss
            save d
            save g
        // Per D2 run: how fast D wins and how far G's loss climbs.
        let out = StringBuilder()
        out.AppendLine("| run | steps | first step D loss < 1e-3 | share of steps D loss < 1e-3 | max G loss (step) | last-epoch D(x) | last-epoch D(G(z)) | FD | classes | largest class (share) |") |> ignore
        out.AppendLine("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |") |> ignore
        for r in slope |> Array.sortBy (fun r -> r.Variant, r.Seed) do
            let first = r.Steps |> Array.tryFind (fun s -> s.DLoss < dFloor) |> Option.map (fun s -> fmtNum s.Step) |> Option.defaultValue "—"
            let share = float (r.Steps |> Array.filter (fun s -> s.DLoss < dFloor) |> Array.length) / float r.Steps.Length
            let top = r.Steps |> Array.maxBy _.GLoss
            let metric name = lastMetric name r |> Option.map fmtNum |> Option.defaultValue "—"
            let fd, classes = metric "frechet_distance", metric "classes_covered"
            out.AppendLine(
                $"| {r.Variant} seed {r.Seed} | {r.Steps.Length} | {first} | {share * 100.0:F0}%% | {top.GLoss:F1} ({top.Step:F0}) | "
                + $"{fmtNum (lastEpochMean r _.DReal)} | {fmtNum (lastEpochMean r _.DFake)} | {fd} | {classes} | {largestText r} |") |> ignore
        let perRun = Path.Combine(results, "slope-runs.md")
        File.WriteAllText(perRun, out.ToString())
        save perRun
        let firstEpoch =
            [ yield! slope |> Array.map (firstEpochs 1) |> Array.map (fun r -> "slope", r)
              for name, rs in fixes do
                  yield! rs |> Array.map (fun r -> name, r) ]
        let path = Path.Combine(figures, "d2-epoch-1.png")
        gridMontage path
            [ for (name, v), rs in firstEpoch |> List.groupBy (fun (e, r) -> e, r.Variant) |> List.sortBy (fun ((e, v), _) -> v, e) ->
                  $"{v}", [ for _, r in rs |> List.sortBy (fun (_, r) -> r.Seed) -> $"seed {r.Seed}", sampleAt r 1 ] ]
        save path
        let rows =
            firstEpoch |> List.groupBy fst |> List.collect (fun (e, rs) -> variantRows e (rs |> List.map snd |> List.toArray))
        writeVariantTable (Path.Combine(results, "d2-epoch-1.md")) "D2 pairs after their first epoch (125 D steps on 8,000 images)"
            [ "Every D2 variant compared at the length all of them have: the slope runs cut to their first epoch"
              "(their first 125 steps are the same computation as a 1-epoch run), the fixes as run. Metrics from the"
              "epoch-1 evaluation, mean ± 95% CI over seeds; collapse signs within the epoch (see RunFiles.fsx)." ]
            rows

    // 3b. Experiments next to G1+D1 at the same epoch: repro-g1d1 cut there is the same computation, and every
    // evaluation uses the same noise (seed + 4), so its evaluation at that epoch is the one a shorter run would make.
    let besideG1D1 (name: string) (figureName: string option) =
        let exp = experiment root name
        if exp.Length > 0 && repro.Length > 0 then
            let epochs = exp |> Array.map (fun r -> (Array.last r.Steps).Epoch) |> Array.min
            let runs = Array.append repro exp |> Array.map (firstEpochs epochs)
            let out = StringBuilder()
            out.AppendLine("| variant | seeds | D steps | G steps | last-epoch D loss | last-epoch G loss | last-epoch D(G(z)) | FD | classes covered | collapsed | largest class per seed (share) |") |> ignore
            out.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |") |> ignore
            for v, rs in runs |> Array.groupBy _.Variant |> Array.sortBy fst do
                let loss pick = rs |> Array.map (fun r -> lastEpochMean r pick) |> meanCi |> fmtCi
                let stat name = rs |> Array.choose (lastMetric name) |> meanCi |> fmtCi
                let collapsed = rs |> Array.choose collapseOnset |> Array.length
                let largest = String.Join(", ", rs |> Array.sortBy _.Seed |> Array.map largestText)
                let fd, classes = stat "frechet_distance", stat "classes_covered"
                let dSteps, gSteps = Array.sumBy _.DSteps rs[0].Steps, Array.sumBy _.GSteps rs[0].Steps
                out.AppendLine(
                    $"| {v} | {rs.Length} | {dSteps:N0} | {gSteps:N0} | {loss _.DLoss} | {loss _.GLoss} | "
                    + $"{loss _.DFake} | {fd} | {classes} | {collapsed}/{rs.Length} | {largest} |") |> ignore
            let md = Path.Combine(results, $"{name}-vs-g1d1.md")
            File.WriteAllText(md, out.ToString())
            save md
            match figureName with
            | Some f ->
                let grids = Path.Combine(figures, f)
                gridMontage grids
                    [ for v, rs in runs |> Array.groupBy _.Variant |> Array.sortBy fst ->
                          v, [ for r in rs |> Array.sortBy _.Seed -> $"seed {r.Seed}, step {(Array.last r.Steps).Step:F0}", sampleAt r epochs ] ]
                save grids
            | None -> ()
    besideG1D1 "swap-d1" (Some "swap-d1-grids.png")
    besideG1D1 "fixes-g1d1" (Some "fixes-g1d1-grids.png")

    // 4. One row per variant of every experiment, at each run's end.
    let all =
        [ "repro-g1d1"; "g1d1-long"; "slope"; "swap-d1"; "fixes-g1d1"; "fixes-d2-minimax"; "fixes-d2-k5"; "fixes-d2-1to2" ]
        |> List.map (fun e -> e, experiment root e) |> List.filter (fun (_, rs) -> rs.Length > 0)
    writeVariantTable (Path.Combine(results, "summary.md")) "Every variant at the end of its runs"
        [ "Metrics from each run's last evaluation (10,000 generated samples against the 2,000 test digits, LeNet-5"
          "features), mean ± 95% CI over seeds (Student t); collapse = D loss < 1e-3 to the end, G loss at 100, or ≤ 2"
          "classes covered; onset = the earliest of those, over the runs that collapsed." ]
        (all |> List.collect (fun (e, rs) -> variantRows e rs))
    for p in written do printfn $"wrote {p}"
    0

let exitCode =
    try
        match fsi.CommandLineArgs[1..] with
        | [| root; outDir |] -> main root outDir
        | _ -> fail "usage: dotnet fsi research/01-basic-gan/figures.fsx runs/01-basic-gan research/01-basic-gan"
    with BadInput message ->
        eprintfn $"figures: error: {message}"
        2
exit exitCode
