#!/usr/bin/env bash
# schemathesis (property-based API testing) against the /openapi.yaml that a real
# `american serve` on 127.0.0.1 serves: every operation, positive and negative data,
# every check but `unsupported_method` (tests/schemathesis/schemathesis.toml says why),
# a bounded number of examples per operation.
#
#   scripts/schemathesis.sh            # ~3,000 test cases in about 30 s
#
# Environment:
#   AMERICAN_BIN        server binary (default .build/debug/american; built when missing)
#   MODEL_FILE          model (default models/american.model.json)
#   ST_MAX_EXAMPLES     test cases per operation and phase (default 1000)
#   ST_TIMEOUT          hard limit in seconds for the whole run (default 170)
#   ST_SEED             seed (default 1)
#   ST_CHECKS           checks (default all)
#   ST_EXCLUDE_CHECKS   checks left out (default unsupported_method: see tests/schemathesis/schemathesis.toml)
#   ST_REPORT_DIR       JUnit report folder (default out/schemathesis, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."

AMERICAN_BIN="${AMERICAN_BIN:-.build/debug/american}"
MODEL_FILE="${MODEL_FILE:-models/american.model.json}"
ST_MAX_EXAMPLES="${ST_MAX_EXAMPLES:-1000}"
ST_TIMEOUT="${ST_TIMEOUT:-170}"
ST_SEED="${ST_SEED:-1}"
ST_CHECKS="${ST_CHECKS:-all}"
ST_EXCLUDE_CHECKS="${ST_EXCLUDE_CHECKS-unsupported_method}"
ST_REPORT_DIR="${ST_REPORT_DIR:-out/schemathesis}"
VENV=.venv-hostile

log() { printf '[schemathesis %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# shellcheck source=scripts/lib/apt.sh
. scripts/lib/apt.sh
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/schemathesis/requirements.txt

if [ ! -x "$AMERICAN_BIN" ]; then
    log "building the server: swift build --product american"
    swift build --product american >/dev/null
fi

PORT="${PORT:-$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
URL="http://127.0.0.1:$PORT"
# shellcheck source=scripts/lib/american-server.sh
. scripts/lib/american-server.sh
start_american_server "$AMERICAN_BIN" "$PORT" "$MODEL_FILE" --log-level warning --drain-seconds 0
wait_american_ready "$URL" 60

mkdir -p "$ST_REPORT_DIR"
log "schemathesis run $URL/openapi.yaml (checks $ST_CHECKS, $ST_MAX_EXAMPLES examples per operation, seed $ST_SEED)"
set +e
exclude=()
[ -z "$ST_EXCLUDE_CHECKS" ] || exclude=(--exclude-checks "$ST_EXCLUDE_CHECKS")
# No --max-time: with it, schemathesis keeps fuzzing until the budget is spent; the number
# of examples bounds the run instead, and `timeout` is the safety net.
# Run from the report folder: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
root="$PWD"
(cd "$ST_REPORT_DIR" && timeout "$ST_TIMEOUT" "$root/$VENV/bin/schemathesis" \
    --config-file "$root/tests/schemathesis/schemathesis.toml" --no-color \
    run "$URL/openapi.yaml" --url "$URL" --checks "$ST_CHECKS" "${exclude[@]}" --max-examples "$ST_MAX_EXAMPLES" \
    --seed "$ST_SEED" --workers 2 --generation-database none --continue-on-failure --output-truncate true \
    --request-timeout 10 --report junit --report-junit-path junit.xml) >"$ST_REPORT_DIR/output.txt" 2>&1
status=$?
set -e
# The summary, and each failure's first lines (request bodies can be a megabyte long).
awk '/^_____/ {show = 1} /^=====.*SUMMARY/ {show = 2} show == 1 && length($0) < 400 {print} show == 2 {print}' \
    "$ST_REPORT_DIR/output.txt"
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server died during the run"
    status=1
fi
if grep -q ' error ' "$SERVER_LOG"; then
    log "server log errors:"
    grep ' error ' "$SERVER_LOG" | head -10 >&2
fi
exit "$status"
