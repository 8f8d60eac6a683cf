#!/usr/bin/env bash
# Point the deployment at a released model: rewrite MODEL_URL and MODEL_SHA256 in
# the base configMapGenerator. kustomize then gives the ConfigMap a new hashed
# name, the Deployment's pod template changes, and Argo CD rolls the pods onto
# the new model (the GitOps path for model updates).
#
#   scripts/set-model-release.sh --pin-git [--repo OWNER/NAME]
#   scripts/set-model-release.sh --url https://…/american.model.json --file models/american.model.json
#   scripts/set-model-release.sh --url https://…/american.model.json --sha256 <64 hex>
#   [--kustomization deploy/k8s/base/kustomization.yaml]
#
# --pin-git (after retraining: commit models/american.model.json, then run this and
# commit the result): pins MODEL_URL to the raw file at the last commit that changed
# models/american.model.json, https://raw.githubusercontent.com/OWNER/NAME/<commit>/models/american.model.json,
# and MODEL_SHA256 to its SHA-256. OWNER/NAME: --repo, else the one in the current
# MODEL_URL. Refuses when the model file has uncommitted changes (the pinned commit
# would not hold the bytes the pods check).
# Used by .github/workflows/model-release.yml; tested by scripts/validate-deploy.sh.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kustomization="$repo_root/deploy/k8s/base/kustomization.yaml"
url="" sha="" file="" pin_git="" repo=""

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="${2:-}"; shift 2 ;;
    --sha256) sha="${2:-}"; shift 2 ;;
    --file) file="${2:-}"; shift 2 ;;
    --kustomization) kustomization="${2:-}"; shift 2 ;;
    --pin-git) pin_git=1; shift ;;
    --repo) repo="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "set-model-release: unknown argument: $1" >&2; usage ;;
  esac
done

if [ -n "$pin_git" ]; then
  [ -z "$url$sha$file" ] || { echo "set-model-release: --pin-git takes no --url, --sha256 or --file" >&2; exit 2; }
  model="models/american.model.json"
  cd "$repo_root" || exit 1
  if ! git diff --quiet HEAD -- "$model" 2>/dev/null; then
    echo "set-model-release: $model has uncommitted changes: commit it first, then pin" >&2
    exit 1
  fi
  commit="$(git log -1 --format=%H -- "$model")"
  [ -n "$commit" ] || { echo "set-model-release: $model is in no commit" >&2; exit 1; }
  if [ -z "$repo" ]; then
    repo="$(sed -n -E 's|^[[:space:]]+- MODEL_URL=https://raw\.githubusercontent\.com/([^/]+/[^/]+)/.*$|\1|p' "$kustomization" | head -n 1)"
    [ -n "$repo" ] || { echo "set-model-release: give --repo OWNER/NAME (the current MODEL_URL is not a raw GitHub URL)" >&2; exit 1; }
  fi
  printf '%s' "$repo" | grep -Eq '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$' || { echo "set-model-release: --repo must be OWNER/NAME, got '$repo'" >&2; exit 1; }
  url="https://raw.githubusercontent.com/${repo}/${commit}/${model}"
  sha="$(git show "${commit}:${model}" | sha256sum | cut -d' ' -f1)"
  [ "$sha" = "$(sha256sum "$model" | cut -d' ' -f1)" ] || { echo "set-model-release: ${commit}:${model} differs from the working tree" >&2; exit 1; }
fi
[ -n "$url" ] || { echo "set-model-release: --url or --pin-git is required" >&2; usage; }
if [ -n "$file" ]; then
  [ -z "$sha" ] || { echo "set-model-release: give --sha256 or --file, not both" >&2; exit 2; }
  [ -f "$file" ] || { echo "set-model-release: no such file: $file" >&2; exit 1; }
  sha="$(sha256sum "$file" | cut -d' ' -f1)"
fi
case "$url" in
  https://*) ;;
  *) echo "set-model-release: MODEL_URL must be https: $url" >&2; exit 1 ;;
esac
case "$url" in
  *[[:space:]]*|*\|*) echo "set-model-release: MODEL_URL contains a space or '|': $url" >&2; exit 1 ;;
esac
if ! printf '%s' "$sha" | grep -Eq '^[0-9a-f]{64}$'; then
  echo "set-model-release: MODEL_SHA256 must be 64 lower-case hex digits, got: '$sha'" >&2
  exit 1
fi
[ -f "$kustomization" ] || { echo "set-model-release: no such file: $kustomization" >&2; exit 1; }

for key in MODEL_URL MODEL_SHA256; do
  count="$(grep -Ec "^[[:space:]]+- ${key}=" "$kustomization" || true)"
  if [ "$count" != 1 ]; then
    echo "set-model-release: expected exactly one '- ${key}=' literal in $kustomization, found $count" >&2
    exit 1
  fi
done

# `&` and `\` are special in a sed replacement.
url_sed="$(printf '%s' "$url" | sed -e 's/[&\\]/\\&/g')"
sed -i -E \
  -e "s|^([[:space:]]+- MODEL_URL=).*$|\1${url_sed}|" \
  -e "s|^([[:space:]]+- MODEL_SHA256=).*$|\1${sha}|" \
  "$kustomization"

echo "set-model-release: $kustomization"
grep -E "^[[:space:]]+- MODEL_(URL|SHA256)=" "$kustomization" | sed 's/^[[:space:]]*- /  /'
