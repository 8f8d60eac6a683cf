#!/usr/bin/env bash
# scikit-learn parity: accuracy and training time of the course's pipeline vs
# `american train`. Exits non-zero when our NB accuracy differs from
# scikit-learn's by more than 0.5 points on test.csv.
# Usage: bash benchmarks/parity/run.sh [--runs 5] [--skip-10k] [--json-out F] [--markdown-out F]
# Environment: AMERICAN_BIN (default .build-release/release/american; built when
# missing unless NO_BUILD=1), SHARED_DIR (default <repo root>/../shared).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash benchmarks/setup-venv.sh >&2

export AMERICAN_BIN="${AMERICAN_BIN:-.build-release/release/american}"
if [[ ! -x "$AMERICAN_BIN" && "${NO_BUILD:-0}" != "1" && "$AMERICAN_BIN" == ".build-release/release/american" ]]; then
    echo "parity: building $AMERICAN_BIN (release, static stdlib; slow the first time) ..." >&2
    swift build -c release --static-swift-stdlib --scratch-path .build-release --product american >&2 \
        || echo "parity: the build failed; going on without our binary" >&2
fi

exec benchmarks/.venv/bin/python benchmarks/parity/parity.py "$@"
