#!/usr/bin/env bash
# Soak test: holds `american serve` under wrk load for SOAK_SECONDS, POSTing real
# tweets, while sampling the server's RSS, open file descriptors and threads from
# /proc. Fails when any request failed (non-2xx or socket error), when memory or
# file descriptors are not flat, or when the server dies. Writes a CSV of samples,
# an SVG plot and a summary (scripts/lib/soak_report.py).
#
#   scripts/soak.sh                              # 10 minutes, output in out/soak/
#   SOAK_SECONDS=60 scripts/soak.sh              # what .ci/run does
#   SOAK_OUT=docs/soak scripts/soak.sh           # the committed figures
#
# Environment:
#   SOAK_SECONDS         load duration (default 600)
#   SOAK_CONNECTIONS     wrk connections (default 64)
#   SOAK_THREADS         wrk threads (default 2)
#   SOAK_SAMPLE_SECONDS  sampling interval (default 10; 2 when SOAK_SECONDS < 300)
#   SOAK_OUT             output folder (default out/soak, git-ignored)
#   SOAK_RSS_RATIO       allowed last-third / first-third mean RSS (default 1.2)
#   SOAK_FD_SLACK        allowed fd growth, last third over first third and after vs before (default 8)
#   AMERICAN_BIN         server binary (default .build-release/release/american, else
#                        .build/debug/american; built with swift build when neither exists)
#   PORT                 loopback port (default 18090)
#   MODEL_FILE           model (default models/american.model.json)
#   SHARED_DIR           shared data folder (default ../shared); tweets from data/test.csv
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_SECONDS="${SOAK_SECONDS:-600}"
SOAK_CONNECTIONS="${SOAK_CONNECTIONS:-64}"
SOAK_THREADS="${SOAK_THREADS:-2}"
if [ "$SOAK_SECONDS" -ge 300 ]; then default_interval=10; else default_interval=2; fi
SOAK_SAMPLE_SECONDS="${SOAK_SAMPLE_SECONDS:-$default_interval}"
SOAK_OUT="${SOAK_OUT:-out/soak}"
SOAK_RSS_RATIO="${SOAK_RSS_RATIO:-1.2}"
SOAK_FD_SLACK="${SOAK_FD_SLACK:-8}"
PORT="${PORT:-18090}"
MODEL_FILE="${MODEL_FILE:-models/american.model.json}"
SHARED_DIR="${SHARED_DIR:-$PWD/../shared}"
URL="http://127.0.0.1:$PORT"

log() { printf '[soak %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

# --- tools -----------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
# shellcheck source=scripts/lib/apt.sh
. scripts/lib/apt.sh
apt_install "${need[@]}"

if [ -z "${AMERICAN_BIN:-}" ]; then
    if [ -x .build-release/release/american ]; then AMERICAN_BIN=.build-release/release/american
    elif [ -x .build/debug/american ]; then AMERICAN_BIN=.build/debug/american
    else
        log "no server binary: swift build --product american"
        swift build --product american >/dev/null
        AMERICAN_BIN=.build/debug/american
    fi
fi
case "$AMERICAN_BIN" in *release*) build_kind=release ;; *debug*) build_kind=debug ;; *) build_kind=unknown ;; esac

# --- request bodies: real tweets ---------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/american-soak.XXXXXX")"
SERVER_PID=""
SAMPLER_PID=""
cleanup() {
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

csv_data="$SHARED_DIR/data/test.csv"
[ -f "$csv_data" ] || die "no $csv_data (set SHARED_DIR)"
python3 - "$csv_data" "$work/bodies.jsonl" <<'EOF'
import csv, json, sys
source, target = sys.argv[1:]
count = 0
with open(source, newline="", encoding="utf-8", errors="replace") as f, open(target, "w", encoding="utf-8") as out:
    for row in csv.DictReader(f, delimiter=";"):
        text = (row.get("text") or "").strip()
        if text:
            out.write(json.dumps({"text": text}) + "\n")
            count += 1
        if count >= 1000:
            break
print(f"{count} request bodies", file=sys.stderr)
EOF

# --- server -----------------------------------------------------------------------------------
mkdir -p "$SOAK_OUT"
log "starting $AMERICAN_BIN ($build_kind) on $URL"
"$AMERICAN_BIN" serve --host 127.0.0.1 --port "$PORT" --model "$MODEL_FILE" --log-level warning --drain-seconds 1 \
    >"$work/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
    curl -fsS "$URL/readyz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$work/server.log" >&2; die "the server exited"; }
    sleep 0.5
