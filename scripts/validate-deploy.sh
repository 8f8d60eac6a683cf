#!/usr/bin/env bash
# Offline validation of the deployment files: Kubernetes manifests (kustomize),
# the Argo CD Application, the GitHub workflows and the Dockerfile.
#
#   bash scripts/validate-deploy.sh                 # everything (what CI runs)
#   bash scripts/validate-deploy.sh --overlay USER  # one overlay and its Application
#                                                   # (what scripts/deploy-init runs)
#
# Installs its tools itself (PyPI wheels into .venv-deploy, see
# scripts/requirements-deploy.txt; Debian's python3-venv if venv is missing), then:
#   1. renders deploy/k8s/base and every deploy/k8s/overlays/* with `kubectl kustomize`
#   2. validates every rendered object against the Kubernetes schemas of every minor
#      from 1.25 to 1.37 (kubernetes-validate --strict: unknown fields fail too)
#   3. asserts our own rules on the rendered Deployments (scripts/check_deployment.py:
#      no cluster-scoped object, MODEL_SHA256 = SHA-256 of models/american.model.json,
#      MODEL_URL pinned at a commit that holds that file, ...) and proves the checker
#      on broken copies (--self-test) and on a committed placeholder (negative tests)
#   4. starts every rendered pod with the real `american serve` and requires /readyz 200
#      (scripts/check_pods_ready.py, model host on 127.0.0.1 with a 302), plus broken
#      model sources that must stop the server
#   5. the model re-pin path (scripts/set-model-release.sh) and the release bump
#      (scripts/release-bump.sh) on fork-like copies, with negative cases
#   6. scripts/deploy-init on a copy of the repository (files, idempotence, bad args)
#   7. validates deploy/argocd/*.yaml (scripts/validate_argocd_app.py: Argo CD's CRD,
#      our stricter schema, project and per-user rules)
#   8. yamllint on all YAML, actionlint (+shellcheck) on workflows, shellcheck on
#      these scripts, hadolint on the Dockerfile when there is one
# Step 4 needs the `american` binary: $AMERICAN_BIN, .build/debug/american,
# .build-release/release/american or .build/release/american; without one it builds
# it (flock /tmp/swiftbuild.lock swift build --product american) when swift is
# installed, and otherwise fails (with --overlay: says it skipped the step).
# Rendered manifests go to out/deploy/. Prints a summary; exits non-zero on any failure.
set -uo pipefail

only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --overlay) only="${2:-}"; shift 2 ;;
    *) echo "validate-deploy: unknown argument: $1 (usage: validate-deploy.sh [--overlay NAME])" >&2; exit 2 ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root" || exit 1

venv="$repo_root/.venv-deploy"
requirements="$repo_root/scripts/requirements-deploy.txt"
out="$repo_root/out/deploy"
k8s_versions=(1.25.0 1.26.0 1.27.0 1.28.0 1.29.0 1.30.0 1.31.0 1.32.0 1.33.0 1.34.0 1.35.0 1.36.0 1.37.0)

passed=0
failed=0
results=()

note() { printf '\n=== %s\n' "$*"; }

# step NAME COMMAND...: run a check, record PASS/FAIL, keep going.
step() {
  local name="$1"
  shift
  note "$name"
  if "$@"; then
    results+=("PASS  $name")
    passed=$((passed + 1))
  else
    results+=("FAIL  $name")
    failed=$((failed + 1))
  fi
}

