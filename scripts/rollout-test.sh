#!/usr/bin/env bash
# Zero-downtime test: a rolling update behind a load balancer, against Recreate, and a
# model-only hot reload, each measured from outside by `american watch`.
#
# Three replicas of version A (containers of the image built by scripts/container-test.sh's
# helpers; ROLLOUT_MODE=process runs host processes of the same binary instead) sit behind
# HAProxy, which health-checks GET /readyz every 250 ms (fall 1, rise 1) with
# `option redispatch` and `retries 2`, as a Kubernetes Service follows its ready endpoints.
#   1. RollingUpdate, maxSurge 1 / maxUnavailable 0: three times, start one B replica, wait
#      until HAProxy sees it UP, SIGTERM one A replica (it drains: /readyz 503 at once, keeps
#      serving for DRAIN_SECONDS, exits 0) and wait for its exit. Must lose 0 requests.
#   2. Recreate: SIGTERM all A replicas, wait for them to exit, start three B. The outage,
#      for contrast.
#   3. Model-only update: replace the mounted model file, then SIGHUP the replicas one by one
#      (the server reloads its model in place). Must lose 0 requests.
# Version A vs B: the same binary with APP_VERSION=A-version vs APP_VERSION=B-version.
# While each runs, `american watch --url <haproxy> --interval 0.05` records every answer.
# Writes docs/rollout-results.md and the watch reports under docs/rollout/.
# Prints `N passed, N failed`; exits non-zero on any failure.
#
# Env: ROLLOUT_MODE=container|process (default container; process when Podman can't run),
#      DRAIN_SECONDS (default 3), PORT_BASE (default 18300), SKIP_SWIFT_BUILD=1,
#      SKIP_IMAGE_BUILD=1 (reuse $IMAGE), RESULTS_DIR (default docs), SHARED_DIR.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SHARED_DIR="${SHARED_DIR:-$ROOT/../shared}"
MODE="${ROLLOUT_MODE:-container}"
DRAIN="${DRAIN_SECONDS:-3}"
PORT_BASE="${PORT_BASE:-18300}"
LB_PORT="$PORT_BASE"
RESULTS_DIR="${RESULTS_DIR:-docs}"
OUT="$RESULTS_DIR/rollout"
VA=A-version
VB=B-version
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/american-rollout.XXXXXX")"
export LOG_DIR
# shellcheck source=scripts/lib/container-common.sh
. scripts/lib/container-common.sh
AMERICAN="${AMERICAN_BIN:-$ROOT/dist/american}"

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# --- replicas: six slots behind HAProxy (a Service's possible endpoints) ------------------------
declare -A PORT_OF=([r1]=$((PORT_BASE + 1)) [r2]=$((PORT_BASE + 2)) [r3]=$((PORT_BASE + 3))
    [r4]=$((PORT_BASE + 4)) [r5]=$((PORT_BASE + 5)) [r6]=$((PORT_BASE + 6)))
declare -A PID_OF=()
MODELS="$LOG_DIR/models"   # mounted read-only into every replica; replaced for the model update

start_replica() { # start_replica SLOT VERSION
    local slot=$1 version=$2 port=${PORT_OF[$1]}
    if [ "$MODE" = container ]; then
        podman rm -f -t 0 "rollout-$slot" >/dev/null 2>&1
        "${PODMAN_RUN[@]}" -d --name "rollout-$slot" --network host \
            --read-only --cap-drop ALL --security-opt no-new-privileges --tmpfs /tmp \
            -v "$MODELS:/models:ro" -e PORT="$port" -e APP_VERSION="$version" -e APP_REVISION= \
            -e DRAIN_SECONDS="$DRAIN" "$IMAGE" >/dev/null
    else
        PORT="$port" APP_VERSION="$version" APP_REVISION= DRAIN_SECONDS="$DRAIN" \
            MODEL_PATH="$MODELS/american.model.json" \
            "$AMERICAN" serve --host 127.0.0.1 --port "$port" >>"$LOG_DIR/$slot.log" 2>&1 &
        PID_OF[$slot]=$!
    fi
}

term_replica() { # term_replica SLOT: SIGTERM, as Kubernetes does to a pod it removes.
    if [ "$MODE" = container ]; then
        podman kill --signal TERM "rollout-$1" >/dev/null
    else
        kill -TERM "${PID_OF[$1]}" 2>/dev/null
    fi
}

