# syntax=docker/dockerfile:1
#
# american-predictor: the `american serve` HTTP service in a small, non-root image.
#
# Two ways to get the binary (chosen with BINARY_STAGE):
#   build     (default) compile inside the official Swift image:
#               docker build -t american-predictor .
#             With Podman/Buildah (1.28 at least) name the stage explicitly: they skip stages
#             that only a global ARG's default refers to, then look for an image called "build":
#               podman build --build-arg BINARY_STAGE=build -t american-predictor .
#   prebuilt  take a binary built outside the container from the build context, dist/american
#             (swift build -c release --static-swift-stdlib --scratch-path .build-release --product american,
#             then strip; scripts/container-test.sh does it). Any SwiftPM resource bundle
#             (dist/*.resources) is copied next to it; today there is none: the web page and
#             openapi.yaml are compiled into the binary (`embedInCode`).
#               podman build --build-arg BINARY_STAGE=prebuilt -t american-predictor .
#
# The image holds NO model. Give it one of:
#   a volume:  -v "$PWD/models:/models:ro"            (MODEL_PATH defaults to /models/american.model.json)
#   a URL:     -e MODEL_URL=https://example.org/american.model.json -e MODEL_SHA256=<hex>
#              (MODEL_URL takes precedence over MODEL_PATH; a SHA-256 mismatch stops the server with an error)
#
# Run it hardened (what scripts/container-test.sh checks):
#   podman run --rm -p 8080:8080 --read-only --cap-drop ALL --security-opt no-new-privileges \
#     --tmpfs /tmp -v "$PWD/models:/models:ro" american-predictor
#
# Build arguments:
#   VERSION, REVISION  the app version and VCS revision: OCI labels and APP_VERSION / APP_REVISION
#   DEBIAN_IMAGE       the Debian bookworm image (with apt) in which the runtime root filesystem is
#                      assembled (default debian:bookworm-slim; scripts/container-test.sh passes a
#                      debootstrap'd bookworm minbase, since no registry is reachable there)
#   SOURCE, LICENSES   org.opencontainers.image.source / .licenses (LICENSES: an SPDX expression;
#                      NOASSERTION until the repository has a LICENSE file)
#   SWIFT_IMAGE        the Swift toolchain image of the build stage
#
# The runtime is distroless-style: FROM scratch plus the files of Debian's libc6, libgcc-s1,
# libstdc++6 and zlib1g packages (what `ldd` lists for the binary: the Swift runtime and
# FoundationEssentials are linked in statically, and no ICU) and the CA bundle built from
# ca-certificates. No shell, no package manager, no coreutils: nothing to `exec` into.

ARG BINARY_STAGE=build
ARG DEBIAN_IMAGE=debian:bookworm-slim
ARG SWIFT_IMAGE=swift:6.3-bookworm

# ---------------------------------------------------------------------------
# build: compile the release binary with the Swift runtime linked in statically.
FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# Resolve the dependencies first, so that this layer is cached while only sources change.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product american \
 && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
 && mkdir -p /out \
 && cp "$bin/american" /out/american \
 && strip /out/american \
 && for bundle in "$bin"/*.resources; do if [ -d "$bundle" ]; then cp -R "$bundle" /out/; fi; done

# ---------------------------------------------------------------------------
# prebuilt: the same files, built outside the container (see the header).
FROM scratch AS prebuilt
LABEL american-predictor.stage=binary
COPY dist/ /out/

# ---------------------------------------------------------------------------
FROM ${BINARY_STAGE} AS binary

# ---------------------------------------------------------------------------
# rootfs: the runtime's whole root filesystem, from .debs unpacked into an empty folder
# (`dpkg-deb -x`, no maintainer scripts), then trimmed to what a dynamically linked binary needs.
FROM ${DEBIAN_IMAGE} AS rootfs
LABEL american-predictor.stage=rootfs
WORKDIR /debs
# After unpacking: the CA bundle as update-ca-certificates would make it (every Mozilla certificate);
# away with programs and data the server never runs or reads (the image has no shell to run
# them with); the loader cache; the unprivileged user the service runs as (the distroless
# "nonroot" ids), and the folders the service and a read-only run need.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN set -eu; \
    apt-get update; \
    apt-get download libc6 libgcc-s1 libstdc++6 zlib1g ca-certificates; \
    mkdir /rootfs; \
    for deb in ./*.deb; do dpkg-deb -x "$deb" /rootfs; done
WORKDIR /rootfs
RUN set -eu; \
    mkdir -p etc/ssl/certs; \
    find usr/share/ca-certificates -name '*.crt' | LC_ALL=C sort | xargs cat > etc/ssl/certs/ca-certificates.crt; \
    rm -rf bin sbin usr/bin usr/sbin usr/libexec usr/share/ca-certificates usr/share/man usr/share/info \
           usr/share/lintian usr/share/locale usr/lib/x86_64-linux-gnu/gconv etc/ca-certificates* \
           usr/share/gcc usr/share/gdb usr/lib/x86_64-linux-gnu/audit; \
    find usr/share/doc -mindepth 2 ! -name copyright ! -type d -delete; \
    printf 'include /etc/ld.so.conf.d/*.conf\n' > etc/ld.so.conf; \
    ldconfig -r /rootfs; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\namerican:x:65532:65532:american:/nonexistent:/sbin/nologin\n' > etc/passwd; \
    printf 'root:x:0:\namerican:x:65532:\n' > etc/group; \
    printf 'hosts: files dns\n' > etc/nsswitch.conf; \
    mkdir -p tmp models app; \
    chmod 1777 tmp

# ---------------------------------------------------------------------------
# runtime
FROM scratch AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=https://github.com/american-predictor/american-predictor
ARG LICENSES=NOASSERTION

LABEL org.opencontainers.image.title="american-predictor" \
      org.opencontainers.image.description="Predicts whether a tweet's author is American (HTTP service)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSES}"

COPY --from=rootfs /rootfs/ /

WORKDIR /app
# The binary (web page and openapi.yaml are compiled in) and, next to it, any SwiftPM
# resource bundle the build emitted (Bundle.module looks beside the executable).
COPY --from=binary --chown=0:0 /out/ /app/

ENV PORT=8080 \
    MODEL_PATH=/models/american.model.json \
    APP_VERSION=${VERSION} \
    APP_REVISION=${REVISION}

EXPOSE 8080
USER 65532:65532
# `american serve` drains on SIGTERM (readiness turns 503, in-flight requests finish,
# exit 0 after DRAIN_SECONDS), so a plain `docker stop` / Kubernetes termination is graceful.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/american", "serve", "--host", "0.0.0.0"]
