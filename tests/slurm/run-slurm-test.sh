#!/usr/bin/env bash
# A sweep against a real Slurm: starts a single-node cluster on this machine (munge, slurmctld, slurmd from Debian's
# packages; configuration, state and logs in a temporary folder; loopback only), submits a 4-task grid with
# `gan script scripts/k-to-1.csx -- ... --slurm`, requeues one running task with `scontrol requeue`, and checks that
# every task completed exactly once, that the requeued one resumed from the checkpoint its SIGTERM wrote, that no
# step is in a metrics.csv twice, and that every task's losses equal those of a local `--task i` run.
#
# Needs root (the daemons run as root) and a Release build (dotnet build Research.sln -c Release). Installs
# slurm-wlm and munge with apt-get when sbatch is missing. Usage: sudo tests/slurm/run-slurm-test.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
gan="$repo/src/Gan.Cli/bin/Release/net10.0/gan"
script="$repo/scripts/k-to-1.csx"
# 4 tasks of k-to-1 (ids 0, 1, 2, 4: k5 is left out) on 4096 images for 3 epochs (k1: 3 × 64 steps): long enough to
# requeue one mid-run.
grid=(--quick --variants k1,k2,k3,1to2 --subset 4096 --epochs 3)
requeued=0

[[ $(id -u) == 0 ]] || { echo "run as root: the Slurm and munge daemons of the test cluster run as root" >&2; exit 2; }
[[ -x $gan ]] || { echo "no $gan; build first: dotnet build Research.sln -c Release" >&2; exit 2; }
if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi

tmp=$(mktemp -d /tmp/gan-slurm-test.XXXXXX)
chmod 700 "$tmp"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ ${KEEP:-0} == 1 ]]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    for f in "$tmp"/log/*.log "$tmp"/work/runs/k-to-1/logs/*.log; do [[ -f $f ]] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
    exit 1
}
wait_for() { # SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s
    local until=$((SECONDS + $1)) what=$2
    shift 2
    until "$@"; do ((SECONDS < until)) || fail "timed out waiting for $what"; sleep 0.2; done
}

mkdir -p "$tmp"/{munge,state,spool,log,work}
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --force --foreground --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
    --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" --log-file="$tmp/log/munged.log" \
    > "$tmp/log/munged.out" 2>&1 &
pids+=($!)
wait_for 10 "munged's socket" test -S "$tmp/munge/munge.socket"

cpus=$(nproc)
mem_mb=$(($(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) - 1024))
export SLURM_CONF="$tmp/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=gantest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# cred_expire also delays a requeued job's restart (default 120 s).
AuthInfo=socket=$tmp/munge/munge.socket,cred_expire=10
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
JobRequeue=1
KillWait=60
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i > "$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N localhost > "$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
wait_for 60 "the node to be idle" bash -c '[[ $(sinfo -h -n localhost -o %t 2>/dev/null) == idle ]]'
echo "cluster up: $(sinfo -h -o '%P %D node(s) %c CPUs %m MB %t')"

cd "$tmp/work"
submitted=$("$gan" script "$script" -- "${grid[@]}" --slurm --cpus-per-task 1 --mem 2G --time 00:20:00)
echo "$submitted"
job=$(sed -n 's/^Submitted batch job \([0-9]*\)$/\1/p' <<< "$submitted")
[[ -n $job ]] || fail "no job id in sbatch's output"
runs=runs/k-to-1
metrics="$runs/k1/seed-0/metrics.csv"

# Requeue task 0 once epoch 1 (64 steps) is in its metrics.csv, well before it finishes (192 steps).
wait_for 300 "task $requeued to finish epoch 1" bash -c "[[ -f $metrics && \$(wc -l < $metrics) -gt 64 ]]"
scontrol requeue "${job}_$requeued"
echo "requeued ${job}_$requeued at step $(($(wc -l < "$metrics") - 1))"
wait_for 900 "the array to finish" bash -c "[[ -z \$(squeue -h -j $job 2>/dev/null) ]]"
"$gan" sweep status "$runs"

# Every task completed exactly once, and the requeued one resumed from the checkpoint its SIGTERM wrote.
for id in 0 1 2 4; do
    log="$runs/logs/task-$id.log"
    [[ $(grep -c ": completed, " "$log") == 1 ]] || fail "task $id: not exactly one completed line in $log"
done
log0="$runs/logs/task-$requeued.log"
stopped=$(sed -n 's/.*: interrupted, \([0-9]*\) steps in.*/\1/p' "$log0")
resumed=$(sed -n 's/.*: resuming from step-0*\([0-9]*\)$/\1/p' "$log0")
[[ -n $stopped && $stopped == "$resumed" ]] || fail "task $requeued: interrupted at step '$stopped', resumed from step '$resumed'"
echo "task $requeued: interrupted at step $stopped by the requeue, resumed from its checkpoint step-$resumed"

# The same grid locally, two tasks at a time with one thread each (as each Slurm task had one CPU).
"$gan" script "$script" -- "${grid[@]}" --out local --jobs 2 --threads 1 > local.log
for run in k1 k2 k3 1to2; do
    a="$runs/$run/seed-0/metrics.csv" b="local/k-to-1/$run/seed-0/metrics.csv"
    steps=$(sed -n 's/.*"steps": *\([0-9]*\).*/\1/p' "$runs/$run/seed-0/summary.json")
    [[ $(tail -n +2 "$a" | cut -d, -f1 | sort -n | uniq | wc -l) == "$steps" && $(($(wc -l < "$a") - 1)) == "$steps" ]] \
        || fail "$run: metrics.csv does not hold steps 1..$steps once each"
    # Everything but the wall-clock column: losses, D(x), D(G(z)) and step counters.
    cmp <(cut -d, -f1-8 "$a") <(cut -d, -f1-8 "$b") >/dev/null || fail "$run: Slurm and local metrics differ"
    echo "$run: $steps steps once each, metrics identical to the local run ($(tail -n 1 "$a" | cut -d, -f3,4 | sed 's/,/ G /; s/^/final D /'))"
done
echo "slurm test: passed"
