#!/usr/bin/env bash
# Every training run behind research/03-data-size/README.md, as named sections; with no argument all of them, in
# the order they were made. Runs land in runs/03-data-size/<experiment>/<variant>/seed-<n>/ and finished runs are
# kept when a section is run again, so an interrupted section resumes where it stopped.
#
#   research/03-data-size/run.sh [SECTION...]
#   sections: size-mnist size-fashion aug-g2 aug-g3 size-fashion-20k aug-fashion aug-r1 full-g1d1 horizon-g3 report
#
# Budget: at most 12 core-hours (README, first paragraph) on a 2-vCPU AMD EPYC Zen 4 (avx512_bf16, no AMX),
# 1 LibTorch thread per run, two sections side by side. D2 runs use bf16-mixed and --joint-d-batch as in research 02,
# so its numbers compare with these. Evaluations draw 10,000 samples, as research 02's, against the whole test split.
set -euo pipefail
cd "$(dirname "$0")/../.."
gan=${GAN:-src/Gan.Cli/bin/Release/net10.0/gan}
[[ -x $gan ]] || dotnet build src/Gan.Cli -c Release -v quiet -nologo
out=runs/03-data-size
seeds=0,1,2
d2="--threads 1 --joint-d-batch --precision bf16-mixed --out $out"

# G2+D2 with the study's settings on the first N training images for about 750 steps, evaluated every ~125 steps:
# $1 = data set, $2 = N, $3 = epochs, $4 = evaluate every so many epochs.
size() {
  # shellcheck disable=SC2086 # $d2 is a list of options
  "$gan" script scripts/compare-losses.csx -- --experiment "size-$1-$2" --pair g2-d2 --objective bce \
    --dataset "$1" --subset "$2" --epochs "$3" --seeds $seeds --sample-every "$4" --eval-every "$4" $d2
}

# A remedy on the 8,000-digit sample for 4 epochs = 500 steps, research 02's confirmation horizon, evaluated every
# epoch: $1 = pair, $2 = variant name, then its options.
remedy() {
  local pair=$1 name=$2
  shift 2
  # shellcheck disable=SC2086
  "$gan" script scripts/compare-losses.csx -- --experiment "aug-$pair-$name" --pair "$pair" --objective bce \
    --epochs 4 --seeds $seeds --sample-every 1 --eval-every 1 "$@" $d2
}

# A remedy on all 60,000 Fashion-MNIST images for 1 epoch = 938 steps, the horizon of size-fashion-mnist-60000 (G2+D2's
# no-remedy baseline), evaluated at the end: $1 = pair, $2 = variant name, then its options.
remedy_fashion() {
  local pair=$1 name=$2
  shift 2
  # shellcheck disable=SC2086
  "$gan" script scripts/compare-losses.csx -- --experiment "aug-fashion-$pair-$name" --pair "$pair" --objective bce \
    --dataset fashion-mnist --epochs 1 --seeds $seeds --sample-every 1 --eval-every 1 "$@" $d2
}

# G1+D1 on all 60,000 Fashion-MNIST images for the study's 100 epochs = 93,750 steps, fp32 as the study; one
# evaluation per 10 epochs: $1 = objective.
full_g1d1() {
  "$gan" script scripts/compare-losses.csx -- --experiment "full-g1d1-$1" --pair g1-d1 --objective "$1" \
    --dataset fashion-mnist --epochs 100 --seeds $seeds --sample-every 10 --eval-every 10 --threads 1 --out $out
}

section() {
  case "$1" in
    size-mnist) # 2,000, 4,000 and 8,000 digits: 24, 12 and 6 epochs = 750 steps; one evaluation per 125 steps
      size mnist-sample 2000 24 4
      size mnist-sample 4000 12 2
      size mnist-sample 8000 6 1 ;;
    size-fashion) # 8,000 and all 60,000 Fashion-MNIST images: 6 epochs = 750 steps, and 1 epoch = 938 steps
      size fashion-mnist 8000 6 1
      size fashion-mnist 60000 1 1 ;;
    size-fashion-20k) # 20,000 Fashion-MNIST images: 3 epochs = 939 steps
      size fashion-mnist 20000 3 1 ;;
    aug-g2) # DiffAugment and ADA on G2+D2; the no-remedy baseline is size-mnist-sample-8000, R1 is research 02's
      remedy g2-d2 diffaug --augment diffaug
      remedy g2-d2 ada-0.6-10 --augment ada:0.6:10 ;;
    aug-g3) # the same on G3+D2
      remedy g3-d2 diffaug --augment diffaug
      remedy g3-d2 ada-0.6-10 --augment ada:0.6:10 ;;
    aug-fashion) # question 2 on full Fashion-MNIST: G2+D2 and G3+D2 without and with DiffAugment, and G1+D1 with BCE at
      # the same step, the rescue criterion's yardstick there (fp32 as research 02's g1d1-reference). g2-d2 none is
      # size-fashion-mnist-60000's command under this section's name, so the table has its FD without size-fashion
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment fashion-g1d1-reference --pair g1-d1 --objective bce \
        --dataset fashion-mnist --epochs 1 --seeds $seeds --sample-every 1 --eval-every 1 --threads 1 --out $out
      remedy_fashion g2-d2 none
      remedy_fashion g3-d2 none
      remedy_fashion g3-d2 diffaug --augment diffaug
      remedy_fashion g2-d2 diffaug --augment diffaug ;;
    aug-r1) # DiffAugment on top of R1 on the sample, each pair with research 02's better γ (G2+D2 1, G3+D2 10)
      remedy g2-d2 diffaug-r1-1 --augment diffaug --d-reg r1:1
      remedy g3-d2 diffaug-r1-10 --augment diffaug --d-reg r1:10 ;;
    full-g1d1) # question 3: BCE and research 02's best objective, WGAN-GP, at the study's horizon
      full_g1d1 bce
      full_g1d1 wgan-gp ;;
    horizon-g3) # question 3: G3+D2 with research 02's best remedy for it, R1 (γ = 10), towards the study's 20 epochs
      # (18,760 steps) as far as the budget allows: 24 epochs of the sample = 3,000 steps, seed 0, evaluated every 500 steps
      # shellcheck disable=SC2086
      "$gan" script scripts/compare-losses.csx -- --experiment horizon-g3-d2-r1-10 --pair g3-d2 --objective bce --d-reg r1:10 \
        --epochs 24 --seeds 0 --sample-every 4 --eval-every 4 $d2 ;;
    report) dotnet fsi research/03-data-size/summary.fsx ;;
    *) echo "unknown section '$1'; sections: size-mnist size-fashion aug-g2 aug-g3 size-fashion-20k aug-fashion aug-r1 full-g1d1 horizon-g3 report" >&2
       exit 2 ;;
  esac
}

if (($# == 0)); then set -- size-mnist size-fashion aug-g2 aug-g3 size-fashion-20k aug-fashion aug-r1 full-g1d1 horizon-g3 report; fi
for s in "$@"; do section "$s"; done
