#!/usr/bin/env python3
"""Assert the project's own deployment rules on rendered Kubernetes manifests.

Schemas (kubernetes-validate) say whether a manifest is *valid*; this script says
whether it is *what we want*: a zero-downtime rollout, a shutdown budget that covers
the drain, a hardened pod, a pinned image, no cluster-scoped object, and a model that
is real: MODEL_SHA256 is the SHA-256 of the shipped model file (--model, default
models/american.model.json), MODEL_URL is pinned (a commit or a tag, never a branch),
and when MODEL_URL is a raw GitHub file at a commit, `git show <commit>:<path>` in this
repository hashes to MODEL_SHA256 (a shallow clone is deepened from its remote first).
Run it on the output of `kubectl kustomize`:

    scripts/check_deployment.py out/deploy/prod.yaml [out/deploy/dev.yaml ...]
    scripts/check_deployment.py --self-test out/deploy/prod.yaml

`--self-test` first checks that the given (good) render passes, then breaks it in
one way at a time and checks that each break is caught by the rule meant to catch
it, so the checker itself is proven. Exit status is non-zero on any failure.
Needs PyYAML.
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from mutation_test import Tally, run_mutations  # noqa: E402

GRACE_MARGIN = 5  # seconds beyond DRAIN_SECONDS for in-flight requests and the exit
APP_LABELS = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/component",
    "app.kubernetes.io/part-of",
)
HEX64 = re.compile(r"^[0-9a-f]{64}$")
DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED_MODEL = os.path.join(REPO_ROOT, "models", "american.model.json")
# https://raw.githubusercontent.com/<owner>/<repo>/<ref>/<path>
RAW_GITHUB = re.compile(r"^https://raw\.githubusercontent\.com/([^/]+)/([^/]+)/(refs/tags/[^/]+|[^/]+)/(.+)$")
# https://github.com/<owner>/<repo>/releases/download/<tag>/<asset>
RELEASE_ASSET = re.compile(r"^https://github\.com/([^/]+)/([^/]+)/releases/download/([^/]+)/([^/]+)$")
BRANCH_NAMES = {"main", "master", "head", "develop", "dev", "trunk", "latest", "gh-pages"}
# Kinds a namespace-scoped render may hold; anything else (Namespace, ClusterRole,
# CustomResourceDefinition, PersistentVolume, ...) is cluster-scoped or unexpected.
NAMESPACED_KINDS = {
    "ConfigMap", "Secret", "Service", "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler",
    "ServiceAccount", "Role", "RoleBinding", "NetworkPolicy", "Ingress",
}
MODEL_FILE = SHIPPED_MODEL  # --model


@functools.lru_cache(maxsize=None)
def sha256_of(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def git(*args: str, check: bool = False) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", REPO_ROOT, *args], capture_output=True, check=check)


@functools.lru_cache(maxsize=None)
def blob_sha256(commit: str, path: str) -> tuple[str | None, str]:
    """SHA-256 of <commit>:<path> in this repository, deepening a shallow clone once if needed."""
    if git("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        shallow = git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        remotes = git("remote").stdout.decode().split()
        if not remotes:
            return None, f"commit {commit} is not in this repository and it has no remote to fetch it from"
        fetch = ["fetch", "--quiet", "--unshallow" if shallow else "--tags", remotes[0]]
        print(f"note: commit {commit[:12]} is not in this clone; running git {' '.join(fetch)}", file=sys.stderr)
        done = git(*fetch)
        if done.returncode != 0:
            return None, f"commit {commit} is not in this clone and `git {' '.join(fetch)}` failed: {done.stderr.decode(errors='replace').strip()[:200]}"
        if git("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
            return None, f"commit {commit} is not in this repository's history (fetched {remotes[0]})"
    shown = git("show", f"{commit}:{path}")
    if shown.returncode != 0:
        return None, f"commit {commit} has no {path}"
    return hashlib.sha256(shown.stdout).hexdigest(), ""


def ref_kind(ref: str) -> str:
    """'commit', 'tag', or 'branch' (refused) for a ref in a pinned URL."""
    if COMMIT.match(ref):
        return "commit"
    if ref.startswith("refs/tags/"):
        return "tag"
    if ref.lower() in BRANCH_NAMES or ref.startswith("refs/heads/"):
        return "branch"
    if git("show-ref", "--verify", "--quiet", f"refs/tags/{ref}").returncode == 0:
        return "tag"
    return "unknown"


def model_problems(url: str, sha: str | None, model_file: str) -> list[tuple[str, str]]:
    """(rule, message) for a MODEL_URL / MODEL_SHA256 pair that is not real and pinned."""
    found: list[tuple[str, str]] = []
    shipped = sha256_of(model_file)
    if sha is None or not HEX64.match(sha):
        found.append(("model-sha256", f"MODEL_SHA256 {sha!r} is not 64 lower-case hex digits (a placeholder?): the pods would refuse to start"))
    elif shipped is None:
        found.append(("model-sha256", f"the shipped model {model_file} cannot be read to compare MODEL_SHA256 with"))
    elif sha != shipped:
        found.append(("model-sha256", f"MODEL_SHA256 {sha} is not the SHA-256 of {os.path.relpath(model_file, REPO_ROOT)} ({shipped}); re-pin with scripts/set-model-release.sh --pin-git"))
    raw = RAW_GITHUB.match(url)
    release = RELEASE_ASSET.match(url)
    if raw:
        ref, path = raw.group(3), raw.group(4)
        kind = ref_kind(ref)
        if kind not in ("commit", "tag"):
            found.append(("model-url-pinned", f"MODEL_URL {url} is at {ref!r}, a branch or an unknown ref: pin a 40-hex commit or a tag"))
        elif kind == "commit" and sha is not None and HEX64.match(sha):
            actual, why = blob_sha256(ref, path)
            if actual is None:
                found.append(("model-url-commit", f"MODEL_URL {url}: {why}"))
            elif actual != sha:
                found.append(("model-url-commit", f"MODEL_URL {url}: git show {ref[:12]}:{path} has SHA-256 {actual}, not MODEL_SHA256 {sha}"))
    elif release:
        if release.group(3).lower() in BRANCH_NAMES:
            found.append(("model-url-pinned", f"MODEL_URL {url}: release {release.group(3)!r} is not a pinned tag"))
    else:
        found.append(("model-url-pinned", f"MODEL_URL {url} is neither a raw GitHub file at a commit/tag nor a GitHub release asset: cannot tell that it is pinned"))
    return found


@dataclass
class Report:
    passed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def check(self, rule: str, ok: bool, message: str) -> None:
        if ok:
            self.passed.append(rule)
        else:
            self.failed.append((rule, message))

    def warn(self, rule: str, message: str) -> None:
        self.warnings.append((rule, message))

    def failed_rules(self) -> set[str]:
        return {rule for rule, _ in self.failed}


def load_documents(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if isinstance(doc, dict)]


def split_image(image: str) -> tuple[str, str | None, str | None]:
    """Return (name, tag, digest) of an image reference; a registry port is not a tag."""
    digest = None
    if "@" in image:
        image, digest = image.split("@", 1)
    last_slash = image.rfind("/")
    colon = image.rfind(":")
    if colon > last_slash:
        return image[:colon], image[colon + 1 :], digest
    return image, None, digest


def as_int(value: Any) -> int | None:
    """An int-or-string field (maxSurge, maxUnavailable) as an absolute int when possible."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d+%?", value):
        return int(value.rstrip("%"))
    return None


