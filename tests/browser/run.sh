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
# shellcheck source=scripts/lib/apt.sh
. scripts/lib/apt.sh
apt_install "${missing[@]}"

# --- Python environment ----------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/browser/requirements.txt

# --- server ----------------------------------------------------------------
# shellcheck source=scripts/lib/american-server.sh
. scripts/lib/american-server.sh

if [ "$START_SERVER" = "1" ]; then
  if [ ! -x "$AMERICAN_BIN" ]; then
    log "server binary $AMERICAN_BIN not found: build it (swift build --product american) or set AMERICAN_BIN"
    exit 2
  fi
  export AMERICAN_URL="http://127.0.0.1:${PORT}"
  log "starting $AMERICAN_BIN serve on $AMERICAN_URL with $MODEL_FILE"
  start_american_server "$AMERICAN_BIN" "$PORT" "$MODEL_FILE"
  trap 'exit 130' INT TERM
else
  export AMERICAN_URL="${AMERICAN_URL:-http://127.0.0.1:8080}"
  log "using the running server at $AMERICAN_URL"
fi

log "waiting for $AMERICAN_URL/readyz"
wait_american_ready "$AMERICAN_URL" "$READY_TIMEOUT"

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