# expect_failure NAME COMMAND...: a negative test; the command must fail.
expect_failure() {
  local name="$1"
  shift
  note "$name (must be rejected)"
  if "$@" >"$out/negative.log" 2>&1; then
    cat "$out/negative.log"
    echo "NOT rejected"
    results+=("FAIL  $name")
    failed=$((failed + 1))
  else
    tail -n 3 "$out/negative.log"
    echo "rejected, as it should be"
    results+=("PASS  $name")
    passed=$((passed + 1))
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------- tools
install_tools() {
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null || {
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
  }
  local want have=""
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"
  [ -f "$venv/.requirements.sha256" ] && have="$(cat "$venv/.requirements.sha256")"
  if [ -x "$venv/bin/python" ] && [ "$want" = "$have" ]; then
    echo "tools already installed in .venv-deploy"
    return 0
  fi
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    echo "python venv module missing: installing Debian's python3-venv"
    rm -rf "$venv"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python=python3
    "$python" -m venv "$venv" || return 1
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" || return 1
  echo "$want" > "$venv/.requirements.sha256"
  echo "installed scripts/requirements-deploy.txt into .venv-deploy"
}

tool_versions() {
  echo "python:              $("$venv/bin/python" --version 2>&1)"
  echo "kubectl:             $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
  echo "kubernetes-validate: $(kubernetes-validate --version 2>&1) (schemas for Kubernetes ${k8s_versions[0]} .. ${k8s_versions[-1]})"
  echo "jsonschema:          $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("jsonschema"))')"
  echo "PyYAML:              $("$venv/bin/python" -c 'import yaml; print(yaml.__version__)')"
  echo "yamllint:            $(yamllint --version 2>&1)"
  echo "actionlint:          $(actionlint --version 2>&1 | head -n 1)"
  echo "shellcheck:          $(shellcheck --version 2>&1 | sed -n 's/^version: //p')"
  echo "hadolint:            $(hadolint --version 2>&1)"
}

# ---------------------------------------------------------------- checks
renders=()

render_all() {
  local dir name status=0
  rm -rf "$out"
  mkdir -p "$out"
  renders=()
  local dirs=(deploy/k8s/base deploy/k8s/overlays/*/)
  [ -n "$only" ] && dirs=("deploy/k8s/overlays/$only")
  for dir in "${dirs[@]}"; do
    dir="${dir%/}"
    name="$(basename "$dir")"
    if kubectl kustomize "$dir" > "$out/$name.yaml"; then
      echo "rendered $dir -> out/deploy/$name.yaml ($(grep -c '^kind:' "$out/$name.yaml") objects)"
      renders+=("$name")
    else
      echo "FAILED to render $dir"
      status=1
    fi
  done
  if [ -z "$only" ]; then
    [ -f "$out/prod.yaml" ] && [ -f "$out/dev.yaml" ] || { echo "missing the dev or prod overlay"; status=1; }
  fi
  return $status
}

validate_schemas() {
  local version status=0 files=()
  local name
  for name in "${renders[@]}"; do files+=("$out/$name.yaml"); done
  for version in "${k8s_versions[@]}"; do
    if kubernetes-validate --strict --quiet -k "$version" "${files[@]}"; then
      echo "ok   Kubernetes $version (strict): every object of ${renders[*]}"
    else
      echo "FAIL Kubernetes $version"
      status=1
    fi
  done
  return $status
}

# The manifests' old preStop.sleep must be refused by the 1.28 schema: this is what
# ran on 1.27/1.28 clusters before, and proves the range check sees such a field.
prestop_sleep_render() {
  "$venv/bin/python" - "$out/prod.yaml" > "$out/negative-prestop.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    if d["kind"] == "Deployment":
        d["spec"]["template"]["spec"]["containers"][0]["lifecycle"] = {"preStop": {"sleep": {"seconds": 5}}}
print(yaml.safe_dump_all(docs))
PY
  kubernetes-validate --strict --quiet -k 1.28.0 "$out/negative-prestop.yaml"
}

unknown_field_render() {
  sed 's/^  replicas: /  replicaz: /' "$out/prod.yaml" > "$out/negative-unknown-field.yaml"
  kubernetes-validate --strict --quiet -k "${k8s_versions[0]}" "$out/negative-unknown-field.yaml"
}

check_overlays() {
  local overlays=()
  local name
  for name in "${renders[@]}"; do
    [ "$name" = base ] || overlays+=("$out/$name.yaml")  # the base has no version label by design
  done
  "$venv/bin/python" scripts/check_deployment.py "${overlays[@]}"
}

latest_tag_render() {
  sed -E 's|^( +image: [^@]*):[^:@/ ]+|\1:latest|' "$out/prod.yaml" > "$out/negative-latest.yaml"
  grep -q ':latest' "$out/negative-latest.yaml" || { echo "the negative test did not change the image"; return 0; }
  "$venv/bin/python" scripts/check_deployment.py "$out/negative-latest.yaml"
}

short_grace_render() {
  sed -E 's|^( +terminationGracePeriodSeconds: ).*|\16|' "$out/prod.yaml" > "$out/negative-grace.yaml"
  "$venv/bin/python" scripts/check_deployment.py "$out/negative-grace.yaml"
}

# copy_repo DIR: a Git clone of this repository with the working tree's deploy/,
# scripts/, models/ and Dockerfile on top (so that uncommitted edits are what is tested).
copy_repo() {
  git clone -q "$repo_root" "$1" || return 1
  rm -rf "$1/deploy" "$1/scripts"
  cp -r deploy scripts "$1/" && cp models/american.model.json "$1/models/" && cp Dockerfile "$1/" 2>/dev/null
  return 0
}

# A placeholder or a SHA-256 that is not the shipped model's, committed in the base:
# the rules must fail on the render (what CI does with such a commit).
placeholder_sha_committed() {
  local tmp status
  tmp="$(mktemp -d)"
  cp -r deploy "$tmp/deploy"
  sed -i -E "s|^([[:space:]]+- MODEL_SHA256=).*|\1$1|" "$tmp/deploy/k8s/base/kustomization.yaml"
  kubectl kustomize "$tmp/deploy/k8s/overlays/prod" > "$tmp/prod.yaml" || return 0
  "$venv/bin/python" scripts/check_deployment.py "$tmp/prod.yaml"
  status=$?
  rm -rf "$tmp"
  return $status
}

branch_url_committed() {
  local tmp status
  tmp="$(mktemp -d)"
  cp -r deploy "$tmp/deploy"
  sed -i -E "s|^([[:space:]]+- MODEL_URL=https://raw.githubusercontent.com/[^/]+/[^/]+/)[^/]+/|\1main/|" "$tmp/deploy/k8s/base/kustomization.yaml"
  grep -q 'MODEL_URL=.*/main/' "$tmp/deploy/k8s/base/kustomization.yaml" || { echo "the negative test did not change MODEL_URL"; return 0; }
  kubectl kustomize "$tmp/deploy/k8s/overlays/prod" > "$tmp/prod.yaml" || return 0
  "$venv/bin/python" scripts/check_deployment.py "$tmp/prod.yaml"
  status=$?
  rm -rf "$tmp"
  return $status
}

# ---------------------------------------------------------------- pods
american_bin=""
find_binary() {
  local candidate
  for candidate in "${AMERICAN_BIN:-}" .build/debug/american .build-release/release/american .build/release/american; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then american_bin="$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")"; return 0; fi
  done
  if [ -n "$only" ]; then return 1; fi
  if command -v swift >/dev/null 2>&1; then
    echo "no american binary: building it (flock /tmp/swiftbuild.lock swift build --product american)"
    flock /tmp/swiftbuild.lock swift build --product american || return 1
    american_bin="$repo_root/.build/debug/american"
    [ -x "$american_bin" ]
    return
  fi
  return 1
}

# run_pods ARGS...: scripts/check_pods_ready.py in a private network namespace when
# root can make one (the pods listen on their real port 8080, nothing leaves it),
# else with a free port per pod.
run_pods() {
  if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
    # shellcheck disable=SC2016
    unshare --net sh -c 'ip link set lo up && exec "$@"' sh \
      "$venv/bin/python" scripts/check_pods_ready.py --binary "$american_bin" --logs "$out/pods" "$@"
  else
    echo "(no private network namespace here: each pod gets a free port on 127.0.0.1)"
    "$venv/bin/python" scripts/check_pods_ready.py --binary "$american_bin" --logs "$out/pods" --remap-port "$@"
  fi
}

pods_ready() {
  local overlays=() name
  for name in "${renders[@]}"; do
    [ "$name" = base ] || overlays+=("$out/$name.yaml")
  done
  [ -f "$out/deploy-init.yaml" ] && overlays+=("$out/deploy-init.yaml")
  echo "binary: $american_bin"
  run_pods --negative "${overlays[@]}"
}

# The check must fail when a rendered pod cannot become ready (here: its MODEL_SHA256
# is not the SHA-256 of the bytes its MODEL_URL serves).
pods_not_ready() {
  "$venv/bin/python" - "$out/prod.yaml" > "$out/negative-pod.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    if d["kind"] == "ConfigMap" and "MODEL_SHA256" in d.get("data", {}):
        d["data"]["MODEL_SHA256"] = "1" * 64
print(yaml.safe_dump_all(docs))
PY
  run_pods "$out/negative-pod.yaml"
}

# ---------------------------------------------------------------- deploy-init
init_args=(--user zz999 --port 5017 --image quay.io/zz999/american-predictor --repo https://github.com/zz999/american-predictor)

deploy_init() {
  local tmp status=0 before after bad
  tmp="$(mktemp -d)"
  copy_repo "$tmp/repo" || return 1
  (cd "$tmp/repo" && python3 scripts/deploy-init "${init_args[@]}" --no-validate) > "$tmp/init.log" || { cat "$tmp/init.log"; return 1; }
  grep -q '^argocd app create zz999-american-predictor --project zz999-project ' "$tmp/init.log" || { echo "no argocd app create command printed"; status=1; }
  for f in deploy/k8s/overlays/zz999/kustomization.yaml deploy/argocd/zz999.application.yaml; do
    [ -f "$tmp/repo/$f" ] || { echo "deploy-init did not write $f"; status=1; }
  done
  # idempotent: a second run changes no byte
  before="$(cd "$tmp/repo" && sha256sum deploy/k8s/overlays/zz999/kustomization.yaml deploy/argocd/zz999.application.yaml deploy/k8s/base/kustomization.yaml)"
  (cd "$tmp/repo" && python3 scripts/deploy-init "${init_args[@]}" --no-validate) > "$tmp/init2.log" || status=1
  after="$(cd "$tmp/repo" && sha256sum deploy/k8s/overlays/zz999/kustomization.yaml deploy/argocd/zz999.application.yaml deploy/k8s/base/kustomization.yaml)"
  if [ "$before" = "$after" ] && grep -q 'unchanged deploy/k8s/overlays/zz999' "$tmp/init2.log"; then echo "ok   a second run writes the same bytes"; else echo "FAIL deploy-init is not idempotent"; status=1; fi
  # the offline checks on its output (the same as for the committed overlays)
  kubectl kustomize "$tmp/repo/deploy/k8s/overlays/zz999" > "$out/deploy-init.yaml" || status=1
  for version in "${k8s_versions[@]}"; do
    kubernetes-validate --strict --quiet -k "$version" "$out/deploy-init.yaml" || { echo "FAIL Kubernetes $version"; status=1; }
  done
  echo "ok   (unless listed above) valid for Kubernetes ${k8s_versions[0]} .. ${k8s_versions[-1]}"
  "$venv/bin/python" "$tmp/repo/scripts/check_deployment.py" "$out/deploy-init.yaml" || status=1
  "$venv/bin/python" "$tmp/repo/scripts/validate_argocd_app.py" "$tmp/repo/deploy/argocd/zz999.application.yaml" || status=1
  "$venv/bin/python" "$tmp/repo/scripts/validate_argocd_app.py" --self-test "$tmp/repo/deploy/argocd/zz999.application.yaml" > "$tmp/self.log" || { cat "$tmp/self.log"; status=1; }
  tail -n 1 "$tmp/self.log"
  "$venv/bin/python" - "$out/deploy-init.yaml" "$tmp/repo/deploy/argocd/zz999.application.yaml" <<'PY' || status=1
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
app = yaml.safe_load(open(sys.argv[2]))
svc = next(d for d in docs if d["kind"] == "Service")
dep = next(d for d in docs if d["kind"] == "Deployment")
checks = [
    ("no Namespace or other cluster-scoped kind", all(d["kind"] != "Namespace" and d["metadata"].get("namespace") == "zz999" for d in docs)),
    ("Application project zz999-project", app["spec"]["project"] == "zz999-project"),
    ("Application namespace zz999", app["spec"]["destination"]["namespace"] == "zz999"),
    ("Application server in-cluster", app["spec"]["destination"]["server"] == "https://kubernetes.default.svc"),
    ("automated prune + selfHeal", app["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}),
    ("no CreateNamespace", not any(o.startswith("CreateNamespace") for o in app["spec"]["syncPolicy"].get("syncOptions", []))),
    ("no finalizer (no cascade)", not app["metadata"].get("finalizers")),
    ("Service ClusterIP port 5017 -> http", svc["spec"]["type"] == "ClusterIP" and svc["spec"]["ports"][0]["port"] == 5017 and svc["spec"]["ports"][0]["targetPort"] == "http"),
    ("image quay.io/zz999/american-predictor", dep["spec"]["template"]["spec"]["containers"][0]["image"].startswith("quay.io/zz999/american-predictor:")),
    ("MODEL_URL reads the fork zz999/american-predictor", any(d["kind"] == "ConfigMap" and d.get("data", {}).get("MODEL_URL", "").startswith(
        "https://raw.githubusercontent.com/zz999/american-predictor/") for d in docs)),
]
for label, ok in checks:
    print(("ok   " if ok else "FAIL ") + label)
sys.exit(0 if all(ok for _, ok in checks) else 1)
PY
  # bad arguments: one line, exit 2, nothing written
  for bad in "--user Not_A_Label" "--user zz998 --port 0" "--user zz998 --port 65536" \
             "--user zz998 --image quay.io/zz999/american-predictor:latest" "--user zz998 --image quay.io/zz999/american-predictor:1.0" \
             "--user zz998 --image zz999/american-predictor" "--user zz998 --model-url https://raw.githubusercontent.com/a/b/main/models/american.model.json"; do
    before="$(cd "$tmp/repo" && git status --porcelain --untracked-files=all | sha256sum)"
    # later options win: the bad one overrides the good default
    # shellcheck disable=SC2086
    (cd "$tmp/repo" && python3 scripts/deploy-init "${init_args[@]}" $bad --no-validate) > "$tmp/bad.out" 2> "$tmp/bad.err"
    local code=$?
    after="$(cd "$tmp/repo" && git status --porcelain --untracked-files=all | sha256sum)"
    if [ "$code" = 2 ] && [ "$(wc -l < "$tmp/bad.err")" = 1 ] && [ ! -s "$tmp/bad.out" ] && [ "$before" = "$after" ]; then
      echo "ok   refused ($bad): $(cat "$tmp/bad.err")"
    else
      echo "FAIL not refused cleanly ($bad): exit $code, stderr $(wc -l < "$tmp/bad.err") lines, files changed: $([ "$before" = "$after" ] && echo no || echo yes)"
      status=1
    fi
  done
  rm -rf "$tmp"
  return $status
}

# ---------------------------------------------------------------- release bump
bump_digest="sha256:$(printf 'fork-release' | sha256sum | cut -d' ' -f1)"

# A fork named differently from the base image name: the bump must reach every overlay.
release_bump_fork() {
  local tmp status=0
  tmp="$(mktemp -d)"
  copy_repo "$tmp/zz999-tweet-fork" || return 1
  (cd "$tmp/zz999-tweet-fork" && python3 scripts/deploy-init "${init_args[@]}" --no-validate >/dev/null) || return 1
  bash "$tmp/zz999-tweet-fork/scripts/release-bump.sh" --image quay.io/zz999/tweet-fork --version 2.3.4 --digest "$bump_digest" || status=1
  local overlay
  for overlay in "$tmp"/zz999-tweet-fork/deploy/k8s/overlays/*/; do
    kubectl kustomize "$overlay" | grep -q "image: quay.io/zz999/tweet-fork:2.3.4@$bump_digest" || { echo "FAIL $overlay not bumped"; status=1; }
  done
  # deploy-init keeps what the release wrote
  (cd "$tmp/zz999-tweet-fork" && python3 scripts/deploy-init --user zz999 --port 5017 --image quay.io/zz999/tweet-fork --repo https://github.com/zz999/tweet-fork --no-validate >/dev/null) || status=1
  if kubectl kustomize "$tmp/zz999-tweet-fork/deploy/k8s/overlays/zz999" | grep -q "image: quay.io/zz999/tweet-fork:2.3.4@$bump_digest"; then
    echo "ok   re-running deploy-init keeps the released tag and digest"
  else
    echo "FAIL deploy-init dropped the released image"; status=1
  fi
  rm -rf "$tmp"
  return $status
}

# Negative: an overlay keyed on another image name (the old release.yml's mistake).
release_bump_wrong_key() {
  local tmp
  tmp="$(mktemp -d)"
  cp -r deploy scripts "$tmp/"
  sed -i 's|^  - name: ghcr.io/american-predictor/american-predictor$|  - name: ghcr.io/zz999/tweet-fork|' "$tmp/deploy/k8s/overlays/prod/kustomization.yaml"
  bash "$tmp/scripts/release-bump.sh" --image quay.io/zz999/tweet-fork --version 2.3.4 --digest "$bump_digest" --overlay "$tmp/deploy/k8s/overlays/prod"
}

# Negative: the kustomization edit succeeds but the render keeps another image (a
# patch overrides it): only the render assertion can see that.
release_bump_render_unchanged() {
  local tmp
  tmp="$(mktemp -d)"
  cp -r deploy scripts "$tmp/"
  cat >> "$tmp/deploy/k8s/overlays/prod/kustomization.yaml" <<'YAML'

patches:
  - target:
      kind: Deployment
      name: american-predictor
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: ghcr.io/american-predictor/american-predictor-old:0.1.0
YAML
  bash "$tmp/scripts/release-bump.sh" --image quay.io/zz999/tweet-fork --version 2.3.4 --digest "$bump_digest" --overlay "$tmp/deploy/k8s/overlays/prod"
}

model_bump() {
  # On a copy of deploy/: point at a new model and check the render follows,
  # under a new ConfigMap name (which is what rolls the pods).
  local tmp status=0 model sha before after
  tmp="$(mktemp -d)"
  cp -r deploy "$tmp/deploy"
  model="$tmp/american.model.json"
  printf '{"kind":"test model %s"}\n' "$(date +%s%N)" > "$model"
  sha="$(sha256sum "$model" | cut -d' ' -f1)"
  bash scripts/set-model-release.sh --kustomization "$tmp/deploy/k8s/base/kustomization.yaml" \
    --url "https://example.invalid/releases/download/model-test/american.model.json" --file "$model" || status=1
  kubectl kustomize "$tmp/deploy/k8s/overlays/prod" > "$tmp/prod.yaml" || status=1
  before="$(grep -o 'name: american-model-[a-z0-9]*' "$out/prod.yaml" | head -n 1)"
  after="$(grep -o 'name: american-model-[a-z0-9]*' "$tmp/prod.yaml" | head -n 1)"
  if grep -q "MODEL_SHA256: $sha" "$tmp/prod.yaml" && [ -n "$after" ] && [ "$before" != "$after" ]; then
    echo "ok   MODEL_SHA256 follows the model file; ConfigMap renamed (${before#name: } -> ${after#name: }), so the pods roll"
  else
    echo "model bump not reflected in the render (before: $before, after: $after)"
    status=1
  fi
  local what url digest
  while IFS='|' read -r what url digest; do
    if bash scripts/set-model-release.sh --kustomization "$tmp/deploy/k8s/base/kustomization.yaml" \
        --url "$url" --sha256 "$digest" >/dev/null 2>&1; then
      echo "set-model-release accepted $what"
      status=1
    else
      echo "ok   set-model-release refuses $what"
    fi
  done <<REFUSED
a non-https URL|http://insecure.invalid/m.json|$sha
a malformed SHA-256|https://example.invalid/m.json|not-a-sha
REFUSED
  rm -rf "$tmp"
  # --pin-git: the committed pin is what the re-pin command writes, and after a
  # retrained model is committed (simulated in a clone) it pins the new commit and the
  # render passes the rules again; an uncommitted model is refused.
  tmp="$(mktemp -d)"
  copy_repo "$tmp/repo" || return 1
  (cd "$tmp/repo" && git add -A deploy scripts models Dockerfile && git -c user.name=ci -c user.email=ci@example.invalid commit -q -m "working tree" --allow-empty) || status=1
  (cd "$tmp/repo" && bash scripts/set-model-release.sh --pin-git >/dev/null) || status=1
  if (cd "$tmp/repo" && git diff --quiet -- deploy/k8s/base/kustomization.yaml); then
    echo "ok   the committed MODEL_URL / MODEL_SHA256 are what set-model-release.sh --pin-git writes"
  else
    echo "FAIL the committed pin differs from set-model-release.sh --pin-git:"; (cd "$tmp/repo" && git diff -- deploy/k8s/base/kustomization.yaml); status=1
  fi
  printf '\n' >> "$tmp/repo/models/american.model.json"   # "retrained": other bytes, still valid JSON
  if (cd "$tmp/repo" && bash scripts/set-model-release.sh --pin-git >/dev/null 2>&1); then
    echo "FAIL --pin-git accepted an uncommitted model"; status=1
  else
    echo "ok   --pin-git refuses an uncommitted model"
  fi
  (cd "$tmp/repo" && git -c user.name=ci -c user.email=ci@example.invalid commit -q -m "retrained" -- models/american.model.json && bash scripts/set-model-release.sh --pin-git) || status=1
  kubectl kustomize "$tmp/repo/deploy/k8s/overlays/prod" > "$tmp/prod.yaml" || status=1
  if "$venv/bin/python" "$tmp/repo/scripts/check_deployment.py" --quiet "$tmp/prod.yaml"; then
    echo "ok   after a retrained model is committed, one command re-pins it and the rules pass"
  else
    status=1
  fi
  rm -rf "$tmp"
  return $status
}

validate_argocd() {
  local status=0 apps=(deploy/argocd/*.yaml)
  [ -n "$only" ] && apps=("deploy/argocd/$only.application.yaml")
  "$venv/bin/python" scripts/validate_argocd_app.py "${apps[@]}" || status=1
  if [ -z "$only" ]; then
    "$venv/bin/python" scripts/validate_argocd_app.py --self-test deploy/argocd/application.yaml || status=1
  fi
  return $status
}

run_yamllint() {
  local count
  if [ -n "$only" ]; then
    yamllint -c .yamllint -f parsable "deploy/k8s/overlays/$only" "deploy/argocd/$only.application.yaml" && echo "ok   yamllint: the overlay and the Application of $only"
    return
  fi
  count="$(git ls-files --cached --others --exclude-standard -- '*.yaml' '*.yml' '.yamllint' | wc -l)"
  echo "yamllint over the repository ($count YAML files not ignored by git)"
  yamllint -c .yamllint -f parsable .
}

run_actionlint() {
  local workflows=(.github/workflows/*.yml)
  [ -f "${workflows[0]}" ] || { echo "no workflows in .github/workflows"; return 1; }
  # actionlint checks every `run:` script with the venv's ShellCheck binary.
  actionlint -color=false -shellcheck="$(command -v shellcheck)" && echo "ok   ${#workflows[@]} workflows: ${workflows[*]}"
}

run_shellcheck() {
  shellcheck -x scripts/validate-deploy.sh scripts/set-model-release.sh scripts/release-bump.sh && echo "ok   scripts/validate-deploy.sh scripts/set-model-release.sh scripts/release-bump.sh"
}

run_hadolint() {
  if [ ! -f Dockerfile ]; then
    echo "SKIPPED: no Dockerfile in the repository root"
    return 0
  fi
  # Warnings fail. DL3008 (pin apt package versions) is ignored: exact Debian
  # versions disappear from the archive with every security update, which breaks
  # rebuilds; the base image (and its Debian release) is what is pinned.
  hadolint --failure-threshold warning --ignore DL3008 Dockerfile && echo "ok   Dockerfile"
}

# ---------------------------------------------------------------- main
mkdir -p "$out"
step "install tools into .venv-deploy" install_tools || true
if [ ! -x "$venv/bin/kubectl" ]; then
  echo "validate-deploy: the tools could not be installed"
  echo "validate-deploy: $passed passed, $((failed > 0 ? failed : 1)) failed"
  exit 1
fi
export PATH="$venv/bin:$PATH"
note "tools"
tool_versions

if [ -n "$only" ]; then
  # scripts/deploy-init: the same checks, on the one overlay and Application it wrote.
  [ -f "deploy/k8s/overlays/$only/kustomization.yaml" ] || { echo "validate-deploy: no deploy/k8s/overlays/$only"; exit 1; }
  step "render deploy/k8s/overlays/$only (kubectl kustomize)" render_all
  step "Kubernetes schemas ${k8s_versions[0]} .. ${k8s_versions[-1]} (kubernetes-validate --strict)" validate_schemas
  step "deployment rules (check_deployment.py)" check_overlays
  step "Argo CD Application deploy/argocd/$only.application.yaml" validate_argocd
  step "yamllint" run_yamllint
  if find_binary; then
    step "the rendered pod becomes ready (real american serve)" pods_ready
  else
    note "the rendered pod becomes ready"
    echo "SKIPPED: no american binary here (build one with swift build --product american); CI runs this step"
  fi
  rm -f "$out/negative.log"
  note "summary"
  printf '%s\n' "${results[@]}"
  echo "validate-deploy --overlay $only: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

step "render kustomizations (kubectl kustomize)" render_all
step "Kubernetes schemas ${k8s_versions[0]} .. ${k8s_versions[-1]} (kubernetes-validate --strict)" validate_schemas
expect_failure "Kubernetes schema rejects an unknown field" unknown_field_render
expect_failure "Kubernetes 1.28 schema rejects lifecycle.preStop.sleep" prestop_sleep_render
step "deployment rules (check_deployment.py)" check_overlays
step "deployment rules checker self-test" "$venv/bin/python" scripts/check_deployment.py --self-test "$out/prod.yaml"
expect_failure "deployment rules reject an image tagged latest" latest_tag_render
expect_failure "deployment rules reject a grace period shorter than the drain" short_grace_render
expect_failure "deployment rules reject a committed placeholder MODEL_SHA256" placeholder_sha_committed "SET-BY-MODEL-RELEASE-WORKFLOW-0000000000000000000000000000000000"
expect_failure "deployment rules reject a committed MODEL_SHA256 of another model" placeholder_sha_committed "$(printf 'another model' | sha256sum | cut -d' ' -f1)"
expect_failure "deployment rules reject a MODEL_URL on a branch" branch_url_committed
step "model re-pin (set-model-release.sh -> new ConfigMap)" model_bump
step "deploy-init on a copy (files, offline checks, idempotence, bad arguments)" deploy_init
step "release bump on a fork-like copy (release-bump.sh)" release_bump_fork
expect_failure "release bump with an overlay keyed on another image name" release_bump_wrong_key
expect_failure "release bump whose render keeps the old image" release_bump_render_unchanged
if find_binary; then
  step "every rendered pod becomes ready (real american serve; broken model sources stop it)" pods_ready
  expect_failure "pod check fails when a rendered pod cannot become ready" pods_not_ready
else
  step "every rendered pod becomes ready: no american binary and no swift to build one" false
fi
step "Argo CD Applications (Argo CD CRD + our schema + project rules)" validate_argocd
step "yamllint (all YAML)" run_yamllint
step "actionlint + shellcheck (workflows)" run_actionlint
step "shellcheck (deployment scripts)" run_shellcheck
step "hadolint (Dockerfile)" run_hadolint

rm -f "$out/negative.log"
note "summary"
printf '%s\n' "${results[@]}"
echo "validate-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
