#!/usr/bin/env bash
# The compute-path matrix: the float64 trajectory tests under several compute configurations of this machine, each
# of which rounds differently (README.md, "Compute-path independence"). Every configuration must pass; the table at
# the end is each one's worst deviation from the recordings, the rounding drift the tolerance has to cover.
#   tests/Gan.Regression/compute-matrix.sh                 # every configuration, after a Release build
#   tests/Gan.Regression/compute-matrix.sh pinned threads2 # only these
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
ORDER=(native aten-default aten-avx2 onednn-sse41.mkl-compatible pinned threads2)
if has avx512f; then CONFIGS[aten-avx512]="ATEN_CPU_CAPABILITY=avx512"; ORDER+=(aten-avx512); fi

names=() filter="FullyQualifiedName~TrainingTrajectoryTests"
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
echo "| configuration | cases | worst deviation | where |"
echo "| --- | ---: | ---: | --- |"
for name in "${names[@]}"; do
    log="$out/$name.tsv"
    sort -t$'\t' -k3 -g "$log" | tail -1 | awk -F'\t' -v n="$name" -v c="$(wc -l < "$log")" '{ printf "| %s | %d | %s | %s: %s |\n", n, c, $3, $2, $4 }'
done
rm -rf "$out"
exit $status
