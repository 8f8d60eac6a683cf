#!/usr/bin/env bash
# What watching the model costs in serving throughput, measured in alternating rounds
# (benchmarks/interleaved.py: A B A B ..., a fresh server each run, medians and per-round ratios):
#   1. the model metrics (probability and token histograms, unknown words, the drift window):
#      BEFORE_BIN, an `american` built from a commit before them (e.g. c6609f5), against this one;
#      target: at least 0.95 of it;
#   2. a shadow model at the default sample rate (0.1): this binary with --shadow-model
#      against itself without; target: at least 0.85 of it.
#
#   BEFORE_BIN=/path/to/old/american bash benchmarks/observability.sh [--rounds 5] [--duration 10]
# Environment: AMERICAN_BIN (default .build-release/release/american), SHARED_DIR.
# Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${AMERICAN_BIN:-.build-release/release/american}"
[ -x "$bin" ] || { echo "observability.sh: no $bin (swift build -c release --build-path .build-release)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "observability.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
bash benchmarks/setup-venv.sh >&2
python=benchmarks/.venv/bin/python
verdict() { # verdict OUTPUT TARGET: the median ratio of the last line against the target
    local ratio
    ratio=$(grep -oE 'median [0-9.]+' <<<"$1" | tail -1 | cut -d' ' -f2)
    awk -v r="$ratio" -v t="$2" 'BEGIN { printf "median B/A %s, target >= %s: %s\n", r, t, (r >= t ? "met" : "MISSED") }'
}
if [ -n "${BEFORE_BIN:-}" ]; then
    echo "== 1. the model metrics: A = $BEFORE_BIN (before them), B = $bin"
    out=$("$python" benchmarks/interleaved.py --a "$BEFORE_BIN" --b "$bin" "$@")
    echo "$out"
    verdict "$out" 0.95
else
    echo "== 1. skipped: set BEFORE_BIN to an american built before the model metrics"
fi
echo "== 2. a shadow model at the default sample rate: A = $bin, B = $bin --shadow-model models/american.model.json"
out=$("$python" benchmarks/interleaved.py --a "$bin" --b "$bin" --b-args "--shadow-model models/american.model.json" "$@")
echo "$out"
verdict "$out" 0.85
