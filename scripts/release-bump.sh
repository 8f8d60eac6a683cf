#!/usr/bin/env bash
# Point the overlays at a released image, then prove it: render every bumped overlay
# and fail unless each Deployment container's image is exactly IMAGE:VERSION@DIGEST
# and every app.kubernetes.io/version label is VERSION.
#
#   scripts/release-bump.sh --image quay.io/you/american-predictor --version 1.2.0 \
#       --digest sha256:<64 hex> [--overlay deploy/k8s/overlays/prod ...]
#
# Without --overlay: every deploy/k8s/overlays/*/. The edit is keyed on the image name
# the base Deployment uses (deploy/k8s/base/deployment.yaml), not on the repository's
# name, so it works in a fork whose name or registry differs: each overlay's `images:`
# entry with that name gets newName IMAGE, newTag VERSION and digest DIGEST. An overlay
# without such an entry is an error (it would keep the old image).
# Renders with kubectl (>= 1.27, built-in kustomize) or kustomize, whichever is found.
# Used by .github/workflows/release.yml; tested by scripts/validate-deploy.sh.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="" version="" digest=""
overlays=()

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "release-bump: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --image) image="${2:-}"; shift 2 ;;
    --version) version="${2:-}"; shift 2 ;;
    --digest) digest="${2:-}"; shift 2 ;;
    --overlay) overlays+=("${2:-}"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "release-bump: unknown argument: $1" >&2; usage ;;
  esac
done

[ -n "$image" ] && [ -n "$version" ] && [ -n "$digest" ] || { echo "release-bump: --image, --version and --digest are required" >&2; usage; }
printf '%s' "$image" | grep -Eq '^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+$' || die "--image '$image' must be REGISTRY/NAME (lower case, no tag)"
case "${image##*/}" in *:*) die "--image '$image' has a tag: give REGISTRY/NAME" ;; esac
printf '%s' "$version" | grep -Eq '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' || die "--version '$version' is not a valid image tag and label value"
[ "$version" != latest ] || die "--version must not be 'latest'"
printf '%s' "$digest" | grep -Eq '^sha256:[0-9a-f]{64}$' || die "--digest '$digest' is not sha256:<64 hex>"

base="$repo_root/deploy/k8s/base/deployment.yaml"
[ -f "$base" ] || die "no $base"
base_image="$(sed -n -E 's/^[[:space:]]+image:[[:space:]]*([^[:space:]]+)[[:space:]]*$/\1/p' "$base" | head -n 1)"
base_image="${base_image%%@*}"
last="${base_image##*/}"
case "$last" in *:*) base_image="${base_image%:*}" ;; esac
[ -n "$base_image" ] || die "no container image in $base"

if [ "${#overlays[@]}" -eq 0 ]; then
  for dir in "$repo_root"/deploy/k8s/overlays/*/; do overlays+=("${dir%/}"); done
fi
[ "${#overlays[@]}" -gt 0 ] || die "no overlays"

if command -v kubectl >/dev/null 2>&1; then
  render() { kubectl kustomize "$1"; }
elif command -v kustomize >/dev/null 2>&1; then
  render() { kustomize build "$1"; }
else
  die "neither kubectl nor kustomize is installed: cannot render to check the bump"
fi

expected="${image}:${version}@${digest}"
echo "release-bump: base image name ${base_image} -> ${expected}"
for overlay in "${overlays[@]}"; do
  kustomization="$overlay/kustomization.yaml"
  [ -f "$kustomization" ] || die "no $kustomization"
  # Edit the images entry keyed on the base image name, and the version label, in place
  # (line-based, so that comments and layout stay).
  python3 - "$kustomization" "$base_image" "$image" "$version" "$digest" <<'PY' || exit 1
import re
import sys

path, key, image, version, digest = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
try:
    start = lines.index("images:")
except ValueError:
    sys.exit(f"release-bump: {path} has no top-level 'images:' list (an entry named {key} is needed)")
end = start + 1
while end < len(lines) and (lines[end].startswith((" ", "\t")) or lines[end].strip() == "" and end + 1 < len(lines) and lines[end + 1].startswith(" ")):
    end += 1
entries, current = [], None
for i in range(start + 1, end):
    if re.match(r"^\s*-\s", lines[i]):
        current = [i, i + 1]
        entries.append(current)
    elif current is not None:
        current[1] = i + 1
wanted = [e for e in entries if re.match(rf"^\s*-\s+name:\s*\"?{re.escape(key)}\"?\s*$", lines[e[0]])]
if len(wanted) != 1:
    names = [lines[e[0]].split("name:", 1)[-1].strip() for e in entries]
    sys.exit(f"release-bump: {path}: expected one images entry named {key} (the base Deployment's image), found {len(wanted)} among {names}")
first, stop = wanted[0]
indent = re.match(r"^(\s*)-", lines[first]).group(1) + "  "
kept = [l for l in lines[first + 1:stop] if not re.match(r"^\s*(newName|newTag|digest):", l)]
block = [lines[first], f"{indent}newName: {image}", f'{indent}newTag: "{version}"', f"{indent}digest: {digest}"] + kept
lines[first:stop] = block
text = "\n".join(lines)
label = re.compile(r'^(\s+app\.kubernetes\.io/version:\s*).*$', re.M)
if len(label.findall(text)) != 1:
    sys.exit(f"release-bump: {path}: expected exactly one app.kubernetes.io/version label, found {len(label.findall(text))}")
text = label.sub(lambda m: f'{m.group(1)}"{version}"', text)
open(path, "w", encoding="utf-8").write(text)
PY
  rendered="$(render "$overlay")" || die "$overlay does not render after the bump"
  # The proof: every container image is exactly the new one, every version label VERSION.
  images="$(printf '%s\n' "$rendered" | sed -n -E 's/^[[:space:]]+image:[[:space:]]*"?([^"[:space:]]+)"?[[:space:]]*$/\1/p' | sort -u)"
  labels="$(printf '%s\n' "$rendered" | sed -n -E 's/^[[:space:]]+app\.kubernetes\.io\/version:[[:space:]]*"?([^"[:space:]]+)"?[[:space:]]*$/\1/p' | sort -u)"
  [ -n "$images" ] || die "$overlay: the render has no container image"
  [ "$images" = "$expected" ] || die "$overlay: after the bump the rendered image is '$(echo "$images" | tr '\n' ' ')', not $expected"
  [ "$labels" = "$version" ] || die "$overlay: after the bump the app.kubernetes.io/version labels are '$(echo "$labels" | tr '\n' ' ')', not $version"
  echo "release-bump: ok ${overlay#"$repo_root"/}: image ${expected}, version label ${version}"
done
