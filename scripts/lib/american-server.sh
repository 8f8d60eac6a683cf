# shellcheck shell=bash
# A real `american serve` on 127.0.0.1 for the suites that test one over HTTP
# (schemathesis, the headless browser). Needs a `log` function and python3.
#
#   start_american_server BIN PORT MODEL [serve args...]   # sets SERVER_PID and SERVER_LOG; stopped on exit
#   wait_american_ready URL [SECONDS]                       # until /readyz is 200 (default 60 s)

SERVER_PID=""
SERVER_LOG=""

start_american_server() {
    local bin=$1 port=$2 model=$3
    shift 3
    SERVER_LOG="$(mktemp "${TMPDIR:-/tmp}/american-server.XXXXXX")"
    "$bin" serve --host 127.0.0.1 --port "$port" --model "$model" "$@" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    trap stop_american_server EXIT
}

# shellcheck disable=SC2329  # called by the EXIT trap
stop_american_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    [ -z "$SERVER_PID" ] || wait "$SERVER_PID" 2>/dev/null || true
    [ -z "$SERVER_LOG" ] || rm -f "$SERVER_LOG"
}

wait_american_ready() {
    local url=$1 deadline=$((SECONDS + ${2:-60}))
    until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url/readyz" >/dev/null 2>&1; do
        if [ -n "$SERVER_PID" ] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
            log "the server exited early; its log:"
            cat "$SERVER_LOG" >&2
            exit 2
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "not ready after ${2:-60} s"
            [ -z "$SERVER_LOG" ] || tail -n 50 "$SERVER_LOG" >&2
            exit 2
        fi
        sleep 0.3
    done
}
