#!/usr/bin/env bash
# Headless-browser test of the web page served by `american serve`.
#
#   tests/browser/run.sh [extra pytest args]
#
# Installs Debian's chromium + chromium-driver if missing, creates .venv-browser with
# tests/browser/requirements.txt, starts the server on 127.0.0.1:$PORT, waits for /readyz,
# runs pytest, stops the server and exits with pytest's status.
#
# Environment:
#   AMERICAN_BIN    server binary (default .build/debug/american)
#   PORT            port for the server (default 18080)
#   MODEL_FILE      model given to --model (default models/american.model.json)
#   READY_TIMEOUT   seconds to wait for /readyz (default 60)
#   START_SERVER=0  do not start a server; test the one at AMERICAN_URL instead
#   SCREENSHOT_DIR  where the screenshot goes (default docs/screenshots)
set -euo pipefail

cd "$(dirname "$0")/../.."

PORT="${PORT:-18080}"
AMERICAN_BIN="${AMERICAN_BIN:-.build/debug/american}"
MODEL_FILE="${MODEL_FILE:-models/american.model.json}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
START_SERVER="${START_SERVER:-1}"
VENV=".venv-browser"

log() { printf '[browser-test] %s\n' "$*" >&2; }

# --- system packages -------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${missing[*]} with apt-get"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python environment ----------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/browser/requirements.txt

# --- server ----------------------------------------------------------------
SERVER_PID=""
SERVER_LOG="$(mktemp "${TMPDIR:-/tmp}/american-browser-test.XXXXXX")"
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$SERVER_LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$START_SERVER" = "1" ]; then
  if [ ! -x "$AMERICAN_BIN" ]; then
    log "server binary $AMERICAN_BIN not found: build it (swift build --product american) or set AMERICAN_BIN"
    exit 2
  fi
  export AMERICAN_URL="http://127.0.0.1:${PORT}"
  log "starting $AMERICAN_BIN serve on $AMERICAN_URL with $MODEL_FILE"
  "$AMERICAN_BIN" serve --host 127.0.0.1 --port "$PORT" --model "$MODEL_FILE" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
else
  export AMERICAN_URL="${AMERICAN_URL:-http://127.0.0.1:8080}"
  log "using the running server at $AMERICAN_URL"
fi

log "waiting for $AMERICAN_URL/readyz"
deadline=$((SECONDS + READY_TIMEOUT))
until "$VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
    "$AMERICAN_URL/readyz" >/dev/null 2>&1; do
  if [ -n "$SERVER_PID" ] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited early; its log:"
    cat "$SERVER_LOG" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "not ready after ${READY_TIMEOUT}s; server log:"
    [ -n "$SERVER_PID" ] && tail -n 50 "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 0.5
done

# --- tests -----------------------------------------------------------------
set +e
"$VENV/bin/python" -m pytest -p no:cacheprovider -q tests/browser "$@"
status=$?
set -e
if [ "$status" -ne 0 ] && [ -n "$SERVER_PID" ]; then
  log "pytest failed ($status); last server log lines:"
  tail -n 30 "$SERVER_LOG" >&2 || true
fi
exit "$status"
