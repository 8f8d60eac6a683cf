#!/usr/bin/env bash
# One command for all the benchmarks: serving (ours vs Flask+gunicorn vs
# FastAPI+uvicorn vs bare Hummingbird, under wrk), prediction alone, training
# and accuracy parity with scikit-learn, start-up time and image size.
# Writes BENCHMARKS.md at the repo root (raw outputs in benchmarks/out/).
#
# Usage: bash benchmarks/run.sh [runner options, e.g. --duration 10 --skip-parity]
# Environment: SHARED_DIR (default <repo root>/../shared), NO_BUILD=1 to use the
# binaries as they are, AMERICAN_BIN / BARE_BIN, SERVER_CPUS / WRK_CPUS
# (taskset CPU lists), BENCH_PORT_BASE (default 39180).
# Run it on an otherwise idle machine: it measures throughput and latency.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

shared="${SHARED_DIR:-$root/../shared}"
for f in training.csv test.csv corona-nlp-geolabelled.csv; do
    [[ -f "$shared/data/$f" ]] || { echo "run.sh: missing $shared/data/$f (set SHARED_DIR)" >&2; exit 1; }
done

# 1. Tools: wrk (Debian package), taskset (util-linux), the Python venv.
apt_updated=0
apt_install() {
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    log "installing $* (apt-get)"
    if [[ "$apt_updated" == 0 ]]; then $sudo apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
command -v wrk >/dev/null 2>&1 || apt_install wrk
"${PYTHON:-python3}" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
command -v taskset >/dev/null 2>&1 || log "taskset not found: servers and wrk will not be pinned"
bash benchmarks/setup-venv.sh >&2

# 2. Our release binaries (static Swift stdlib, as shipped).
if [[ "${NO_BUILD:-0}" != "1" ]]; then
    for product in american bare-server; do
        log "building $product (swift build -c release --static-swift-stdlib --scratch-path .build-release)"
        if ! swift build -c release --static-swift-stdlib --scratch-path .build-release --product "$product" >&2; then
            log "building $product failed: its rows will say n/a"
        fi
    done
fi

# 3. Measure and write BENCHMARKS.md.
exec benchmarks/.venv/bin/python benchmarks/runner.py "$@"
