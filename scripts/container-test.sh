#!/usr/bin/env bash
# Real-container test of the american-predictor image, with Podman (no Docker engine here).
#
# Builds the release binary on the host, a Debian base image with debootstrap (once), the
# image from the Dockerfile with BINARY_STAGE=prebuilt, then checks that:
#   - the release binary carries no ICU / FoundationInternationalization (scripts/check-no-icu.sh,
#     with its negative control: it must fail on a build that imports full Foundation);
#   - the image is distroless: no shell, no programs besides /app/american;
#   - the image holds no *.model.json, has /app/american, the OCI labels,
#     USER 65532, EXPOSE 8080, PORT / MODEL_PATH / APP_VERSION env;
#   - it serves with the model on a read-only volume, hardened (--read-only, --cap-drop ALL,
#     no-new-privileges, --tmpfs /tmp), as uid 65532 with no capabilities: the API contract,
#     the web page and openapi.yaml;
#   - it serves with MODEL_URL (a loopback HTTP server on the host) + the right MODEL_SHA256;
#   - `podman stop` ends it with exit code 0 within the drain time;
#   - every overlay's rendered pod becomes ready as a container of the image, started with the
#     render's env, args, probes and security context (scripts/check_pods_ready.py --podman),
#     and a wrong MODEL_SHA256, an unreachable MODEL_URL or a redirect loop stops it with a
#     non-zero exit and a clear last line.
# Prints the image size and `N passed, N failed`; exits non-zero on any failure.
#
# Env: SHARED_DIR (default ../shared), IMAGE, BASE_IMAGE, PORT_BASE (default 18180),
#      SKIP_SWIFT_BUILD=1 (use dist/ as it is), KEEP_IMAGE=1 (default: keep; 0 removes it).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SHARED_DIR="${SHARED_DIR:-$ROOT/../shared}"
PORT_BASE="${PORT_BASE:-18180}"
DRAIN=2
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/american-container-test.XXXXXX")"
export LOG_DIR
# shellcheck source=scripts/lib/container-common.sh
. scripts/lib/container-common.sh

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
check() { # check "description" command...
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

CONTAINERS=()
HTTP_PID=""
cleanup() {
    local c
    for c in "${CONTAINERS[@]}"; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
    [ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null
    rm -rf "$LOG_DIR"
}
trap cleanup EXIT
trap "exit 130" INT TERM

# --- setup -------------------------------------------------------------------------------
install_container_tools python3-yaml
if [ "${SKIP_SWIFT_BUILD:-0}" != 1 ] || [ ! -x dist/american ]; then build_release_binary; fi
check "the release binary carries no ICU / FoundationInternationalization (scripts/check-no-icu.sh)" \
    bash scripts/check-no-icu.sh dist/american
check "scripts/check-no-icu.sh fails on a build that imports full Foundation (negative control)" \
    bash scripts/check-no-icu.sh --negative-control
ensure_base_image
if build_app_image; then
    pass "image $IMAGE builds from the Dockerfile (BINARY_STAGE=prebuilt, DEBIAN_IMAGE=$BASE_IMAGE)"
else
    tail -30 "$LOG_DIR/podman-build.log"
    fail "image $IMAGE builds from the Dockerfile"
    echo "$PASSED passed, $FAILED failed"
    exit 1
fi
MODEL_DIR="$LOG_DIR/models"
ensure_model "$MODEL_DIR"
MODEL_SHA="$(sha256sum "$MODEL_DIR/american.model.json" | cut -d' ' -f1)"

# --- the image's content and configuration -----------------------------------------------
podman create --name ct-export "$IMAGE" >/dev/null && CONTAINERS+=(ct-export)
podman export ct-export | tar -t >"$LOG_DIR/files.txt"
podman rm -f ct-export >/dev/null 2>&1
equals() { [ "$1" = "$2" ]; }
no_model_files() { ! grep -q '\.model\.json$' "$LOG_DIR/files.txt"; }
check "no *.model.json anywhere in the image ($(wc -l <"$LOG_DIR/files.txt") paths listed)" no_model_files
check "the binary is at /app/american" grep -qx 'app/american' "$LOG_DIR/files.txt"
no_shell() { ! grep -qE '^(usr/)?s?bin/' "$LOG_DIR/files.txt"; }
check "distroless: no shell and no other program in bin/, sbin/, usr/bin/, usr/sbin/" no_shell
for bundle in dist/*.resources; do
    [ -d "$bundle" ] || continue
    check "the resource bundle $(basename "$bundle") sits next to it" grep -qx "app/$(basename "$bundle")/" "$LOG_DIR/files.txt"
done

inspect() { podman image inspect --format "$1" "$IMAGE"; }
check "USER is 65532" equals "$(inspect '{{.Config.User}}')" 65532:65532
check "EXPOSE 8080" grep -q '8080/tcp' <<<"$(inspect '{{json .Config.ExposedPorts}}')"
inspect '{{range .Config.Env}}{{println .}}{{end}}' >"$LOG_DIR/env.txt"
check "ENV PORT=8080" grep -qx 'PORT=8080' "$LOG_DIR/env.txt"
check "ENV MODEL_PATH=/models/american.model.json" grep -qx 'MODEL_PATH=/models/american.model.json' "$LOG_DIR/env.txt"
check "ENV APP_VERSION=$APP_VERSION_LABEL and APP_REVISION from the build args" \
    bash -c "grep -qx 'APP_VERSION=$APP_VERSION_LABEL' '$LOG_DIR/env.txt' && grep -q '^APP_REVISION=.' '$LOG_DIR/env.txt'"
check "ENTRYPOINT [/app/american serve --host 0.0.0.0]" \
    equals "$(inspect '{{json .Config.Entrypoint}}')" '["/app/american","serve","--host","0.0.0.0"]'
check "WORKDIR /app" equals "$(inspect '{{.Config.WorkingDir}}')" /app
LABELS_OK=1
for l in version revision source title licenses; do
    v="$(inspect "{{index .Labels \"org.opencontainers.image.$l\"}}")"
    [ -n "$v" ] && [ "$v" != "<no value>" ] || { LABELS_OK=0; echo "  label org.opencontainers.image.$l missing"; }
done
check "OCI labels version, revision, source, title, licenses" [ "$LABELS_OK" = 1 ]
SIZE="$(inspect '{{.Size}}')"
BASE_SIZE="$(podman image inspect --format '{{.Size}}' "$BASE_IMAGE")"

# --- helpers for the running containers -----------------------------------------------------
HARDENING=(--read-only --cap-drop ALL --security-opt no-new-privileges --tmpfs /tmp)

# run_container NAME PORT [podman run args...]: detached, host network, hardened.
run_container() {
    local name=$1 port=$2; shift 2
    podman rm -f -t 0 "$name" >/dev/null 2>&1
    CONTAINERS+=("$name")
    "${PODMAN_RUN[@]}" -d --name "$name" --network host "${HARDENING[@]}" \
        -e PORT="$port" -e DRAIN_SECONDS="$DRAIN" "$@" "$IMAGE" >/dev/null
}

# api_contract PORT: POST /api/american answers exactly the three keys with the right types.
api_contract() {
    curl -s -m 5 -X POST --data '{"text":"Stocking up at Walmart before the stimulus checks, yall"}' \
        "http://127.0.0.1:$1/api/american" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert set(d) == {"is_american", "version", "model_date"}, d
assert type(d["is_american"]) is int and d["is_american"] in (0, 1), d
assert isinstance(d["version"], str) and d["version"], d
assert isinstance(d["model_date"], str) and d["model_date"], d
print("  ", json.dumps(d))'
}

# version_field PORT KEY: one field of GET /version.
version_field() {
    curl -s -m 5 "http://127.0.0.1:$1/version" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$2', ''))"
}
version_field_is() { [ "$(version_field "$1" "$2")" = "$3" ]; }
# (Each body is read whole before grep: `curl | grep -q` fails under pipefail when grep stops early.)
version_field_has() { local v; v="$(version_field "$1" "$2")" && grep -q -- "$3" <<<"$v"; }
healthz_ok() { [ "$(curl -s -m 5 "http://127.0.0.1:$1/healthz" | tr -d ' \n')" = '{"status":"ok"}' ]; }
web_page() { local body; body="$(curl -sf -m 5 "http://127.0.0.1:$1/")" && grep -qi '<html' <<<"$body"; }
openapi() { local body; body="$(curl -sf -m 5 "http://127.0.0.1:$1/openapi.yaml")" && grep -q '^openapi:' <<<"$body"; }

# non_root NAME: the process runs as uid/gid 65532 with no capabilities and no_new_privs.
non_root() {
    local pid status
    pid="$(podman inspect --format '{{.State.Pid}}' "$1")"
    status="$(cat "/proc/$pid/status")"
    echo "   podman top (user group huser capeff): $(podman top "$1" user group huser capeff 2>&1 | tail -n +2 | head -1)"
    grep -E '^(Uid|Gid|CapEff|NoNewPrivs|VmRSS):' <<<"$status" | sed 's/^/   /'
    grep -Eq '^Uid:\s+65532\s+65532\s+65532\s+65532$' <<<"$status" &&
        grep -Eq '^Gid:\s+65532\s+65532\s+65532\s+65532$' <<<"$status" &&
        grep -Eq '^CapEff:\s+0+$' <<<"$status" &&
        grep -Eq '^NoNewPrivs:\s+1$' <<<"$status" &&
        [ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$1")" = true ]
}

# stop_cleanly NAME: podman stop → exit code 0 within the drain time (+ a margin).
stop_cleanly() {
    local t0 t1 code
    t0=$(date +%s.%N)
    podman stop -t $((DRAIN + 10)) "$1" >/dev/null
    t1=$(date +%s.%N)
    code="$(podman inspect --format '{{.State.ExitCode}}' "$1")"
    printf '   exit code %s after %.1f s (DRAIN_SECONDS=%s)\n' "$code" "$(python3 -c "print($t1 - $t0)")" "$DRAIN"
    [ "$code" = 0 ] && python3 -c "import sys; sys.exit(0 if $t1 - $t0 <= $DRAIN + 5 else 1)"
}

# serving_checks LABEL PORT NAME: what every serving container must show: the
# API contract, the model's SHA-256 in /version, the hardening, a clean stop.
serving_checks() {
    check "$1 POST /api/american → is_american 0|1, version, model_date" api_contract "$2"
    check "$1 GET /version: model_sha256 is the model's SHA-256" version_field_is "$2" model_sha256 "$MODEL_SHA"
    check "$1 runs as uid 65532, no capabilities, no_new_privs, read-only rootfs" non_root "$3"
    check "$1 podman stop → exit code 0 within the drain time" stop_cleanly "$3"
}

dump_logs() { echo "   --- podman logs $1 (last 15 lines)"; podman logs "$1" 2>&1 | tail -15 | sed 's/^/   /'; }

# --- (a) model on a read-only volume ------------------------------------------------------------
P=$((PORT_BASE + 1))
run_container ct-volume "$P" -v "$MODEL_DIR:/models:ro" -e APP_VERSION=container-test
if wait_http "http://127.0.0.1:$P/readyz" 60; then
    pass "(a) read-only model volume, hardened: ready on :$P"
    check '(a) GET /healthz → {"status":"ok"}' healthz_ok "$P"
    check "(a) GET /version: version carries APP_VERSION" version_field_has "$P" version container-test
    check "(a) GET / serves the web page" web_page "$P"
    check "(a) GET /openapi.yaml" openapi "$P"
    serving_checks "(a)" "$P" ct-volume
else
    fail "(a) read-only model volume, hardened: ready on :$P within 60 s"
    dump_logs ct-volume
fi

# --- (b) MODEL_URL from a loopback HTTP server + MODEL_SHA256 ----------------------------------
HP=$((PORT_BASE + 9))
python3 -m http.server "$HP" --bind 127.0.0.1 --directory "$MODEL_DIR" >"$LOG_DIR/http.log" 2>&1 &
HTTP_PID=$!
wait_http "http://127.0.0.1:$HP/american.model.json" 20 || fail "the loopback model server on :$HP"
P=$((PORT_BASE + 2))
run_container ct-url "$P" -e MODEL_URL="http://127.0.0.1:$HP/american.model.json" -e MODEL_SHA256="$MODEL_SHA"
if wait_http "http://127.0.0.1:$P/readyz" 60; then
    pass "(b) MODEL_URL + right MODEL_SHA256, hardened, no volume: ready on :$P"
    serving_checks "(b)" "$P" ct-url
else
    fail "(b) MODEL_URL + right MODEL_SHA256: ready on :$P within 60 s"
    dump_logs ct-url
fi

kill "$HTTP_PID" 2>/dev/null; HTTP_PID=""

# --- (c) every rendered pod, as a container of the image -------------------------------------
# The render's env (its ConfigMaps), args, probes, memory limit and security context, with
# MODEL_URL's host played by a local server that answers a 302 as GitHub does
# (scripts/check_pods_ready.py --podman); a wrong SHA-256, an unreachable URL and a
# redirect loop must each stop the container with a clear last line.
ensure_kubectl
RENDERS=()
for overlay in deploy/k8s/overlays/*/; do
    name="$(basename "$overlay")"
    "$KUBECTL" kustomize "$overlay" >"$LOG_DIR/render-$name.yaml" && RENDERS+=("$LOG_DIR/render-$name.yaml")
done
check "(c) every rendered pod (${#RENDERS[@]} overlays) becomes ready as a container of the image; broken model sources stop it" \
    python3 scripts/check_pods_ready.py --podman "$IMAGE" --podman-run "${PODMAN_RUN[*]}" --negative "${RENDERS[@]}"

# --- summary ------------------------------------------------------------------------------------
echo
printf 'image %s: %s bytes (%.1f MiB); base %s: %.1f MiB; dist/ (stripped binary): %.1f MiB\n' \
    "$IMAGE" "$SIZE" "$(python3 -c "print($SIZE/1048576)")" "$BASE_IMAGE" \
    "$(python3 -c "print($BASE_SIZE/1048576)")" "$(du -sb dist | python3 -c 'import sys; print(int(sys.stdin.read().split()[0])/1048576)')"
[ "${KEEP_IMAGE:-1}" = 0 ] && podman rmi -f "$IMAGE" >/dev/null 2>&1
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
