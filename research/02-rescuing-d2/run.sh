#!/usr/bin/env bash
# Every training run behind research/02-rescuing-d2/README.md, as named sections; with no argument all of them, in
# the order they were made. Runs land in runs/02-rescuing-d2/<experiment>/<variant>/seed-<n>/ and finished runs are
# kept when a section is run again, so an interrupted section resumes where it stopped.
#
#   research/02-rescuing-d2/run.sh [SECTION...]
#   sections: validity-bf16 validity-fp32 validity-g1d1 g1d1-reference screen-g2 screen-g3 confirm-g2 confirm-g3
#             combined g-scale g2-d1 horizon-g2 horizon-g3 rank-g1d1 report
#
# Budget: at most 6 core-hours on a 2-vCPU AMD EPYC with avx512_bf16, 1 LibTorch thread per run, two runs side by
# side. D2 runs use bf16-mixed (its validity is the first three sections) and --joint-d-batch, as in write-up 01:
# D2 has no BatchNorm, so scoring real and fake in one forward is the same computation with other float rounding.
# An epoch is 125 steps of the 8,000-image sample; the study's epoch was 938 steps of the full 60,000.
set -euo pipefail
cd "$(dirname "$0")/../.."
gan=${GAN:-src/Gan.Cli/bin/Release/net10.0/gan}
[[ -x $gan ]] || dotnet build src/Gan.Cli -c Release -v quiet -nologo
out=runs/02-rescuing-d2
seeds=0,1,2
d2="--threads 1 --joint-d-batch --precision bf16-mixed --sample-every 1 --eval-every 1 --out $out"

