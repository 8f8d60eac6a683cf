#!/usr/bin/env bash
# Checks deploy/observability and deploy/rollouts against real tools and a real server:
#   1. promtool check + unit tests of the alerting rules, and a negative control (a copy with
#      a wrong threshold must fail its tests);
#   2. every dashboard query and every canary-analysis query parses (promtool) and names only
#      metrics that a real `american serve` exports (its /metrics after a request);
#   3. the Argo Rollouts canary against its schema, with its self-test (scripts/validate_rollouts.py);
#   4. a real Prometheus on 127.0.0.1 scrapes a real `american serve` every second, with the
#      committed rules made short (`for:` 3 s, 20 s windows): the label-share alert is
#      inactive under mixed traffic, fires when only American-looking tweets arrive, and
#      resolves when the mix comes back; the drift alert is inactive under the course's test tweets,
#      fires when sentences of the project's own docs arrive (a 10 s drift window), and resolves;
#   5. `american score --model` gives the course test file a low drift score and the docs a high one.
# Installs prometheus (Debian) and python3-yaml/jsonschema into .venv-deploy when missing.
#
# Environment: AMERICAN_BIN (default .build/debug/american; built when missing).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

AMERICAN_BIN="${AMERICAN_BIN:-.build/debug/american}"
VENV=.venv-deploy
log() { printf '[observability %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=scripts/lib/apt.sh
. scripts/lib/apt.sh
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v curl >/dev/null || missing+=(curl)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
apt_install "${missing[@]}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check pyyaml jsonschema
if [ ! -x "$AMERICAN_BIN" ]; then
    log "building the server: swift build --product american"
    swift build --product american >/dev/null || { log "the build failed"; exit 2; }
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/american-observability.XXXXXX")"
pids=()
# shellcheck disable=SC2329  # called by the EXIT trap
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
check() { # check NAME COMMAND...
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
test_csv="${SHARED_DIR:-../shared}/data/test.csv"
python3 scripts/lib/docs_sentences.py "$work/docs.csv" || exit 2
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- 1. rules --------------------------------------------------------------------------------
rules=deploy/observability/prometheus
check "promtool check rules" promtool check rules "$rules/alerts.yaml"
check "promtool test rules (every alert fires where it should and not before)" promtool test rules "$rules/alerts.test.yaml"
cp "$rules/alerts.test.yaml" "$work/alerts.test.yaml"
sed 's/> 0.25/> 0.9/' "$rules/alerts.yaml" >"$work/alerts.yaml"
check "negative control: a drift threshold of 0.9 fails the rule tests" \
    bash -c "! promtool test rules '$work/alerts.test.yaml' >/dev/null 2>&1"

# --- 2. queries against a real server's metrics ------------------------------------------------
port=$(free_port)
"$AMERICAN_BIN" serve --host 127.0.0.1 --port "$port" --log-level warning --drain-seconds 0 --drift-window 10s >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS -X POST -d '{"text":"Stuck at home in New York"}' "http://127.0.0.1:$port/api/american" >/dev/null
# Enough predictions for the drift score to be published (it needs 100 in its window).
python3 -c 'import json; print(json.dumps({"texts": ["Stuck at home in New York, day %d" % i for i in range(120)]}))' |
    curl -fsS -X POST --data-binary @- "http://127.0.0.1:$port/api/american/batch" >/dev/null
curl -fsS "http://127.0.0.1:$port/metrics" >"$work/metrics.txt"
dashboard_queries() {
    "$VENV/bin/python" - "$work" <<'PY'
import json, re, subprocess, sys, yaml
work = sys.argv[1]
dash = json.load(open("deploy/observability/grafana/american-predictor.dashboard.json"))
exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
with open(f"{work}/dash-rules.yaml", "w") as f:
    yaml.safe_dump({"groups": [{"name": "dashboard", "rules": [{"record": f"dashboard:q{i}", "expr": e} for i, e in enumerate(exprs)]}]}, f)
parsed = subprocess.run(["promtool", "check", "rules", f"{work}/dash-rules.yaml"], capture_output=True, text=True)
exported = set()
for line in open(f"{work}/metrics.txt"):
    if line.strip() and not line.startswith("#"):
        name = re.split(r"[{ ]", line, maxsplit=1)[0]
        exported |= {name, re.sub(r"_(bucket|sum|count)$", "", name)}
unknown = sorted({n for e in exprs for n in re.findall(r"\b(american_[a-z_]+)", e)} - exported)
print(f"{len(exprs)} dashboard queries; promtool: {'ok' if parsed.returncode == 0 else parsed.stdout + parsed.stderr}; "
      f"unknown metrics: {unknown or 'none'}")
sys.exit(0 if parsed.returncode == 0 and not unknown else 1)
PY
}
check "every dashboard query parses and names a metric the server exports" dashboard_queries

# --- 3. the canary -----------------------------------------------------------------------------
check "Argo Rollouts canary: schema, rules, queries and self-test" \
    "$VENV/bin/python" scripts/validate_rollouts.py --metrics "$work/metrics.txt" --self-test

# --- 4. a real Prometheus ----------------------------------------------------------------------
prom_port=$(free_port)
sed -E 's/for: [0-9]+m/for: 3s/; s/\[[0-9]+m\]/[20s]/g' "$rules/alerts.yaml" >"$work/live-alerts.yaml"
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: ["$work/live-alerts.yaml"]
scrape_configs:
  - job_name: american-predictor
    static_configs:
      - targets: ["127.0.0.1:$port"]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
live_alerts() { # live_alerts ALERT_NAME (the traffic of each phase is set in the script)
    "$VENV/bin/python" - "$port" "$prom_port" "$1" "$test_csv" "$work/docs.csv" <<'PY'
import csv, json, sys, time, urllib.request
port, prom, alert, test_csv, docs_csv = sys.argv[1:6]
american = ["Stuck at home in New York", "Texas governor update", "Chicago streets empty", "Albany curfew tonight"]
others = ["Lockdown in London", "Sydney beaches closed", "Toronto mayor briefing", "Mumbai streets empty during curfew"]
def column(path, delimiter):
    with open(path, newline="", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f, delimiter=delimiter) if row.get("text")]
# Per alert: (calm traffic, traffic that must fire it).
phases = {
    "AmericanPredictorLabelShareSkew": (american + others, american),
    "AmericanPredictorInputDrift": (column(test_csv, ";"), column(docs_csv, ",")),
}
calm_texts, firing_texts = phases[alert]
sent = 0

def send(texts, seconds):
    global sent
    end = time.time() + seconds
    while time.time() < end:
        body = json.dumps({"text": texts[sent % len(texts)]}).encode()
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/american", body, method="POST"), timeout=2).read()
        sent += 1
        time.sleep(0.02)

def state():
    with urllib.request.urlopen(f"http://127.0.0.1:{prom}/api/v1/alerts", timeout=2) as r:
        alerts = json.load(r)["data"]["alerts"]
    return {a["labels"]["alertname"] + "".join(f"/{a['labels'][k]}" for k in ("signal",) if k in a["labels"]): a["state"] for a in alerts}

def alert_state():
    states = [v for k, v in state().items() if k.split("/")[0] == alert]
    return "firing" if "firing" in states else "pending" if "pending" in states else "inactive"

def wait(label, want, texts, limit=60):
    start = time.time()
    while time.time() - start < limit:
        send(texts, 1)
        if alert_state() == want:
            print(f"{label}: {want} after {time.time() - start:.0f} s")
            return True
    print(f"{label}: still {state()} after {limit} s")
    return False

for _ in range(60):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{prom}/-/ready", timeout=1)
        break
    except OSError:
        time.sleep(0.5)
send(calm_texts, 25)
calm = alert_state()
print(f"{alert}, calm traffic: {calm}; all alerts: {state()}")
fired = wait("traffic that should fire it", "firing", firing_texts)
resolved = wait("calm traffic again", "inactive", calm_texts, limit=90)
sys.exit(0 if calm == "inactive" and fired and resolved else 1)
PY
}
check "live Prometheus: the label-share alert is inactive, fires, and resolves" live_alerts AmericanPredictorLabelShareSkew
check "live Prometheus: the drift alert is inactive on test.csv, fires on the docs' sentences, and resolves" \
    live_alerts AmericanPredictorInputDrift

# --- 5. american score --model ----------------------------------------------------------------
score_drift() { # score_drift CSV LOW|HIGH: LOW = PSI < 0.1 on both signals, HIGH = PSI > 0.25 on the probability
    local out
    out=$("$AMERICAN_BIN" score --url "http://127.0.0.1:$port" --data "$1" --model models/american.model.json 2>/dev/null) || return 1
    echo "$out" | grep '^drift'
    echo "$out" | grep '^drift (PSI)' | grep -oE ': [0-9.]+' | tr -d ': ' | awk -v want="$2" '
        { n++; if ((want == "LOW" && $1 >= 0.1) || (want == "HIGH" && n == 1 && $1 <= 0.25)) bad++ }
        END { exit (n == 2 && !bad) ? 0 : 1 }'
}
check "american score --model: the course test file drifts little (PSI < 0.1 on both signals)" score_drift "$test_csv" LOW
check "american score --model: the docs' sentences drift a lot (probability PSI > 0.25)" score_drift "$work/docs.csv" HIGH

echo "observability: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
