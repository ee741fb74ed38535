#!/usr/bin/env bash
# Executes notebooks headless through Jupyter and the .NET Interactive kernel, top to bottom; a cell error fails it.
#
#   notebooks/execute.sh                      regenerate the committed outputs of every notebook, in place
#   notebooks/execute.sh --quick --out DIR    the quick settings (GAN_NOTEBOOK_QUICK=1), outputs into DIR (as CI does)
#   notebooks/execute.sh [...] NAME.ipynb...  only these
#
# The kernel's own start-up script (an HTML output of the first cell that only a live browser session uses) is
# dropped from the outputs, and each notebook must stay under 1 MB. Regenerating quickstart in place also writes
# quickstart-samples.png (the README's picture) from its sample-grid cell. Set-up first: docs/notebooks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export PATH=/usr/bin:$PATH
out=""
notebooks=()
while (($#)); do
    case "$1" in
        --quick) export GAN_NOTEBOOK_QUICK=1 ;;
        --out) out="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
        *.ipynb) notebooks+=("$(basename "$1")") ;;
        *) echo "execute.sh: unknown argument '$1'; use --quick, --out DIR or NAME.ipynb" >&2; exit 2 ;;
    esac
    shift
done
((${#notebooks[@]})) || notebooks=(quickstart.ipynb compare-losses.ipynb bring-your-own.ipynb inspect-runs.ipynb)
dotnet build ../src/Gan.Notebooks -c Release -v quiet -nologo
dotnet build ../src/Gan.Cli -c Release -v quiet -nologo
for nb in "${notebooks[@]}"; do
    [[ -f $nb ]] || { echo "execute.sh: no notebook '$nb' in $here" >&2; exit 2; }
    target="${out:-$here}/$nb"
    start=$SECONDS
    # --allow-errors keeps the failing cell's output, which the check below reports and fails on.
    log=$(mktemp)
    jupyter nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.timeout=1800 "$nb" --output "$target" \
        > "$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; echo "execute.sh: $nb did not execute" >&2; exit 1; }
    rm -f "$log"
    python3 - "$target" "${out:-}" <<'PY'
import base64, json, os, sys
path, out = sys.argv[1], sys.argv[2]
nb = json.load(open(path))
for i, c in enumerate(nb["cells"]):
    outputs = c.get("outputs", [])
    if any(o.get("output_type") == "error" for o in outputs):
        said = "".join("".join(o.get("text", "")) for o in outputs if o.get("output_type") == "stream").strip()
        error = next(o for o in outputs if o.get("output_type") == "error")
        sys.exit(f"{path}: cell {i + 1} failed: {said or error.get('evalue', '').splitlines()[0]}")
for c in nb["cells"]:
    c["outputs"] = [o for o in c.get("outputs", [])
                    if "dotnet-interactive-this-cell" not in "".join(o.get("data", {}).get("text/html", ""))]
json.dump(nb, open(path, "w"), indent=1, ensure_ascii=False)
open(path, "a").write("\n")
size = os.path.getsize(path)
if size > 1_000_000:
    sys.exit(f"{path}: {size} bytes, over the 1 MB a committed notebook may have; downscale its pictures")
print(f"{os.path.basename(path)}: {size // 1024} KB")
if not out and os.path.basename(path) == "quickstart.ipynb":
    grid = next(o["data"]["image/png"] for c in nb["cells"] if "LatestGrid()" in "".join(c["source"])
                for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    open(os.path.join(os.path.dirname(path), "quickstart-samples.png"), "wb").write(base64.b64decode("".join(grid)))
PY
    echo "$nb: executed in $((SECONDS - start)) s"
done