# await_replica SLOT: wait (up to DRAIN + 20 s) for the replica to exit; sets EXIT_CODE.
await_replica() {
    local slot=$1 i
    EXIT_CODE=unknown
    if [ "$MODE" = container ]; then
        EXIT_CODE="$(timeout $((DRAIN + 20)) podman wait "rollout-$slot" 2>/dev/null || echo timeout)"
        podman rm -f -t 0 "rollout-$slot" >/dev/null 2>&1
    else
        for ((i = 0; i < (DRAIN + 20) * 10; i++)); do
            kill -0 "${PID_OF[$slot]}" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "${PID_OF[$slot]}" 2>/dev/null && kill -KILL "${PID_OF[$slot]}"
        wait "${PID_OF[$slot]}"
        EXIT_CODE=$?
        unset "PID_OF[$slot]"
    fi
}

stop_replica() { term_replica "$1"; await_replica "$1"; }

signal_replica() { # signal_replica SLOT SIGNAL
    if [ "$MODE" = container ]; then
        podman kill --signal "$2" "rollout-$1" >/dev/null
    else
        kill -s "$2" "${PID_OF[$1]}"
    fi
}

stop_all_replicas() {
    local slot
    for slot in r1 r2 r3 r4 r5 r6; do
        if [ "$MODE" = container ]; then
            podman rm -f -t 0 "rollout-$slot" >/dev/null 2>&1
        elif [ -n "${PID_OF[$slot]:-}" ]; then
            kill -KILL "${PID_OF[$slot]}" 2>/dev/null
            wait "${PID_OF[$slot]}" 2>/dev/null
            unset "PID_OF[$slot]"
        fi
    done
}

# --- HAProxy ------------------------------------------------------------------------------------
HAP_SOCK="$LOG_DIR/haproxy.sock"
HAP_PID=""
start_haproxy() {
    {
        cat <<EOF
global
    maxconn 2000
    stats socket $HAP_SOCK mode 600 level admin

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 10s
    timeout check 1s
    retries 2
    option redispatch
    retry-on conn-failure empty-response

frontend american
    bind 127.0.0.1:$LB_PORT
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 250ms fastinter 250ms downinter 250ms fall 1 rise 1
EOF
        local slot
        for slot in r1 r2 r3 r4 r5 r6; do
            echo "    server $slot 127.0.0.1:${PORT_OF[$slot]} check"
        done
    } >"$LOG_DIR/haproxy.cfg"
    haproxy -c -q -f "$LOG_DIR/haproxy.cfg" || die "invalid HAProxy configuration"
    haproxy -db -f "$LOG_DIR/haproxy.cfg" >"$LOG_DIR/haproxy.log" 2>&1 &
    HAP_PID=$!
}

# lb_status SLOT: the server's state as HAProxy sees it (UP, DOWN, ...).
lb_status() {
    python3 - "$HAP_SOCK" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
for line in data.decode().splitlines():
    f = line.split(",")
    if len(f) > 17 and f[0] == "replicas" and f[1] == sys.argv[2]:
        print(f[17].split()[0])
EOF
}

wait_lb() { # wait_lb SLOT STATE [SECONDS]
    local i
    for ((i = 0; i < ${3:-60} * 20; i++)); do
        [ "$(lb_status "$1" 2>/dev/null)" = "$2" ] && return 0
        sleep 0.05
    done
    return 1
}

# --- watch ------------------------------------------------------------------------------------
WATCH_PID=""
start_watch() { # start_watch NAME ARGS... (--until-version V | --duration D)
    local name=$1; shift
    "$AMERICAN" watch --url "http://127.0.0.1:$LB_PORT" --interval 0.05 \
        --csv "$LOG_DIR/$name.csv" --report "$OUT/$name.md" "$@" >"$LOG_DIR/$name.watch.txt" 2>&1 &
    WATCH_PID=$!
}

# finish_watch NAME SECONDS: wait for watch to stop by itself (kill it after SECONDS).
finish_watch() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$WATCH_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$WATCH_PID" 2>/dev/null; then
        log "watch did not stop within $2 s: stopping it"
        kill -INT "$WATCH_PID" 2>/dev/null
        sleep 2
        kill -KILL "$WATCH_PID" 2>/dev/null
    fi
    wait "$WATCH_PID"
    WATCH_RC=$?
    WATCH_PID=""
    # Its summary (the lines before it are one per change of the answering version).
    sed -n '/^requests:/,$p' "$LOG_DIR/$1.watch.txt" | sed 's/^/   watch| /'
}