screen() { # $1 = pair: every recipe of recipes.tsv (name, tab, options for compare-losses.csx) for 2 epochs (250 steps), seed 0
  local pair=$1 name opts
  while IFS=$'\t' read -r name opts; do
    [[ -z $name || $name == \#* ]] && continue
    # shellcheck disable=SC2086 # $opts and $d2 are lists of options
    "$gan" script scripts/compare-losses.csx -- --experiment "screen-$pair-$name" --pair "$pair" $opts --epochs 2 --seeds 0 $d2 </dev/null
  done < research/02-rescuing-d2/recipes.tsv
}

section() {
  case "$1" in
    validity-bf16) # issue 14's validity runs and this write-up's baseline: the study's BCE, 4 epochs = 500 steps
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment validity-bf16 --pair g2-d2,g3-d2 --objective bce \
        --epochs 4 --seeds $seeds $d2 ;;
    validity-fp32) # the same in float32
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment validity-fp32 --pair g2-d2,g3-d2 --objective bce \
        --epochs 4 --seeds $seeds ${d2/bf16-mixed/fp32} ;;
    validity-g1d1) # G1+D1 in bf16-mixed for 40 epochs = 5,000 steps; its fp32 twin is write-up 01's fixes-g1d1 k = 1
      "$gan" script scripts/compare-losses.csx -- --experiment validity-g1d1-bf16 --pair g1-d1 --objective bce \
        --epochs 40 --seeds $seeds --threads 1 --precision bf16-mixed --sample-every 40 --eval-every 40 --out $out ;;
    screen-g2) screen g2-d2
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment screen-g2-d2-batchnorm --pair g2-bn-d2 --objective bce \
        --epochs 2 --seeds 0 $d2 ;;
    screen-g3) screen g3-d2 ;;
    g1d1-reference) # the rescue criterion's yardstick: G1+D1, the study's BCE, 8 epochs = 1,000 steps, evaluated every epoch
      "$gan" script scripts/compare-losses.csx -- --experiment g1d1-reference --pair g1-d1 --objective bce \
        --epochs 8 --seeds $seeds --threads 1 --sample-every 8 --eval-every 1 --out $out ;;
    rank-g1d1) # every objective on G1+D1, 40 epochs = 5,000 steps, evaluated every 4 epochs (500 steps) for equal-step ranks
      "$gan" script scripts/compare-losses.csx -- --experiment rank-g1d1 --pair g1-d1 --objective bce,bce-minimax,lsgan,hinge,wgan-gp,rasgan \
        --epochs 40 --seeds $seeds --threads 1 --sample-every 8 --eval-every 4 --out $out ;;
    horizon-g2) # G2+D2 for 24 epochs = 3,000 steps, where the study saw G loss jump to 40-100: the study's BCE, and the
      # rescue (R1, γ = 1) to see whether it holds that long; seed 0, evaluated every 4 epochs (500 steps)
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment horizon-g2-d2 --pair g2-d2 --objective bce \
        --epochs 24 --seeds 0 ${d2/--sample-every 1 --eval-every 1/--sample-every 4 --eval-every 4}
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment horizon-g2-d2-r1-1 --pair g2-d2 --objective bce --d-reg r1:1 \
        --epochs 24 --seeds 0 ${d2/--sample-every 1 --eval-every 1/--sample-every 4 --eval-every 4} ;;
    horizon-g3) # G3+D2, the study's BCE, as far as the budget reaches towards its 18,760 steps: 3,000, seed 0
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment horizon-g3-d2 --pair g3-d2 --objective bce \
        --epochs 24 --seeds 0 ${d2/--sample-every 1 --eval-every 1/--sample-every 4 --eval-every 4} ;;
    confirm-g2) # G2+D2's screen winner at full length: R1 with γ = 1 (10 classes, the lowest FD), 3 seeds, 500 steps
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment confirm-g2-d2-r1-1 --pair g2-d2 --objective bce --d-reg r1:1 \
        --epochs 4 --seeds $seeds $d2 ;;
    confirm-g3) # G3+D2's two screen winners at full length: R1 with γ = 10 (the lowest FD) and WGAN-GP, 3 seeds, 500 steps
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment confirm-g3-d2-r1-10 --pair g3-d2 --objective bce --d-reg r1:10 \
        --epochs 4 --seeds $seeds $d2
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment confirm-g3-d2-wgan-gp --pair g3-d2 --objective wgan-gp \
        --epochs 4 --seeds $seeds $d2 ;;
    combined) # the best two combined, per pair: the screen's two best recipes, R1 (the pair's better γ) and WGAN-GP, that
      # is WGAN-GP's objective and penalty with R1 on top; 3 seeds, 500 steps
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment confirm-g2-d2-r1-1-wgan-gp --pair g2-d2 --objective wgan-gp \
        --d-reg r1:1 --epochs 4 --seeds $seeds $d2
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment confirm-g3-d2-r1-10-wgan-gp --pair g3-d2 --objective wgan-gp \
        --d-reg r1:10 --epochs 4 --seeds $seeds $d2 ;;
    g2-d1) # question 4's follow-up: does the slower G that keeps G2's Tanh unsaturated let G2 learn digits against D1?
      # G2+D1 with the study's settings and with G's learning rate 5e-5, 10 epochs = 1,250 steps, 3 seeds, fp32
      for lrg in 3e-4 5e-5; do
        "$gan" script scripts/compare-losses.csx -- --experiment "g2-d1-lr-g-$lrg" --pair g2-d1 --objective bce --lr-g $lrg \
          --epochs 10 --seeds $seeds --threads 1 --sample-every 10 --eval-every 2 --out $out
      done ;;
    g-scale) # question 4, why G2 loses even to D1: G1, G2 (slope 1.0 and 0.2) and G2-BN against D1 for 200 steps, 3 seeds,
      # G's output scale, diversity and rank measured after every step (fp32, not a run directory: a CSV per run)
      "$gan" script scripts/g-scale.csx -- --seeds $seeds --threads 1 --out $out
      mkdir -p research/02-rescuing-d2/results
      cp "$out/g-scale/summary.md" research/02-rescuing-d2/results/g-scale.md ;;
    report) # summary.fsx's cross-experiment tables, and compare-runs.fsx's per-run report (losses, every metric, samples)
      # for the runs the conclusions rest on, the confirmations and the horizon runs; the others' reports are one
      # `dotnet fsi research/compare-runs.fsx runs/02-rescuing-d2/<experiment>` away
      dotnet fsi research/02-rescuing-d2/summary.fsx "$out" research/02-rescuing-d2
      for dir in "$out"/confirm-*/ "$out"/horizon-*/; do
        dotnet fsi research/compare-runs.fsx "${dir%/}" --out research/02-rescuing-d2/results
      done ;;
    *) echo "run.sh: unknown section '$1'; sections: validity-bf16 validity-fp32 validity-g1d1 g1d1-reference screen-g2 screen-g3 confirm-g2 confirm-g3 combined g-scale g2-d1 horizon-g2 horizon-g3 rank-g1d1 report" >&2
       exit 2 ;;
  esac
}

if [[ $# -eq 0 ]]; then set -- validity-bf16 validity-fp32 validity-g1d1 g1d1-reference screen-g2 screen-g3 confirm-g2 confirm-g3 combined g-scale g2-d1 horizon-g2 horizon-g3 rank-g1d1 report; fi
for s in "$@"; do echo "== run.sh: $s ($(date -u +%H:%M:%S))" >&2; section "$s"; done
