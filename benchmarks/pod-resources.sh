#!/usr/bin/env bash
# What one pod costs, for the Deployment's requests and limits: CPU time per request
# and resident memory of the release `american serve` with the shipped model, under
# wrk at a few loads (1, 8 and 32 connections, POSTing 1,000 real tweets rotated).
#
#   bash benchmarks/pod-resources.sh [BIN]      # default .build-release/release/american
#
# CPU is the server's utime + stime from /proc/PID/stat over each run (the kernel's own
# accounting, so it does not depend on how busy the rest of the machine is, unlike
# req/s); RSS is VmRSS after the model loads and VmHWM (peak) after each run. Prints
# one line per load and what 100m of CPU and the memory request then allow.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=scripts/lib/american-server.sh
. scripts/lib/american-server.sh

BIN="${1:-.build-release/release/american}"
PORT="${PORT:-18290}"
SECONDS_PER_LOAD="${SECONDS_PER_LOAD:-10}"
BODIES=benchmarks/out/bodies.jsonl
[ -x "$BIN" ] || { log "no executable $BIN (build: swift build -c release --product american)"; exit 2; }
command -v wrk >/dev/null || { log "wrk is needed (apt-get install wrk)"; exit 2; }
if [ ! -s "$BODIES" ]; then
    mkdir -p benchmarks/out
    python3 - "${SHARED_DIR:-../shared}/test.csv" "$BODIES" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[:1000]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in rows:
        out.write(json.dumps({"text": row["text"]}) + "\n")
PY
fi

start_american_server "$BIN" "$PORT" models/american.model.json
wait_american_ready "http://127.0.0.1:$PORT"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
status_kib() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$SERVER_PID/status"; }
ticks_per_second="$(getconf CLK_TCK)"
printf 'model %s, RSS once ready %.1f MiB\n' "$(sha256sum models/american.model.json | cut -c1-12)" "$(status_kib VmRSS | awk '{print $1 / 1024}')"
printf '%-12s %10s %10s %12s %14s %12s\n' connections requests "req/s" "CPU s" "CPU us/req" "peak MiB"
for connections in 1 8 32; do
    before="$(cpu_ticks)"
    requests="$(wrk -t1 -c"$connections" -d"${SECONDS_PER_LOAD}s" -s benchmarks/wrk/post_tweets.lua \
        "http://127.0.0.1:$PORT" -- "$BODIES" | sed -n 's/^WRK_JSON //p' | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')"
    after="$(cpu_ticks)"
    python3 - "$connections" "$requests" "$before" "$after" "$ticks_per_second" "$SECONDS_PER_LOAD" "$(status_kib VmHWM)" <<'PY'
import sys
connections, requests, before, after, hz, seconds, peak = sys.argv[1:]
cpu = (int(after) - int(before)) / int(hz)
per = cpu / int(requests) * 1e6
print(f"{connections:<12} {int(requests):>10,} {int(requests) / int(seconds):>10,.0f} {cpu:>12.2f} {per:>14.1f} {int(peak) / 1024:>12.1f}")
print(f"{'':12} at {per:.0f} us of CPU a request, 100m of CPU serves {0.1 / per * 1e6:,.0f} req/s")
PY
done
