#!/usr/bin/env bash
# Accepts an intended change to what training computes. Runs the regression suite with strict mode off (so missing
# snapshots are written), moves every snapshot that mismatched (Snapshooter leaves the actual value in
# __snapshots__/__mismatch__) over the stored one, then reruns the suite in strict mode to prove it is green. Review
# the result with `git diff -- tests/Gan.Regression/__snapshots__` before committing. Extra arguments go to both
# dotnet test runs, e.g. --filter "Name~G1D1".
set -euo pipefail
snapshots="$(cd "$(dirname "$0")" && pwd)/__snapshots__"
rm -rf "$snapshots/__mismatch__"
SNAPSHOOTER_STRICT_MODE=false dotnet test "$snapshots/.." -c Release "$@" || true
if [ -d "$snapshots/__mismatch__" ]; then
    for f in "$snapshots"/__mismatch__/*.snap; do
        echo "accepted: $(basename "$f")"
        mv "$f" "$snapshots/"
    done
    rm -rf "$snapshots/__mismatch__"
fi
SNAPSHOOTER_STRICT_MODE=true dotnet test "$snapshots/.." -c Release --no-build "$@"
git -C "$snapshots" status --short .
