#!/usr/bin/env bash
# Creates benchmarks/.venv (git-ignored) and installs benchmarks/requirements.txt.
# Idempotent: does nothing when the venv already holds the current requirements.
# Usage: bash benchmarks/setup-venv.sh        (PYTHON=python3.11 to pick the interpreter)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
requirements="$here/requirements.txt"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup-venv: $python not found; install python3 and python3-venv (apt-get install -y python3 python3-venv)" >&2
    exit 1
fi

stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    echo "setup-venv: $venv is up to date"
    exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
    echo "setup-venv: creating $venv with $("$python" --version 2>&1)"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$requirements"
echo "$wanted" > "$stamp"
echo "setup-venv: installed $(grep -cvE '^\s*(#|$)' "$requirements") pinned packages into $venv"
