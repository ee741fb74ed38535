#!/usr/bin/env bash
# Accepts an intended change to what training computes (a new default, a fixed bug; never a new machine: README.md,
# "When it fails"). Runs the regression suite with Snapshooter's strict mode off (so missing snapshots are written)
# and GAN_RECORD_TRAJECTORIES=1 (so every float64 trajectory the run computes is written over its recording), moves
# every snapshot that mismatched (Snapshooter leaves the actual value in __snapshots__/__mismatch__) over the stored
# one, then reruns the suite in strict mode to prove it is green. Review the result with
# `git diff -- tests/Gan.Regression/__snapshots__ tests/Gan.Regression/trajectories` before committing: only the cases
# you expected may move. Extra arguments go to both dotnet test runs, e.g. --filter "Name~G1D1".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
snapshots="$here/__snapshots__"
rm -rf "$snapshots/__mismatch__" "$here/trajectories/__mismatch__"
GAN_RECORD_TRAJECTORIES=1 SNAPSHOOTER_STRICT_MODE=false dotnet test "$here" -c Release "$@" || true
if [ -d "$snapshots/__mismatch__" ]; then
    for f in "$snapshots"/__mismatch__/*.snap; do
        echo "accepted: $(basename "$f")"
        mv "$f" "$snapshots/"
    done
    rm -rf "$snapshots/__mismatch__"
fi
SNAPSHOOTER_STRICT_MODE=true dotnet test "$here" -c Release --no-build "$@"
git -C "$here" status --short .
