#!/usr/bin/env bash
# Side-by-side step benchmark: the study's PyTorch loop (bench/pytorch/study_step.py) against `gan bench`, same
# machine, same data, same batch, same thread count, runs alternating so drifting load hits both sides alike.
# Prints per pair and thread count the median over repetitions of each run's median ms/step, ours / PyTorch, and
# our step against its floor on this CPU (`gan bench --floor`: the step's products and convolutions alone).
# A benchmark, not a test: run it on a quiet machine for numbers worth quoting.
#
#   bench/compare.sh                      # 1 thread (headline) and 2 threads, all three pairs, 3 repetitions
#   bench/compare.sh --pairs g1-d1 --threads 1 --reps 5 --steps-d1 1000
#   bench/compare.sh --quick              # fewer steps and 1 repetition, a smoke run of a few minutes
#   bench/compare.sh --gan-args "--joint-d-batch"   # our side with an opt-in speed-up (not bit-identical)
#   bench/compare.sh --pytorch-malloc     # PyTorch also keeps large blocks in glibc's heap, as gan does by itself
#   bench/compare.sh --precisions "fp32 bf16-mixed"   # both sides in each precision (PyTorch's: torch.autocast)
#
# Needs: the .NET 10 SDK, and Debian's python3-torch with OpenBLAS (installed here when missing and running as
# root: apt-get install python3-torch libopenblas0-pthread). Both sides run with OMP_WAIT_POLICY=PASSIVE, and
# PyTorch with OPENBLAS_NUM_THREADS set to the thread count.
set -euo pipefail
cd "$(dirname "$0")/.."

pairs="g1-d1 g2-d2 g3-d2"
threads="1 2"
reps=3
steps_d1=500 warmup_d1=50
steps_d2=12 warmup_d2=2
out=bench/results
gan_args=""
precisions="fp32"
pytorch_env=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs) pairs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --steps-d1) steps_d1="$2"; shift 2 ;;
    --steps-d2) steps_d2="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --gan-args) gan_args="$2"; shift 2 ;;
    --pytorch-malloc) # the settings gan applies with mallopt at start (MallocTuning), as environment variables
      pytorch_env=(MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456); shift ;;
    --quick) reps=1; steps_d1=200; warmup_d1=20; steps_d2=4; warmup_d2=1; shift ;;
    --precisions) precisions="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "compare.sh: installing Debian's python3-torch and OpenBLAS (apt-get)" >&2
    apt-get update -q && apt-get install -y -q python3-torch libopenblas0-pthread >&2
  else
    echo "compare.sh: PyTorch not found for $python; run: sudo apt-get install python3-torch libopenblas0-pthread" >&2
    exit 2
  fi
fi
# grep -c reads to the end: grep -q would stop early and, under pipefail, ldconfig's SIGPIPE would fail the check.
if ! ldconfig -p | grep -c 'libopenblas.*pthread\|libopenblas.so.0' >/dev/null; then
  echo "compare.sh: warning: no OpenBLAS; Debian's torch then uses the reference BLAS and D2 pairs run ~10x slower" \
       "(apt-get install libopenblas0-pthread)" >&2
fi

echo "building gan (Release)..." >&2
dotnet build src/Gan.Cli -c Release -v quiet -nologo >&2
gan=src/Gan.Cli/bin/Release/net10.0/gan

export OMP_WAIT_POLICY=PASSIVE
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dir="$out/$stamp"
mkdir -p "$dir"

