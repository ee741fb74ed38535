#!/usr/bin/env bash
# The compute-path matrix: the float64 trajectory tests (and the float32/bf16-mixed envelope and in-process
# bit-identity tests) under several compute configurations of this machine, each
# of which rounds differently (README.md, "Compute-path independence"). Every configuration must pass; the table at
# the end is each one's worst deviation from the recordings, the rounding drift the tolerance has to cover.
#   tests/Gan.Regression/compute-matrix.sh                 # every configuration but native, after a Release build
#   tests/Gan.Regression/compute-matrix.sh pinned threads2 # only these (native: no variable set, what dotnet test runs)
# Not in the default set: aten-default, ATen's scalar build (a CPU without AVX2, or ARM). Its random kernels draw other
# float32 numbers from the same seed (normal_fill without AVX2, uniform_'s arithmetic), so its initial weights and
# noise differ from every AVX2 build's and its trajectories are other runs (README.md, "What holds where").
#   tests/Gan.Regression/compute-matrix.sh native -- "Name~G1D1"   # a narrower filter, ANDed with the trajectory tests'
set -euo pipefail
cd "$(dirname "$0")/../.."
has() { grep -qw "$1" /proc/cpuinfo 2>/dev/null; }

declare -A CONFIGS=(
    [native]=""
    [aten-default]="ATEN_CPU_CAPABILITY=default"
    [aten-avx2]="ATEN_CPU_CAPABILITY=avx2"
    [onednn-sse41.mkl-compatible]="ONEDNN_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE MKL_ENABLE_INSTRUCTIONS=SSE4_2"
    [pinned]="GAN_COMPUTE_PATHS=pinned"
    [threads2]="GAN_REGRESSION_THREADS=2"
)
ORDER=(aten-avx2 onednn-sse41.mkl-compatible pinned threads2)
if has avx512f; then CONFIGS[aten-avx512]="ATEN_CPU_CAPABILITY=avx512"; ORDER+=(aten-avx512); fi

names=() filter="(FullyQualifiedName~TrainingTrajectoryTests|FullyQualifiedName~LowPrecisionTests)"
while [[ $# -gt 0 ]]; do
    if [[ $1 == -- ]]; then filter="$filter&$2"; break; fi
    names+=("$1"); shift
done
[[ ${#names[@]} -gt 0 ]] || names=("${ORDER[@]}")

out=$(mktemp -d)
status=0
for name in "${names[@]}"; do
    [[ -v CONFIGS[$name] ]] || { echo "compute-matrix: no configuration '$name' (have: ${ORDER[*]})" >&2; exit 2; }
    log="$out/$name.tsv"
    : > "$log"
    echo "== $name: ${CONFIGS[$name]:-(no variable: the paths LibTorch picks for this CPU)}"
    set +e
    env ${CONFIGS[$name]} GAN_REGRESSION_DEVIATIONS="$log" \
        dotnet test tests/Gan.Regression -c Release --no-build --filter "$filter" > "$out/$name.log" 2>&1
    rc=$?
    set -e
    grep -E "^\s+Failed |first over tolerance|Passed!|Failed!" "$out/$name.log" || true
    [[ $rc == 0 ]] || status=1
done
echo
echo "| configuration | float64 trajectories: worst deviation | where | float32 / bf16-mixed envelope: worst deviation | where |"
echo "| --- | ---: | --- | ---: | --- |"
worst() { awk -F'\t' -v t="$1" '$1 == t' "$2" | sort -t$'\t' -k3 -g | tail -1 | awk -F'\t' '{ printf "%s | %s: %s", $3, $2, $4 }'; }
for name in "${names[@]}"; do
    log="$out/$name.tsv"
    echo "| $name | $(worst Trajectory_is_unchanged "$log") | $(worst First_iterations_stay_inside_the_envelope_around_float64 "$log") |"
done
rm -rf "$out"
exit $status
