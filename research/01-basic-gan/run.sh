#!/usr/bin/env bash
# Every training run behind research/01-basic-gan/README.md, as named sections; with no argument all of them, in
# the order they were made. Runs land in runs/01-basic-gan/<experiment>/<variant>/seed-<n>/ and finished runs are
# kept when a section is run again, so an interrupted section resumes where it stopped.
#
#   research/01-basic-gan/run.sh [SECTION...]
#   sections: repro-g1d1 g1d1-long slope swap-d1 fixes-g1d1 fixes-d2-minimax fixes-d2-k5 fixes-d2-1to2 report
#
# All runs use 1 LibTorch thread (on this 2-vCPU machine two 1-thread runs side by side do more work than one
# 2-thread run). D2 runs use --joint-d-batch: D2 has no BatchNorm, so scoring real and fake in one forward is the
# same computation with other float rounding, and a D2 step is about 20% faster.
set -euo pipefail
cd "$(dirname "$0")/../.."
gan=${GAN:-src/Gan.Cli/bin/Release/net10.0/gan}
[[ -x $gan ]] || dotnet build src/Gan.Cli -c Release -v quiet -nologo
out=runs/01-basic-gan
seeds=0,1,2

section() {
  case "$1" in
    repro-g1d1) # the study's G1+D1 for 100 epochs of the 8,000-image sample (12,500 steps), grids every 5 epochs
      "$gan" script scripts/compare-losses.csx -- --objective bce --experiment repro-g1d1 --pair g1-d1 --epochs 100 \
        --sample-every 5 --eval-every 10 --seeds $seeds --threads 1 --out $out ;;
    g1d1-long) # G1+D1 for the study's number of steps: 100 epochs × 938 steps = 93,800 ≈ 750 sample epochs
      "$gan" script scripts/compare-losses.csx -- --objective bce --experiment g1d1-long --pair g1-d1 --epochs 750 \
        --sample-every 5 --eval-every 50 --seeds 0 --threads 1 --out $out ;;
    slope) # G2+D2 and G3+D2 with the study's slope 1.0 (seed) and the intended 0.2 (fixed), 2 epochs = 250 steps
      "$gan" script scripts/slope.csx -- --epochs 2 --sample-every 1 --eval-every 1 --seeds $seeds --threads 1 \
        --joint-d-batch --out $out ;;
    swap-d1) # G2 and G3 against the small MLP discriminator D1, both slopes: is D2's strength the cause?
      "$gan" script scripts/compare-losses.csx -- --objective bce --experiment swap-d1 --pair g2-d1,g3-d1 --slope seed,fixed \
        --epochs 10 --sample-every 5 --eval-every 5 --seeds $seeds --threads 1 --out $out ;;
    fixes-g1d1) # the study's proposed fixes on G1+D1, 40 epochs: k:1 for k in 2,3,5, 1:2, the minimax G loss. k = 1
      # is repro-g1d1 cut at epoch 40: the same computation, and every evaluation uses the same noise (seed + 4).
      for grid in "--objective bce --k 2,3,5" "--objective bce --g-steps 2" "--g-loss minimax"; do
        # shellcheck disable=SC2086 # $grid is an option and its value
        "$gan" script scripts/compare-losses.csx -- --experiment fixes-g1d1 --pair g1-d1 $grid \
          --epochs 40 --sample-every 10 --eval-every 20 --seeds $seeds --threads 1 --out $out
      done ;;
    fixes-d2-minimax) # the fixes on the failing pairs (seed slope), 1 epoch each: the minimax G loss log(1 - D(G(z)))
      "$gan" script scripts/compare-losses.csx -- --experiment fixes-d2-minimax --pair g2-d2,g3-d2 --g-loss minimax \
        --epochs 1 --sample-every 1 --eval-every 1 --seeds $seeds --threads 1 --joint-d-batch --out $out ;;
    fixes-d2-k5) # 5 D steps per G step
      "$gan" script scripts/compare-losses.csx -- --objective bce --experiment fixes-d2-k5 --pair g2-d2,g3-d2 --k 5 \
        --epochs 1 --sample-every 1 --eval-every 1 --seeds $seeds --threads 1 --joint-d-batch --out $out ;;
    fixes-d2-1to2) # 2 G steps per D step
      "$gan" script scripts/compare-losses.csx -- --objective bce --experiment fixes-d2-1to2 --pair g2-d2,g3-d2 --g-steps 2 \
        --epochs 1 --sample-every 1 --eval-every 1 --seeds $seeds --threads 1 --joint-d-batch --out $out ;;
    report) # per-experiment reports and figures, then the write-up's own figures
      for e in repro-g1d1 g1d1-long slope swap-d1 fixes-g1d1 fixes-d2-minimax fixes-d2-k5 fixes-d2-1to2; do
        [[ -d $out/$e ]] && dotnet fsi research/compare-runs.fsx $out/$e --out research/01-basic-gan/results
      done
      dotnet fsi research/01-basic-gan/figures.fsx $out research/01-basic-gan ;;
    *) echo "run.sh: unknown section '$1'; sections: repro-g1d1 g1d1-long slope swap-d1 fixes-g1d1 fixes-d2-minimax fixes-d2-k5 fixes-d2-1to2 report" >&2
       exit 2 ;;
  esac
}

if [[ $# -eq 0 ]]; then set -- repro-g1d1 g1d1-long slope swap-d1 fixes-g1d1 fixes-d2-minimax fixes-d2-k5 fixes-d2-1to2 report; fi
for s in "$@"; do echo "== run.sh: $s ($(date -u +%H:%M:%S))" >&2; section "$s"; done