# watch_figure NAME 'failed requests' | 'longest outage': the number after "LABEL:".
watch_figure() {
    grep -iE "^\s*$2\s*:" "$LOG_DIR/$1.watch.txt" | tail -1 | sed -E 's/^[^:]*:\s*//; s/^([0-9.]+).*/\1/'
}

# served_version: the version HAProxy's replicas answer now.
served_version() {
    curl -s -m 2 -X POST --data '{"text":"hello"}' "http://127.0.0.1:$LB_PORT/api/american" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])' 2>/dev/null
}

# all_replicas_model SLOT... : prints the distinct model_sha256 of those replicas.
replica_shas() {
    local slot
    for slot in "$@"; do
        curl -s -m 2 "http://127.0.0.1:${PORT_OF[$slot]}/version" |
            python3 -c 'import json,sys; print(json.load(sys.stdin).get("model_sha256",""))' 2>/dev/null
    done | sort -u
}

cleanup() {
    [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
    stop_all_replicas
    [ -n "$HAP_PID" ] && kill "$HAP_PID" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$LOG_DIR"
}
trap cleanup EXIT
trap "exit 130" INT TERM

start_fleet() { # start_fleet VERSION SLOT...: start, then wait until HAProxy has them all UP.
    local version=$1 slot; shift
    for slot in "$@"; do start_replica "$slot" "$version"; done
    for slot in "$@"; do
        wait_lb "$slot" UP 60 || { fail "replica $slot ($version) UP in HAProxy within 60 s"; return 1; }
    done
}

# --- setup ------------------------------------------------------------------------------------
apt_install haproxy curl python3
if [ "$MODE" = container ]; then install_container_tools; fi
if [ "${SKIP_SWIFT_BUILD:-0}" != 1 ] || [ ! -x dist/american ]; then build_release_binary; fi
if [ "$MODE" = container ]; then
    if [ "${SKIP_IMAGE_BUILD:-0}" != 1 ] || ! podman image exists "$IMAGE"; then
        ensure_base_image
        build_app_image || { tail -20 "$LOG_DIR/podman-build.log"; die "podman build failed"; }
    fi
    # Can this machine run the containers at all? Otherwise fall back to host processes.
    if ! timeout 60 "${PODMAN_RUN[@]}" --rm --network none --entrypoint /bin/true "$IMAGE" >/dev/null 2>&1; then
        log "NOTE: podman cannot run $IMAGE here: falling back to ROLLOUT_MODE=process"
        MODE=process
    fi
fi
ensure_model "$MODELS"
mkdir -p "$OUT"
log "mode: $MODE; DRAIN_SECONDS=$DRAIN; HAProxy on 127.0.0.1:$LB_PORT"
start_haproxy
sleep 1
declare -A FAILED_REQ OUTAGE TTNV REQS NOTE

# rate NAME: requests per second that watch made (from its CSV: data rows over the time span).
rate() {
    python3 - "$LOG_DIR/$1.csv" <<'EOF'
import csv, sys
from datetime import datetime
try:
    rows = list(csv.reader(open(sys.argv[1])))
except OSError:
    print("?"); sys.exit()
data = rows[1:]
def t(v):
    try:
        return float(v)
    except ValueError:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp()
if len(data) < 2:
    print(len(data)); sys.exit()
span = t(data[-1][0]) - t(data[0][0])
print(f"{len(data)} requests in {span:.1f} s ({len(data) / span:.1f}/s)" if span > 0 else len(data))
EOF
}

# per_second "N requests in S s (R/s)": R, or 0.
per_second() { sed -nE 's/.*\(([0-9.]+)\/s\).*/\1/p' <<<"$1" | grep . || echo 0; }
at_least() { python3 -c "import sys; sys.exit(0 if float('$1') >= float('$2') else 1)"; }

# === 1. RollingUpdate (maxSurge 1, maxUnavailable 0) ==============================================
log "1. RollingUpdate: 3 × $VA → 3 × $VB, one at a time"
if start_fleet "$VA" r1 r2 r3; then
    check "rolling: HAProxy serves $VA before the update" [ "$(served_version)" = "$VA" ]
    start_watch rolling-update --until-version "$VB"
    sleep 3
    T0=$(now)
    EXITS=()
    ok=1
    for pair in r4:r1 r5:r2 r6:r3; do
        new=${pair%%:*} old=${pair##*:}
        start_replica "$new" "$VB"
        wait_lb "$new" UP 60 || { ok=0; log "$new never came UP"; }
        t=$(now)
        stop_replica "$old"
        EXITS+=("$EXIT_CODE")
        log "   $new ($VB) UP; $old ($VA) drained and exited ${EXITS[-1]} after $(secs "$t" "$(now)") s"
    done
    T1=$(now)
    finish_watch rolling-update 60
    TTNV[rolling]=$(secs "$T0" "$T1")
    FAILED_REQ[rolling]="$(watch_figure rolling-update 'failed requests')"
    OUTAGE[rolling]="$(watch_figure rolling-update 'longest outage')"
    REQS[rolling]="$(rate rolling-update)"
    check "rolling: every new replica came UP in HAProxy" [ "$ok" = 1 ]
    check "rolling: every old replica drained and exited 0 (exit codes: ${EXITS[*]})" \
        [ "${EXITS[*]}" = "0 0 0" ]
    check "rolling: watch ran to version $VB and exited 0 (rc $WATCH_RC)" [ "$WATCH_RC" = 0 ]
    check "rolling: 0 failed requests (watch: ${FAILED_REQ[rolling]:-none})" [ "${FAILED_REQ[rolling]:-x}" = 0 ]
    check "rolling: watch sent at least 19 requests/s (${REQS[rolling]})" at_least "$(per_second "${REQS[rolling]}")" 19
    check "rolling: HAProxy serves $VB after the update" [ "$(served_version)" = "$VB" ]
fi
stop_all_replicas

# === 2. Recreate ===================================================================================
log "2. Recreate: stop 3 × $VA, then start 3 × $VB"
for slot in r1 r2 r3 r4 r5 r6; do wait_lb "$slot" DOWN 10; done
if start_fleet "$VA" r1 r2 r3; then
    start_watch recreate --until-version "$VB"
    sleep 3
    T0=$(now)
    for slot in r1 r2 r3; do term_replica "$slot"; done
    EXITS=()
    for slot in r1 r2 r3; do
        await_replica "$slot"
        EXITS+=("$EXIT_CODE")
    done
    log "   old replicas exited (${EXITS[*]}) after $(secs "$T0" "$(now)") s"
    start_fleet "$VB" r4 r5 r6
    T1=$(now)
    finish_watch recreate 60
    TTNV[recreate]=$(secs "$T0" "$T1")
    FAILED_REQ[recreate]="$(watch_figure recreate 'failed requests')"
    OUTAGE[recreate]="$(watch_figure recreate 'longest outage')"
    REQS[recreate]="$(rate recreate)"
    check "recreate: HAProxy serves $VB after the update" [ "$(served_version)" = "$VB" ]
    check "recreate: watch saw the outage (failed requests: ${FAILED_REQ[recreate]:-none})" \
        [ "${FAILED_REQ[recreate]:-0}" != 0 ]
fi
stop_all_replicas

# === 3. Model-only update through hot reload (SIGHUP) ================================================
log "3. Model update: replace the mounted model file, SIGHUP the replicas one by one"
for slot in r1 r2 r3 r4 r5 r6; do wait_lb "$slot" DOWN 10; done
if start_fleet "$VA" r1 r2 r3; then
    OLD_SHA="$(replica_shas r1 r2 r3)"
    # A different model: the same data, trained with other options.
    "$AMERICAN" train --data "$SHARED_DIR/data/training.csv" --model nb --ngram-max 1 \
        --out "$LOG_DIR/new.model.json" >"$LOG_DIR/train-new.log" 2>&1 ||
        { tail -5 "$LOG_DIR/train-new.log"; fail "model update: training the new model"; }
    NEW_SHA="$(sha256sum "$LOG_DIR/new.model.json" | cut -d' ' -f1)"
    NEW_DATE="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metadata"]["model_date"])' "$LOG_DIR/new.model.json")"
    # watch stops once the new model's date has answered alone for 2 s (or after 60 s).
    start_watch model-reload --until-version "$NEW_DATE" --duration 60s
    sleep 3
    T0=$(now)
    cp "$LOG_DIR/new.model.json" "$MODELS/.american.model.json.tmp"
    chmod a+r "$MODELS/.american.model.json.tmp"
    mv -f "$MODELS/.american.model.json.tmp" "$MODELS/american.model.json"
    for slot in r1 r2 r3; do
        signal_replica "$slot" HUP
        deadline=$(($(date +%s) + 30))
        until [ "$(replica_shas "$slot")" = "$NEW_SHA" ] || [ "$(date +%s)" -ge "$deadline" ]; do
            sleep 0.05
        done
    done
    T1=$(now)
    finish_watch model-reload 60
    TTNV[model]=$(secs "$T0" "$T1")
    FAILED_REQ[model]="$(watch_figure model-reload 'failed requests')"
    OUTAGE[model]="$(watch_figure model-reload 'longest outage')"
    REQS[model]="$(rate model-reload)"
    check "model update: the new model differs from the old one" [ "$OLD_SHA" != "$NEW_SHA" ]
    check "model update: every replica reports the new model_sha256" [ "$(replica_shas r1 r2 r3)" = "$NEW_SHA" ]
    check "model update: watch ran until the new model answered alone and exited 0 (rc $WATCH_RC)" [ "$WATCH_RC" = 0 ]
    check "model update: 0 failed requests (watch: ${FAILED_REQ[model]:-none})" [ "${FAILED_REQ[model]:-x}" = 0 ]