done
curl -fsS "$URL/readyz" >/dev/null || die "not ready after 60 s"

# --- sampler ----------------------------------------------------------------------------------
samples="$SOAK_OUT/soak-samples.csv"
sample() { # sample PHASE
    local rss fds threads requests
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo)"
    threads="$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo)"
    fds="$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
    requests="$(curl -fsS --max-time 5 "$URL/metrics" 2>/dev/null \
        | awk '/^american_http_requests_total[{ ]/ {sum += $NF} END {printf "%d", sum}')"
    printf '%s,%s,%s,%s,%s,%s\n' "$(awk -v s="$start_ns" -v n="$(date +%s%N)" 'BEGIN {printf "%.1f", (n - s) / 1e9}')" \
        "$1" "$rss" "$fds" "$threads" "$requests" >>"$samples"
}
echo "seconds,phase,rss_kb,fds,threads,requests_total" >"$samples"
start_ns="$(date +%s%N)"
sample before
(
    sleep "$SOAK_SAMPLE_SECONDS"
    while kill -0 "$SERVER_PID" 2>/dev/null; do
        sample load
        sleep "$SOAK_SAMPLE_SECONDS"
    done
) &
SAMPLER_PID=$!

# --- load -------------------------------------------------------------------------------------
log "wrk -t$SOAK_THREADS -c$SOAK_CONNECTIONS -d${SOAK_SECONDS}s POST /api/american (real tweets); sampling every ${SOAK_SAMPLE_SECONDS} s"
set +e
wrk -t"$SOAK_THREADS" -c"$SOAK_CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 5s --latency \
    -s benchmarks/wrk/post_tweets.lua "$URL" -- "$work/bodies.jsonl" /api/american >"$work/wrk.txt" 2>&1
wrk_status=$?
set -e
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
cat "$work/wrk.txt" >&2
sleep 3
server_alive=1
kill -0 "$SERVER_PID" 2>/dev/null || server_alive=0
if [ "$server_alive" = 1 ]; then
    sample after
    curl -fsS "$URL/healthz" >/dev/null || server_alive=0
fi
grep '^WRK_JSON ' "$work/wrk.txt" | sed 's/^WRK_JSON //' >"$SOAK_OUT/soak-wrk.json" || true
[ -s "$SOAK_OUT/soak-wrk.json" ] || { log "wrk exited $wrk_status without a summary"; echo '{}' >"$SOAK_OUT/soak-wrk.json"; }

# --- stop the server: it must drain and exit 0 -------------------------------------------------
exit_status=-1
if [ "$server_alive" = 1 ]; then
    kill -TERM "$SERVER_PID"
    set +e
    wait "$SERVER_PID"
    exit_status=$?
    set -e
fi
SERVER_PID=""
if grep -qiE 'error|fatal' "$work/server.log"; then
    log "server log has errors:"
    grep -iE 'error|fatal' "$work/server.log" | head -20 >&2
fi
[ -s "$work/server.log" ] && cp "$work/server.log" "$SOAK_OUT/soak-server.log"

# --- verdict, SVG and summary ------------------------------------------------------------------
python3 scripts/lib/soak_report.py --samples "$samples" --wrk "$SOAK_OUT/soak-wrk.json" --out "$SOAK_OUT" \
    --seconds "$SOAK_SECONDS" --connections "$SOAK_CONNECTIONS" --threads "$SOAK_THREADS" \
    --interval "$SOAK_SAMPLE_SECONDS" --build "$build_kind" --rss-ratio "$SOAK_RSS_RATIO" --fd-slack "$SOAK_FD_SLACK" \
    --server-alive "$server_alive" --exit-status "$exit_status"
