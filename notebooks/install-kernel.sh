#!/usr/bin/env bash
# Installs the .NET Interactive kernel (C# and F#) for Jupyter, pinned by .config/dotnet-tools.json, and builds the
# notebook helper the notebooks load. Run after `dotnet tool restore`. Needs Jupyter: Debian's jupyter-nbconvert and
# jupyter-notebook (installed here when run as root and missing).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's jupyter runs on Debian's python3, whatever python3 comes first on PATH.
export PATH=/usr/bin:$PATH
if ! command -v jupyter >/dev/null || ! jupyter nbconvert --version >/dev/null 2>&1; then
    if [[ $(id -u) == 0 ]]; then
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q jupyter-nbconvert jupyter-notebook
    else
        echo "install-kernel.sh: Jupyter is missing; install it with 'sudo apt-get install jupyter-nbconvert jupyter-notebook' and run this again" >&2
        exit 1
    fi
fi
kernels="$(jupyter --data-dir)/kernels"
mkdir -p "$kernels"
dotnet interactive jupyter install --path "$kernels"
dotnet build src/Gan.Notebooks -c Release -v quiet -nologo
dotnet build src/Gan.Cli -c Release -v quiet -nologo
# Debian's jupyter has no kernelspec subcommand without jupyter-client's scripts: check the file it reads instead.
[[ -f $kernels/.net-csharp/kernel.json ]] || { echo "install-kernel.sh: no C# kernel in $kernels after installing it" >&2; exit 1; }
echo "install-kernel.sh: the .NET (C#) kernel is in $kernels"