def labels_match(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    if not selector:
        return False
    match_labels = selector.get("matchLabels") or {}
    if selector.get("matchExpressions"):
        return False  # we only use matchLabels; anything else needs a human look
    return bool(match_labels) and all(labels.get(k) == v for k, v in match_labels.items())


def resolve_env(container: dict[str, Any], configmaps: dict[str, dict[str, str]], name: str) -> str | None:
    """A container's value for env var `name`: `env` wins over `envFrom` (as in Kubernetes)."""
    for entry in container.get("env") or []:
        if entry.get("name") == name and "value" in entry:
            return str(entry["value"])
    value = None
    for source in container.get("envFrom") or []:
        ref = (source.get("configMapRef") or {}).get("name")
        if ref in configmaps and name in configmaps[ref]:
            value = str(configmaps[ref][name])  # later sources override earlier ones
    return value


def probe_ok(probe: dict[str, Any] | None, path: str, port_names: set[str], port_numbers: set[int]) -> bool:
    if not probe:
        return False
    get = probe.get("httpGet") or {}
    port = get.get("port")
    port_ok = port in port_names if isinstance(port, str) else port in port_numbers
    return get.get("path") == path and port_ok


def check_documents(docs: list[dict[str, Any]], origin: str = "<render>") -> Report:
    report = Report()
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_kind.setdefault(doc.get("kind", ""), []).append(doc)
    configmaps = {
        (cm.get("metadata") or {}).get("name"): {k: str(v) for k, v in (cm.get("data") or {}).items()}
        for cm in by_kind.get("ConfigMap", [])
    }

    scoped = [f"{d.get('kind')}/{(d.get('metadata') or {}).get('name')}" for d in docs if d.get("kind") not in NAMESPACED_KINDS]
    report.check("no-cluster-scoped", not scoped, f"{origin}: cluster-scoped or unexpected objects {scoped}: a per-user Argo CD project refuses them")
    namespaces = {(d.get("metadata") or {}).get("namespace") for d in docs}
    report.check("one-namespace", len(namespaces) == 1 and None not in namespaces, f"{origin}: objects must all carry the overlay's namespace, found {sorted(map(str, namespaces))}")

    deployments = by_kind.get("Deployment", [])
    report.check("deployment-present", len(deployments) >= 1, f"{origin}: no Deployment in the render")

    for dep in deployments:
        name = (dep.get("metadata") or {}).get("name", "?")
        where = f"{origin}: Deployment/{name}"
        spec = dep.get("spec") or {}
        template = spec.get("template") or {}
        pod_meta = template.get("metadata") or {}
        pod = template.get("spec") or {}
        pod_labels = pod_meta.get("labels") or {}
        pod_sc = pod.get("securityContext") or {}

        # --- labels
        for scope, labels in (("metadata", (dep.get("metadata") or {}).get("labels") or {}), ("pod template", pod_labels)):
            missing = [key for key in APP_LABELS if not labels.get(key)]
            report.check("labels", not missing, f"{where}: {scope} lacks labels {missing}")
        report.check("selector", labels_match(spec.get("selector"), pod_labels), f"{where}: selector does not match the pod template labels")

        # --- rollout strategy
        strategy = spec.get("strategy") or {}
        rolling = strategy.get("rollingUpdate") or {}
        report.check("strategy-type", strategy.get("type") == "RollingUpdate", f"{where}: strategy.type is {strategy.get('type')!r}, want RollingUpdate")
        report.check("max-unavailable", as_int(rolling.get("maxUnavailable")) == 0, f"{where}: rollingUpdate.maxUnavailable is {rolling.get('maxUnavailable')!r}, want 0")
        report.check("max-surge", as_int(rolling.get("maxSurge")) == 1, f"{where}: rollingUpdate.maxSurge is {rolling.get('maxSurge')!r}, want 1")

        replicas = spec.get("replicas", 1)

        # --- pod-level security
        report.check("automount-token", pod.get("automountServiceAccountToken") is False, f"{where}: automountServiceAccountToken should be false (the service never calls the API server)")
        volumes = {v.get("name"): v for v in pod.get("volumes") or []}

        containers = pod.get("containers") or []
        report.check("containers-present", bool(containers), f"{where}: no containers")
        for container in containers:
            cname = container.get("name", "?")
            cwhere = f"{where} container {cname}"
            sc = container.get("securityContext") or {}

            # image: pinned, never latest
            image = container.get("image") or ""
            image_name, tag, digest = split_image(image)
            report.check("image-tag", bool(image_name) and (tag or digest) is not None and tag != "", f"{cwhere}: image {image!r} has no tag or digest")
            report.check("image-not-latest", tag != "latest", f"{cwhere}: image {image!r} uses the 'latest' tag")
            if digest is not None:
                report.check("image-digest", bool(DIGEST.match(digest)), f"{cwhere}: image digest {digest!r} is not sha256:<64 hex>")
            version = pod_labels.get("app.kubernetes.io/version")
            if tag and version and tag != version:
                report.warn("version-label", f"{cwhere}: image tag {tag!r} differs from label app.kubernetes.io/version={version!r}")

            # ports
            ports = container.get("ports") or []
            port_names = {p.get("name") for p in ports if p.get("name")}
            port_numbers = {p.get("containerPort") for p in ports}
            report.check("port-http", any(p.get("name") == "http" and p.get("containerPort") == 8080 for p in ports), f"{cwhere}: no containerPort 8080 named http")

            # probes
            report.check("readiness-probe", probe_ok(container.get("readinessProbe"), "/readyz", port_names, port_numbers), f"{cwhere}: readinessProbe must be httpGet /readyz on a declared port")
            report.check("liveness-probe", probe_ok(container.get("livenessProbe"), "/healthz", port_names, port_numbers), f"{cwhere}: livenessProbe must be httpGet /healthz on a declared port")
            report.check("startup-probe", probe_ok(container.get("startupProbe"), "/readyz", port_names, port_numbers), f"{cwhere}: startupProbe must be httpGet /readyz on a declared port")

            # shutdown budget: the server's own drain (DRAIN_SECONDS after SIGTERM) plus a
            # margin for the requests in flight and the exit must fit in the grace period.
            # No preStop hook: sleep exists only from Kubernetes 1.29/1.30, exec needs a
            # binary a distroless image lacks.
            pre_stop = (container.get("lifecycle") or {}).get("preStop") or {}
            report.check("prestop-no-exec", "exec" not in pre_stop, f"{cwhere}: preStop uses exec, but a distroless image has no shell or sleep binary")
            report.check("prestop-portable", "sleep" not in pre_stop, f"{cwhere}: lifecycle.preStop.sleep needs Kubernetes >= 1.30 (alpha in 1.29); the server's DRAIN_SECONDS replaces it")
            drain_raw = resolve_env(container, configmaps, "DRAIN_SECONDS")
            drain = int(drain_raw) if drain_raw is not None and drain_raw.isdigit() else None
            report.check("drain-seconds", drain is not None and drain >= 1, f"{cwhere}: DRAIN_SECONDS is not set (env or envFrom ConfigMap) to a whole number of seconds >= 1")
            grace = pod.get("terminationGracePeriodSeconds", 30)  # Kubernetes' default
            needed = (drain or 0) + GRACE_MARGIN
            report.check("grace-period", isinstance(grace, int) and grace >= needed, f"{cwhere}: terminationGracePeriodSeconds={grace} < DRAIN_SECONDS({drain}) + {GRACE_MARGIN} s for in-flight requests and the exit = {needed}")

            # hardening
            run_as_non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
            run_as_user = sc.get("runAsUser", pod_sc.get("runAsUser"))
            seccomp = (sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}).get("type")
            report.check("run-as-non-root", run_as_non_root is True, f"{cwhere}: runAsNonRoot must be true")
            report.check("run-as-user", run_as_user is None or (isinstance(run_as_user, int) and run_as_user != 0), f"{cwhere}: runAsUser must not be 0")
            report.check("read-only-root", sc.get("readOnlyRootFilesystem") is True, f"{cwhere}: readOnlyRootFilesystem must be true")
            report.check("no-privilege-escalation", sc.get("allowPrivilegeEscalation") is False, f"{cwhere}: allowPrivilegeEscalation must be false")
            report.check("not-privileged", sc.get("privileged") is not True, f"{cwhere}: must not be privileged")
            drops = [str(c) for c in (sc.get("capabilities") or {}).get("drop") or []]
            adds = (sc.get("capabilities") or {}).get("add") or []
            report.check("drop-all-capabilities", "ALL" in drops and not adds, f"{cwhere}: capabilities must drop ALL and add none")
            report.check("seccomp", seccomp in ("RuntimeDefault", "Localhost"), f"{cwhere}: seccompProfile must be RuntimeDefault (or Localhost)")

            # a writable /tmp, since the root filesystem is read-only
            tmp_mounts = [m for m in container.get("volumeMounts") or [] if m.get("mountPath") == "/tmp"]
            tmp_ok = bool(tmp_mounts) and not tmp_mounts[0].get("readOnly") and "emptyDir" in (volumes.get(tmp_mounts[0].get("name")) or {})
            report.check("tmp-emptydir", tmp_ok, f"{cwhere}: /tmp must be a writable emptyDir mount")

            # resources
            resources = container.get("resources") or {}
            missing_res = [f"{kind}.{res}" for kind in ("requests", "limits") for res in ("cpu", "memory") if not (resources.get(kind) or {}).get(res)]
            report.check("resources", not missing_res, f"{cwhere}: resources missing {missing_res}")

            # env from ConfigMaps that exist in the same render (kustomize hash names)
            refs = [(s.get("configMapRef") or {}).get("name") for s in container.get("envFrom") or [] if "configMapRef" in s]
            dangling = [r for r in refs if r not in configmaps]
            report.check("envfrom-configmaps", bool(refs) and not dangling, f"{cwhere}: envFrom ConfigMaps missing from the render: {dangling or 'no envFrom at all'}")

            # the model: a https URL and its SHA-256
            model_url = resolve_env(container, configmaps, "MODEL_URL")
            model_sha = resolve_env(container, configmaps, "MODEL_SHA256")
            report.check("model-url", model_url is not None and model_url.startswith("https://"), f"{cwhere}: MODEL_URL {model_url!r} is not https (the image holds no model: the pods need a URL)")
            report.check("model-sha256-set", model_sha is not None, f"{cwhere}: MODEL_URL without MODEL_SHA256: the download would not be verified")
            if model_url is not None:
                bad = model_problems(model_url, model_sha, MODEL_FILE)
                for rule in ("model-sha256", "model-url-pinned", "model-url-commit"):
                    messages = [m for r, m in bad if r == rule]
                    report.check(rule, not messages, f"{cwhere}: {'; '.join(messages)}")

        # --- companions of this Deployment
        services = [s for s in by_kind.get("Service", []) if labels_match({"matchLabels": (s.get("spec") or {}).get("selector") or {}}, pod_labels)]
        report.check("service", bool(services), f"{where}: no Service selects its pods")
        all_port_names = {p.get("name") for c in containers for p in c.get("ports") or []}
        for svc in services:
            for port in (svc.get("spec") or {}).get("ports") or []:
                target = port.get("targetPort")
                ok = target in all_port_names if isinstance(target, str) else target == 8080
                report.check("service-target-port", ok, f"{origin}: Service/{svc['metadata']['name']} port {port.get('port')} targets {target!r}, not a declared container port")

        pdbs = [p for p in by_kind.get("PodDisruptionBudget", []) if labels_match((p.get("spec") or {}).get("selector"), pod_labels)]
        report.check("pdb", bool(pdbs), f"{where}: no PodDisruptionBudget selects its pods")
        for pdb in pdbs:
            pspec = pdb.get("spec") or {}
            min_available = as_int(pspec.get("minAvailable"))
            max_unavailable = as_int(pspec.get("maxUnavailable"))
            allows_drain = (max_unavailable is not None and max_unavailable >= 1) or (min_available is not None and isinstance(replicas, int) and min_available < replicas)
            report.check("pdb-allows-drain", allows_drain, f"{origin}: PodDisruptionBudget/{pdb['metadata']['name']} never lets a node drain (replicas={replicas})")

        hpas = [h for h in by_kind.get("HorizontalPodAutoscaler", []) if ((h.get("spec") or {}).get("scaleTargetRef") or {}).get("name") == name]
        for hpa in hpas:
            hspec = hpa.get("spec") or {}
            low, high = hspec.get("minReplicas", 1), hspec.get("maxReplicas")
            report.check("hpa-range", isinstance(high, int) and 1 <= low <= high, f"{origin}: HorizontalPodAutoscaler/{hpa['metadata']['name']} has minReplicas={low} maxReplicas={high}")
            if isinstance(replicas, int) and isinstance(high, int) and not low <= replicas <= high:
                report.warn("hpa-replicas", f"{origin}: Deployment replicas={replicas} is outside the autoscaler's range {low}..{high}")
    return report


