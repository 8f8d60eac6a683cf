#!/usr/bin/env bash
# Reliability and security suites, in sequence:
#   1. hostile input against a real `american serve` on 127.0.0.1 (tests/hostile, pytest):
#      malformed/truncated/nested JSON, wrong types, invalid UTF-8, NUL bytes, 100 KB of
#      emoji, 1 MiB and 100 MiB bodies, chunked bodies, slow loris, huge headers,
#      malformed HTTP, wrong methods and paths; never a 5xx, the server keeps answering;
#   2. fuzzing with libFuzzer + AddressSanitizer (scripts/fuzz.sh);
#   3. schemathesis against the served /openapi.yaml (scripts/schemathesis.sh).
# Every sub-suite runs even when one fails; the exit status is non-zero if any failed.
# Installs what it needs (apt-get: python3-venv, curl; pip: .venv-hostile).
#
# Environment:
#   AMERICAN_BIN    server binary (default .build/debug/american; built when missing)
#   HOSTILE_OUT     where the inputs → answers table goes (default out/hostile, git-ignored)
#   SKIP_FUZZ=1, SKIP_SCHEMATHESIS=1   leave a sub-suite out
#   plus those of scripts/fuzz.sh and scripts/schemathesis.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

export AMERICAN_BIN="${AMERICAN_BIN:-.build/debug/american}"
HOSTILE_OUT="${HOSTILE_OUT:-out/hostile}"
VENV=.venv-hostile

log() { printf '[hostile %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- tools ----------------------------------------------------------------------------------------
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
# shellcheck source=scripts/lib/apt.sh
. scripts/lib/apt.sh
apt_install "${missing[@]}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/hostile/requirements.txt \
    -r tests/schemathesis/requirements.txt
if [ ! -x "$AMERICAN_BIN" ]; then
    log "building the server: swift build --product american"
    swift build --product american >/dev/null || { log "the build failed"; exit 2; }
fi

# --- sub-suites -----------------------------------------------------------------------------------
passed=0
failed=0
results=()
suite() { # suite NAME COMMAND...
    local name=$1 started=$SECONDS
    shift
    echo
    echo "=== $name"
    if "$@"; then
        passed=$((passed + 1))
        results+=("passed  $name ($((SECONDS - started)) s)")
    else
        failed=$((failed + 1))
        results+=("FAILED  $name ($((SECONDS - started)) s)")
    fi
}

mkdir -p "$HOSTILE_OUT"
suite "hostile input (pytest, real server on 127.0.0.1)" \
    env HOSTILE_TABLE="$HOSTILE_OUT/table.md" "$VENV/bin/python" -m pytest -p no:cacheprovider -q -rfE tests/hostile
[ "${SKIP_FUZZ:-0}" = 1 ] || suite "fuzzing (libFuzzer + ASan, scripts/fuzz.sh)" bash scripts/fuzz.sh
[ "${SKIP_SCHEMATHESIS:-0}" = 1 ] || suite "schemathesis (scripts/schemathesis.sh)" bash scripts/schemathesis.sh

echo
printf '%s\n' "${results[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
