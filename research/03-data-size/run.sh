#!/usr/bin/env bash
# Every training run behind research/03-data-size/README.md, as named sections; with no argument all of them, in
# the order they were made. Runs land in runs/03-data-size/<experiment>/<variant>/seed-<n>/ and finished runs are
# kept when a section is run again, so an interrupted section resumes where it stopped.
#
#   research/03-data-size/run.sh [SECTION...]
#   sections: size-mnist size-fashion aug-g2 aug-g3 size-fashion-20k report
#
# Budget: at most 12 core-hours (this session's share: about 3) on a 2-vCPU AMD EPYC Zen 4 (avx512_bf16, no AMX),
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
    report) dotnet fsi research/03-data-size/summary.fsx ;;
    *) echo "unknown section '$1'; sections: size-mnist size-fashion aug-g2 aug-g3 size-fashion-20k report" >&2; exit 2 ;;
  esac
}

if (($# == 0)); then set -- size-mnist size-fashion aug-g2 aug-g3 size-fashion-20k report; fi
for s in "$@"; do section "$s"; done
