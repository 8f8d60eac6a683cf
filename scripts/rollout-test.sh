#!/usr/bin/env bash
# Zero-downtime test of the committed manifests, the way a cluster behaves.
#
#   1. pytest scripts/rollout: the rollout model's timings move as Kubernetes' rules say
#      when minReadySeconds, maxSurge, maxUnavailable, a probe period, successThreshold,
#      preStop, the grace period or the strategy change in a copy of the prod overlay.
#   2. scripts/rollout/harness.py: the Deployment rendered by `kubectl kustomize
#      deploy/k8s/overlays/prod`, rolled out over real `american serve` processes in their
#      own network namespaces behind an iptables (kube-proxy style) ClusterIP, with
#      propagation delays; users are `american watch` (keep-alive) and `american watch
#      --new-connection` (a connection per request), 50 requests/s each. Negative controls:
#      no preStop + DRAIN_SECONDS=0, a server that dies on SIGTERM, Recreate.
#   3. scripts/rollout/report.py: fails on any lost request in the real configuration, on
#      a retry (connections != requests for the new-connection user), on a rate below
#      50/s, or on a negative control that loses nothing for a user that must see its loss
#      (the new-connection user in every control; both users in Recreate).
#
# Env: ROLLOUT_PROFILE=ci (default: rolling at 3 s delay, model ConfigMap at 1 s, hot reload
#      at 0 s, the three negative controls at 1 s; 220 s here) or full (every case at
#      0, 1 and 3 s; writes docs/rollout/, docs/rollout-results.md and the table in
#      docs/cd-report.md; 504 s here);
#      AMERICAN_BIN (default dist/american, else .build-release/release/american);
#      SKIP_SWIFT_BUILD=1 (never build; CI's container suite has built dist/american);
#      OVERLAY (default deploy/k8s/overlays/prod); RESULTS_DIR (default: a temporary
#      directory for ci, docs for full); ROLLOUT_CASES / ROLLOUT_DELAYS / ROLLOUT_CONTROLS.
# Needs root (ip netns, iptables); installs iproute2, iptables, python3-yaml and
# python3-pytest with apt-get when missing. Removes every namespace it creates.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT="$PWD"
PROFILE="${ROLLOUT_PROFILE:-ci}"
OVERLAY="${OVERLAY:-deploy/k8s/overlays/prod}"
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/american-rollout-test.XXXXXX")"
export LOG_DIR
trap 'rm -rf "$LOG_DIR"' EXIT
# shellcheck source=scripts/lib/container-common.sh
. scripts/lib/container-common.sh

[ "$(id -u)" = 0 ] || die "needs root (ip netns, iptables)"
apt_install iproute2 iptables python3 python3-yaml python3-pytest
PY=/usr/bin/python3

ensure_kubectl

# The release binary: given, built by an earlier suite (dist/), or the local release build.
BIN="${AMERICAN_BIN:-}"
if [ -z "$BIN" ]; then
    for candidate in dist/american .build-release/release/american; do
        if [ -x "$candidate" ]; then BIN="$ROOT/$candidate"; break; fi
    done
fi
if [ -z "$BIN" ]; then
    [ "${SKIP_SWIFT_BUILD:-0}" = 1 ] && die "no release binary (dist/american) and SKIP_SWIFT_BUILD=1"
    build_release_binary
    BIN="$ROOT/dist/american"
fi
log "binary: $BIN; overlay: $OVERLAY; profile: $PROFILE"

case "$PROFILE" in
    ci)
        RESULTS_DIR="${RESULTS_DIR:-$LOG_DIR/results}"
        RUNS=(--cases rolling --delays 3)
        EXTRA=(model-configmap:1 hot-reload:0)
        ;;
    full)
        RESULTS_DIR="${RESULTS_DIR:-docs}"
        RUNS=(--cases "${ROLLOUT_CASES:-rolling,recreate,model-configmap,hot-reload}" --delays "${ROLLOUT_DELAYS:-0,1,3}")
        EXTRA=()
        ;;
    *) die "ROLLOUT_PROFILE must be ci or full" ;;
esac
mkdir -p "$RESULTS_DIR/rollout"
RESULTS_DIR="$(cd "$RESULTS_DIR" && pwd)"   # the harness runs from scripts/rollout

PASSED=0
FAILED=0
echo "--- 1. rollout model (pytest)"
if KUBECTL="$KUBECTL" "$PY" -m pytest -q -p no:cacheprovider scripts/rollout; then
    PASSED=$((PASSED + 1))
else
    FAILED=$((FAILED + 1))
fi

echo "--- 2. harness"
run_harness() { # run_harness SUMMARY ARGS...
    local summary=$1; shift
    (cd scripts/rollout && "$PY" harness.py --binary "$BIN" --overlay "$ROOT/$OVERLAY" --kubectl "$KUBECTL" \
        --python "$PY" --out "$RESULTS_DIR/rollout" --summary "$summary" "$@")
}
SUMMARIES=()
run_harness "$LOG_DIR/summary-main.json" "${RUNS[@]}" --controls "${ROLLOUT_CONTROLS:-nc-prestop0-drain0,nc-sigkill,recreate}" \
    || FAILED=$((FAILED + 1))
SUMMARIES+=("$LOG_DIR/summary-main.json")
for extra in "${EXTRA[@]}"; do
    run_harness "$LOG_DIR/summary-${extra%%:*}.json" --cases "${extra%%:*}" --delays "${extra##*:}" --controls "" \
        || FAILED=$((FAILED + 1))
    SUMMARIES+=("$LOG_DIR/summary-${extra%%:*}.json")
done
# One summary of all runs.
"$PY" - "$LOG_DIR/summary.json" "${SUMMARIES[@]}" <<'EOF'
import json, sys
out, parts = sys.argv[1], [json.load(open(p)) for p in sys.argv[2:] if open(p).read(1)]
merged = dict(parts[0])
merged["results"] = [r for p in parts for r in p["results"]]
merged["seconds"] = sum(p["seconds"] for p in parts)
order = {"rolling": 0, "model-configmap": 1, "hot-reload": 2, "recreate": 3, "nc-prestop0-drain0": 4, "nc-sigkill": 5}
merged["results"].sort(key=lambda r: (order.get(r["scenario"], 9), r["propagation_delay_s"]))
json.dump(merged, open(out, "w"), indent=1)
EOF

echo "--- 3. checks"
MD=()
if [ "$PROFILE" = full ]; then
    MD=(--markdown "$RESULTS_DIR/rollout-results.md")
    # docs/cd-report.md carries the same figures between its rollout-table markers.
    [ -f "$RESULTS_DIR/cd-report.md" ] && MD+=(--inject "$RESULTS_DIR/cd-report.md")
fi
if "$PY" scripts/rollout/report.py "$LOG_DIR/summary.json" "${MD[@]}"; then
    PASSED=$((PASSED + 1))
else
    FAILED=$((FAILED + 1))
fi
[ "$PROFILE" = full ] && cp "$LOG_DIR/summary.json" "$RESULTS_DIR/rollout/summary.json"
echo "rollout-test: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
