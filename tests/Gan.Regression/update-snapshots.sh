#!/usr/bin/env bash
# Accepts an intended change to what training computes. Runs the regression suite with strict mode off (so missing
# snapshots are written), moves every snapshot that mismatched (Snapshooter leaves the actual value in __mismatch__)
# over the stored one, then reruns the suite in strict mode to prove it is green. Review the result with
# `git diff -- tests/Gan.Regression/__snapshots__` before committing. Extra arguments go to both dotnet test runs,
# e.g. --filter "FullyQualifiedName~G1D1".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$here/__mismatch__"
SNAPSHOOTER_STRICT_MODE=false dotnet test "$here" -c Release "$@" || true
if [ -d "$here/__mismatch__" ]; then
    for f in "$here"/__mismatch__/*.snap; do
        echo "accepted: $(basename "$f")"
        mv "$f" "$here/__snapshots__/"
    done
    rm -rf "$here/__mismatch__"
fi
SNAPSHOOTER_STRICT_MODE=true dotnet test "$here" -c Release --no-build "$@"
git -C "$here" status --short -- __snapshots__