fi
stop_all_replicas

# === results ======================================================================================
RESULTS="$RESULTS_DIR/rollout-results.md"
{
    cat <<EOF
# Rollout results

Written by \`scripts/rollout-test.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ) ($MODE mode: $(
        [ "$MODE" = container ] && echo "Podman containers of \`$IMAGE\`, hardened and with the model on a read-only volume" ||
            echo "host processes of the release binary"
    )).

Three replicas behind HAProxy $(haproxy -v | head -1 | awk '{print $3}') (health check \`GET /readyz\` every 250 ms, fall 1, rise 1,
\`option redispatch\`, \`retries 2\`), \`DRAIN_SECONDS=$DRAIN\`, measured from outside by
\`american watch --url http://127.0.0.1:$LB_PORT --interval 0.05\`. Version A and B are the same binary with
\`APP_VERSION=$VA\` and \`APP_VERSION=$VB\`.

| strategy | failed requests | longest outage | time to new version | requests |
| --- | ---: | ---: | ---: | --- |
| RollingUpdate (maxSurge 1, maxUnavailable 0) | ${FAILED_REQ[rolling]:-n/a} | ${OUTAGE[rolling]:-n/a} s | ${TTNV[rolling]:-n/a} s | ${REQS[rolling]:-n/a} |
| Recreate | ${FAILED_REQ[recreate]:-n/a} | ${OUTAGE[recreate]:-n/a} s | ${TTNV[recreate]:-n/a} s | ${REQS[recreate]:-n/a} |
| Model-only update (file replaced + SIGHUP, one replica at a time) | ${FAILED_REQ[model]:-n/a} | ${OUTAGE[model]:-n/a} s | ${TTNV[model]:-n/a} s | ${REQS[model]:-n/a} |

- *time to new version*: from the first step of the update until every replica serves the new
  version (rolling: the last old replica has exited; Recreate: all new replicas are UP in HAProxy;
  model: every replica reports the new \`model_sha256\` on \`/version\`).
- *longest outage*: as \`american watch\` reports it (the longest stretch without a successful answer).
- Why the rolling update loses nothing: on SIGTERM the server turns \`/readyz\` to 503 at once, HAProxy
  takes it out of rotation within one health-check interval (250 ms) while it still serves for
  \`DRAIN_SECONDS\`, and only then does it exit; the new replica gets traffic only once it is ready.
  Recreate has no replica ready between the old ones' readiness turning 503 and the new ones' start.

Watch reports, each with its timeline SVG: [rolling update](rollout/rolling-update.md),
[Recreate](rollout/recreate.md), [model update](rollout/model-reload.md).

The load balancer's configuration (ports as in this run; slots r4–r6 are where new replicas appear):

\`\`\`
$(sed -n '/^defaults/,$p' "$LOG_DIR/haproxy.cfg")
\`\`\`

Checks: $PASSED passed, $FAILED failed.
EOF
} >"$RESULTS"
log "wrote $RESULTS and $OUT/"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