run() { # side pair threads rep precision
  local side=$1 pair=$2 t=$3 rep=$4 precision=$5 steps warmup
  if [[ $pair == g1-d1 ]]; then steps=$steps_d1 warmup=$warmup_d1; else steps=$steps_d2 warmup=$warmup_d2; fi
  local json="$dir/$side-$pair-t$t-$precision-r$rep.json"
  if [[ $side == pytorch ]]; then
    # Debian's torch calls OpenBLAS, whose own thread pool ignores torch.set_num_threads and spins a thread per core.
    env "${pytorch_env[@]}" OPENBLAS_NUM_THREADS=$t "$python" bench/pytorch/study_step.py --pair "$pair" --steps "$steps" --warmup "$warmup" --threads "$t" --precision "$precision" --json "$json" >&2
  else
    # shellcheck disable=SC2086 # gan_args is a list of options
    "$gan" bench --pair "$pair" --steps "$steps" --warmup "$warmup" --threads "$t" --precision "$precision" --floor --json "$json" $gan_args >&2
  fi
}

for t in $threads; do
  for pair in $pairs; do
    for precision in $precisions; do
      for ((r = 1; r <= reps; r++)); do
        # Alternate which side goes first, so neither always runs on a warmer (or busier) machine.
        if (( r % 2 )); then run pytorch "$pair" "$t" "$r" "$precision"; run gan "$pair" "$t" "$r" "$precision"
        else run gan "$pair" "$t" "$r" "$precision"; run pytorch "$pair" "$t" "$r" "$precision"; fi
      done
    done
  done
done

"$python" - "$dir" "$reps" "${pytorch_env[*]}" <<'EOF'
import glob, json, os, statistics, sys
d, reps, pytorch_env = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = {}
for path in sorted(glob.glob(os.path.join(d, "*.json"))):
    r = json.load(open(path))
    side = "pytorch" if os.path.basename(path).startswith("pytorch") else "gan"
    rows.setdefault((r["pair"], r["threads"], r.get("precision", "fp32")), {}).setdefault(side, []).append(r)
machine = next(iter(next(iter(rows.values())).values()))[0]["machine"]
print(f"\nmachine: {machine}, {os.cpu_count()} logical CPUs; batch 64, k=1; median of {reps} runs' medians; "
      f"OMP_WAIT_POLICY=PASSIVE; results in {d}")
ours = next((x["implementation"].replace(" --precision bf16-mixed", "") for v in rows.values() for x in v.get("gan", [])), "gan")
print(f"ours: {ours}; PyTorch malloc: {'glibc defaults' if not pytorch_env else pytorch_env}")
head = f"{'pair':7} {'threads':>7} {'precision':>10} {'PyTorch ms/step':>16} {'ours ms/step':>13} {'ratio':>6}   {'PyTorch CPU ms':>14} {'ours CPU ms':>11} {'CPU ratio':>9}   {'floor ms':>9} {'ours/floor':>10}   {'ours peak RSS':>13}"
print(head)
print("-" * len(head))
for (pair, t, precision), sides in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2] != "fp32")):
    if "pytorch" not in sides or "gan" not in sides:
        continue
    med = lambda side, key: statistics.median(x[key] for x in sides[side])
    p, g = med("pytorch", "medianMs"), med("gan", "medianMs")
    pc, gc = med("pytorch", "medianCpuMs"), med("gan", "medianCpuMs")
    rss = max(x["peakRssBytes"] or 0 for x in sides["gan"]) / 2**20
    floors = [x["floorMs"] for x in sides["gan"] if x.get("floorMs")]
    f = statistics.median(floors) if floors else float("nan")
    print(f"{pair:7} {t:>7} {precision:>10} {p:>16.2f} {g:>13.2f} {g / p:>6.2f}   {pc:>14.2f} {gc:>11.2f} {gc / pc:>9.2f}   {f:>9.2f} {g / f:>10.2f}   {rss:>9.0f} MiB")
print("\nratio = ours / PyTorch wall ms per step (lower is better); CPU columns: process CPU time per step, which a "
      "busy machine disturbs less than wall time; floor: our step's products and convolutions alone, each timed as a "
      "plain LibTorch op in that precision (gan bench --floor). bf16-mixed: ours multiplies in bf16 and hands float32 between layers; "
      "PyTorch's side runs its models under torch.autocast(bfloat16).")
EOF