def print_report(report: Report, origin: str, quiet: bool = False) -> None:
    for rule, message in report.failed:
        print(f"FAIL [{rule}] {message}")
    for rule, message in report.warnings:
        print(f"WARN [{rule}] {message}")
    if not quiet:
        print(f"check_deployment: {origin}: {len(report.passed)} checks passed, {len(report.failed)} failed, {len(report.warnings)} warnings")


# --- self-test: each mutation breaks one rule on a copy of a good render ----------------

def _deployment(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return next(d for d in docs if d.get("kind") == "Deployment")


def _container(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return _deployment(docs)["spec"]["template"]["spec"]["containers"][0]


def _pdb(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return next(d for d in docs if d.get("kind") == "PodDisruptionBudget")


def _set_env(docs: list[dict[str, Any]], name: str, value: str) -> None:
    container = _container(docs)
    container["env"] = [e for e in container.get("env") or [] if e.get("name") != name] + [{"name": name, "value": value}]


# The commit that first added models/american.model.json (a different file from the
# shipped one since it was re-saved): a pinned URL there must fail the hash check.
FIRST_MODEL_COMMIT = "9dc9ad2706e9cc46eda0b1af03c316ce12aac795"


def _model_cm(docs: list[dict[str, Any]]) -> dict[str, str]:
    return next(d for d in docs if d.get("kind") == "ConfigMap" and "MODEL_URL" in (d.get("data") or {}))["data"]


def _set_model(docs: list[dict[str, Any]], url: str | None = None, sha: str | None = None) -> None:
    data = _model_cm(docs)
    if url is not None:
        data["MODEL_URL"] = url
    if sha is not None:
        data["MODEL_SHA256"] = sha


def _raw_url(docs: list[dict[str, Any]], ref: str) -> str:
    match = RAW_GITHUB.match(_model_cm(docs)["MODEL_URL"])
    owner, repo, path = (match.group(1), match.group(2), match.group(4)) if match else ("o", "r", "models/american.model.json")
    return f"https://raw.githubusercontent.com/{owner}/{repo}/{ref}/{path}"


def _retag(docs: list[dict[str, Any]], new: Callable[[str, str | None], str]) -> None:
    container = _container(docs)
    name, tag, _digest = split_image(container["image"])
    container["image"] = new(name, tag)


MUTATIONS: list[tuple[str, str, Callable[[list[dict[str, Any]]], None]]] = [
    ("no readiness probe", "readiness-probe", lambda d: _container(d).pop("readinessProbe")),
    ("liveness probe on the wrong path", "liveness-probe", lambda d: _container(d)["livenessProbe"]["httpGet"].update(path="/")),
    ("no startup probe", "startup-probe", lambda d: _container(d).pop("startupProbe")),
    ("maxUnavailable 1", "max-unavailable", lambda d: _deployment(d)["spec"]["strategy"]["rollingUpdate"].update(maxUnavailable=1)),
    ("maxSurge 25%", "max-surge", lambda d: _deployment(d)["spec"]["strategy"]["rollingUpdate"].update(maxSurge="25%")),
    ("Recreate strategy", "strategy-type", lambda d: _deployment(d)["spec"].update(strategy={"type": "Recreate"})),
    ("grace period shorter than the drain + margin", "grace-period", lambda d: _deployment(d)["spec"]["template"]["spec"].update(terminationGracePeriodSeconds=12)),
    ("drain longer than the grace period", "grace-period", lambda d: _set_env(d, "DRAIN_SECONDS", "60")),
    ("DRAIN_SECONDS unset", "drain-seconds", lambda d: _container(d).update(env=[e for e in _container(d).get("env") or [] if e.get("name") != "DRAIN_SECONDS"])),
    ("preStop exec sleep (no shell in the image)", "prestop-no-exec", lambda d: _container(d).update(lifecycle={"preStop": {"exec": {"command": ["sleep", "5"]}}})),
    ("preStop sleep (Kubernetes >= 1.30 only)", "prestop-portable", lambda d: _container(d).update(lifecycle={"preStop": {"sleep": {"seconds": 5}}})),
    ("a placeholder MODEL_SHA256", "model-sha256", lambda d: _set_model(d, sha="SET-BY-MODEL-RELEASE-WORKFLOW-0000000000000000000000000000000000")),
    ("a MODEL_SHA256 that is not the shipped model's", "model-sha256", lambda d: _set_model(d, sha="0" * 64)),
    ("MODEL_URL on the main branch", "model-url-pinned", lambda d: _set_model(d, url=_raw_url(d, "main"))),
    ("MODEL_URL on HEAD", "model-url-pinned", lambda d: _set_model(d, url=_raw_url(d, "HEAD"))),
    ("MODEL_URL at a commit whose model is another file", "model-url-commit", lambda d: _set_model(d, url=_raw_url(d, FIRST_MODEL_COMMIT))),
    ("MODEL_URL at a commit that is not in the history", "model-url-commit", lambda d: _set_model(d, url=_raw_url(d, "0123456789abcdef0123456789abcdef01234567"))),
    ("MODEL_URL somewhere unpinnable", "model-url-pinned", lambda d: _set_model(d, url="https://example.org/american.model.json")),
    ("no MODEL_URL", "model-url", lambda d: _container(d).update(envFrom=[s for s in _container(d)["envFrom"] if not (s.get("configMapRef") or {}).get("name", "").startswith("american-model")])),
    ("a Namespace object", "no-cluster-scoped", lambda d: d.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x", "namespace": _deployment(d)["metadata"]["namespace"]}})),
    ("an object in another namespace", "one-namespace", lambda d: _pdb(d)["metadata"].update(namespace="elsewhere")),
    ("image tag latest", "image-not-latest", lambda d: _retag(d, lambda n, t: f"{n}:latest")),
    ("image without tag", "image-tag", lambda d: _retag(d, lambda n, t: n)),
    ("image with a registry port but no tag", "image-tag", lambda d: _retag(d, lambda n, t: "registry.example:5000/american-predictor")),
    ("bad digest", "image-digest", lambda d: _retag(d, lambda n, t: f"{n}:{t}@sha256:1234")),
    ("runAsNonRoot false", "run-as-non-root", lambda d: _container(d)["securityContext"].update(runAsNonRoot=False)),
    ("runAsUser 0", "run-as-user", lambda d: _container(d)["securityContext"].update(runAsUser=0)),
    ("writable root filesystem", "read-only-root", lambda d: _container(d)["securityContext"].pop("readOnlyRootFilesystem")),
    ("privilege escalation allowed", "no-privilege-escalation", lambda d: _container(d)["securityContext"].update(allowPrivilegeEscalation=True)),
    ("capabilities not dropped", "drop-all-capabilities", lambda d: _container(d)["securityContext"].update(capabilities={"drop": ["NET_RAW"]})),
    ("a capability added", "drop-all-capabilities", lambda d: _container(d)["securityContext"]["capabilities"].update(add=["NET_BIND_SERVICE"])),
    ("seccomp Unconfined", "seccomp", lambda d: (_container(d)["securityContext"].update(seccompProfile={"type": "Unconfined"}), _deployment(d)["spec"]["template"]["spec"]["securityContext"].pop("seccompProfile", None))),
    ("no memory limit", "resources", lambda d: _container(d)["resources"]["limits"].pop("memory")),
    ("no resources", "resources", lambda d: _container(d).pop("resources")),
    ("/tmp not mounted", "tmp-emptydir", lambda d: _container(d).pop("volumeMounts")),
    ("missing version label", "labels", lambda d: _deployment(d)["spec"]["template"]["metadata"]["labels"].pop("app.kubernetes.io/version")),
    ("http port renamed", "port-http", lambda d: _container(d)["ports"][0].update(name="web")),
    ("envFrom a ConfigMap that is not rendered", "envfrom-configmaps", lambda d: _container(d)["envFrom"].append({"configMapRef": {"name": "nope"}})),
    ("PDB that blocks drains", "pdb-allows-drain", lambda d: _pdb(d)["spec"].update(maxUnavailable=0)),
    ("no Deployment at all", "deployment-present", lambda d: d.remove(_deployment(d))),
]


def self_test(path: str) -> int:
    good = load_documents(path)
    baseline = check_documents(copy.deepcopy(good), path)
    tally = Tally()
    if baseline.failed:
        print_report(baseline, path)
    tally.record(not baseline.failed, f"good render passes ({len(baseline.passed)} checks)" if not baseline.failed
                 else f"self-test: the given render {path} must pass before it can be broken")
    expected = {label: rule for label, rule, _ in MUTATIONS}

    def verdict(label: str, docs: list[dict]) -> tuple[bool, str]:
        failed_rules = check_documents(docs, f"{path} [{label}]").failed_rules()
        if expected[label] in failed_rules:
            return True, f"caught by [{expected[label]}]"
        return False, f"expected [{expected[label]}] to fail, failed rules were {sorted(failed_rules) or 'none'}"

    run_mutations(good, [(label, mutate) for label, _, mutate in MUTATIONS], verdict, tally)
    return tally.summary("check_deployment self-test")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("renders", nargs="+", help="multi-document YAML files produced by `kubectl kustomize`")
    parser.add_argument("--self-test", action="store_true", help="prove every rule on mutated copies of the (good) render")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--model", default=SHIPPED_MODEL, help="the shipped model file MODEL_SHA256 must hash (default: models/american.model.json)")
    args = parser.parse_args(argv)
    global MODEL_FILE
    MODEL_FILE = os.path.abspath(args.model)
    if args.self_test:
        return max(self_test(path) for path in args.renders)
    status = 0
    for path in args.renders:
        report = check_documents(load_documents(path), path)
        print_report(report, path, args.quiet)
        status |= 1 if report.failed else 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
