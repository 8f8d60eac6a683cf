#!/usr/bin/env python3
"""Start every rendered pod as it is committed, and require it to become ready.

For each Deployment container in each render (`kubectl kustomize` output), this takes
the container's env (envFrom ConfigMaps of the same render, then env), command/args
and probes from the render, and the image's ENTRYPOINT and ENV from the Dockerfile,
and starts the real `american serve` binary with exactly those values, with one
change: MODEL_URL's scheme and host are rewritten to a local HTTP server on
127.0.0.1 that plays the model host. It answers the same path with a 302 redirect
(as GitHub downloads do) to the bytes that the pinned URL names: `git show
<commit>:<path>` for a raw GitHub URL at a commit of this repository, else the
shipped models/american.model.json. The pod must then pass its startup and
readiness probes (httpGet on the probe's port, resolved from the container's ports)
within the startup probe's budget, answer its liveness probe and a prediction, report
the model's SHA-256 on /version, and fit its measured RSS in its memory request. The
first pod is also stopped with SIGTERM: /readyz must turn 503 while it drains and it
must exit 0 within terminationGracePeriodSeconds.

With --podman IMAGE the pods are containers of the image instead, started with the
render's args, env, memory limit and security context (user, read-only root
filesystem, dropped capabilities, no privilege escalation, an emptyDir as a tmpfs on
/tmp) on the host's network, each on a free port.

With --negative, three broken model sources must each end in a clear log line and a
non-zero exit of the server (never a process that keeps running without a model):
a wrong MODEL_SHA256, an unreachable MODEL_URL, and a redirect loop.

    scripts/check_pods_ready.py --binary .build/debug/american out/deploy/prod.yaml ...
    scripts/check_pods_ready.py --binary ... --negative out/deploy/prod.yaml

Run it in a private network namespace (`unshare --net`, as scripts/validate-deploy.sh
does when it runs as root): the pods then listen on their real container port
(8080) and nothing is reachable from outside. Without one (--remap-port), each pod
gets a free port instead, and the output says so. Needs PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import http.server
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from typing import Any

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW_GITHUB = re.compile(r"^https://raw\.githubusercontent\.com/[^/]+/[^/]+/([0-9a-f]{40})/(.+)$")
NEGATIVE_WAIT = 60.0  # seconds a broken pod gets to exit (the server's download deadline is 30 s)


# ------------------------------------------------------------------ the image
def dockerfile_runtime(path: str) -> tuple[list[str], list[str], dict[str, str]]:
    """ENTRYPOINT, CMD and ENV of the Dockerfile's last stage (ARG defaults substituted)."""
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    stages = re.split(r"^FROM\s", text, flags=re.M)
    last = stages[-1]
    args = dict(re.findall(r"^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S*)", text, re.M))
    env: dict[str, str] = {}
    for line in re.findall(r"^ENV\s+(.*)$", last, re.M):
        for key, value in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=(\S*)", line):
            env[key] = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: args.get(m.group(1), ""), value)
    entry = re.findall(r"^ENTRYPOINT\s+(\[.*\])\s*$", last, re.M)
    cmd = re.findall(r"^CMD\s+(\[.*\])\s*$", last, re.M)
    return (json.loads(entry[-1]) if entry else []), (json.loads(cmd[-1]) if cmd else []), env


# ------------------------------------------------------------------ the model host
class ModelHost:
    """127.0.0.1 HTTP server: <path> -> 302 -> /_download<path> -> the bytes; /_loop -> itself."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.hits: list[str] = []
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = urllib.parse.urlsplit(self.path).path
                host.hits.append(path)
                if path == "/_loop":
                    self.send_response(302)
                    self.send_header("Location", "/_loop")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path in host.files:
                    self.send_response(302)  # as github.com/.../releases/download and many CDNs
                    self.send_header("Location", f"/_download{path}?token=x")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path.startswith("/_download/") and path[len("/_download"):] in host.files:
                    body = host.files[path[len("/_download"):]]
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def model_bytes(url: str) -> tuple[bytes, str]:
    match = RAW_GITHUB.match(url)
    if match:
        shown = subprocess.run(["git", "-C", REPO_ROOT, "show", f"{match.group(1)}:{match.group(2)}"], capture_output=True)
        if shown.returncode == 0:
            return shown.stdout, f"git show {match.group(1)[:12]}:{match.group(2)}"
        raise SystemExit(f"check_pods_ready: cannot read {match.group(1)}:{match.group(2)} from git: {shown.stderr.decode().strip()}")
    with open(os.path.join(REPO_ROOT, "models", "american.model.json"), "rb") as handle:
        return handle.read(), "models/american.model.json (the URL is not a raw file at a commit)"


# ------------------------------------------------------------------ a pod
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 2.0, method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def quantity_bytes(value: str | None) -> int | None:
    if value is None:
        return None
    match = re.fullmatch(r"([0-9.]+)(Ki|Mi|Gi|k|M|G)?", str(value))
    if not match:
        return None
    scale = {"Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "k": 1000, "M": 1000**2, "G": 1000**3, None: 1}[match.group(2)]
    return int(float(match.group(1)) * scale)


def rss_bytes(pid: int) -> int | None:
    try:
        for line in open(f"/proc/{pid}/status", encoding="utf-8"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class Pod:
    def __init__(self, origin: str, docs: list[dict[str, Any]], deployment: dict[str, Any], container: dict[str, Any]) -> None:
        self.origin = origin
        self.deployment = deployment
        self.container = container
        self.pod_spec = deployment["spec"]["template"]["spec"]
        self.name = f"{origin}: Deployment/{deployment['metadata']['name']} container {container['name']}"
        self.configmaps = {
            d["metadata"]["name"]: {k: str(v) for k, v in (d.get("data") or {}).items()}
            for d in docs
            if d.get("kind") == "ConfigMap"
        }

    def env(self, image_env: dict[str, str]) -> dict[str, str]:
        env = dict(image_env)
        for source in self.container.get("envFrom") or []:
            ref = source.get("configMapRef") or {}
            if ref.get("name") not in self.configmaps:
                raise ValueError(f"envFrom ConfigMap {ref.get('name')!r} is not in the render")
            env.update(self.configmaps[ref["name"]])
        for entry in self.container.get("env") or []:
            if "value" not in entry:
                raise ValueError(f"env {entry.get('name')} has no literal value (valueFrom is not supported here)")
            env[entry["name"]] = str(entry["value"])
        return env

    def argv(self, binary: str, entrypoint: list[str], cmd: list[str]) -> list[str]:
        command = self.container.get("command")
        args = self.container.get("args")
        argv = list(command) + list(args or []) if command else list(entrypoint) + list(args if args is not None else cmd)
        if not argv or argv[0] != "/app/american":
            raise ValueError(f"the container would run {argv[:1]}, not /app/american")
        return [binary] + argv[1:]

    def probe_port(self, probe: dict[str, Any]) -> int:
        port = (probe.get("httpGet") or {}).get("port")
        if isinstance(port, int):
            return port
        for declared in self.container.get("ports") or []:
            if declared.get("name") == port:
                return int(declared["containerPort"])
        raise ValueError(f"probe port {port!r} is not a declared container port")


    def podman_argv(self, run: list[str], image: str, name: str, env: dict[str, str]) -> list[str]:
        """`podman run` of `image` as the kubelet would start this container: its command
        (else the image's ENTRYPOINT) and args (else the image's CMD), env, memory limit and
        security context, an emptyDir on /tmp as a tmpfs."""
        context = self.container.get("securityContext") or {}
        pod_context = self.pod_spec.get("securityContext") or {}
        argv = run + ["--rm", "--name", name, "--network", "host", "--sig-proxy=true"]
        user = context.get("runAsUser", pod_context.get("runAsUser"))
        if user is not None:
            argv += ["--user", f"{user}:{context.get('runAsGroup', pod_context.get('runAsGroup', user))}"]
        if context.get("readOnlyRootFilesystem"):
            argv.append("--read-only")
        if "ALL" in ((context.get("capabilities") or {}).get("drop") or []):
            argv += ["--cap-drop", "ALL"]
        if context.get("allowPrivilegeEscalation") is False:
            argv += ["--security-opt", "no-new-privileges"]
        empty_dirs = {v["name"] for v in self.pod_spec.get("volumes") or [] if "emptyDir" in v}
        for mount in self.container.get("volumeMounts") or []:
            if mount["name"] not in empty_dirs:
                raise ValueError(f"volume {mount['name']!r} is not an emptyDir (not supported here)")
            argv += ["--tmpfs", mount["mountPath"]]
        limit = quantity_bytes(((self.container.get("resources") or {}).get("limits") or {}).get("memory"))
        if limit:
            argv += ["--memory", str(limit)]
        for key, value in sorted(env.items()):
            argv += ["--env", f"{key}={value}"]
        command = self.container.get("command")
        if command:
            argv += ["--entrypoint", json.dumps(command)]
        return argv + [image] + list(self.container.get("args") or [])


class Started:
    """One pod's server: the binary as a process, or (with a container name) the image
    under `podman run`, whose exit status is the container's and which passes SIGTERM on."""

    def __init__(self, argv: list[str], env: dict[str, str], log_path: str, container: str | None = None) -> None:
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.container = container
        self.cwd = tempfile.mkdtemp(prefix="pod-")  # like WORKDIR /app: no models/ next to it
        self.process = subprocess.Popen(argv, env=env, cwd=self.cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def server_pid(self) -> int | None:
        """The server's pid on this host: the process, or the container's main process."""
        if self.container is None:
            return self.process.pid
        shown = subprocess.run(["podman", "inspect", "--format", "{{.State.Pid}}", self.container], capture_output=True, text=True)
        return int(shown.stdout.strip()) if shown.returncode == 0 and shown.stdout.strip().isdigit() else None

    def output(self) -> str:
        self.log.flush()
        return open(self.log_path, encoding="utf-8", errors="replace").read()

    def stop(self) -> None:
        if self.container is not None:
            subprocess.run(["podman", "rm", "-f", "-t", "0", self.container], capture_output=True)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def run_pod(pod: Pod, args: argparse.Namespace, host: ModelHost, image: tuple[list[str], list[str], dict[str, str]], first: bool, mutate_env: dict[str, str] | None = None) -> tuple[bool, list[str]]:
    """Start one pod; return (ready, messages). With mutate_env (a negative case) expect a failed start."""
    notes: list[str] = []
    entrypoint, cmd, image_env = image
    env = pod.env(image_env)
    env["PATH"] = "/usr/bin:/bin"
    url = env.get("MODEL_URL")
    if not url:
        return False, [f"FAIL {pod.name}: no MODEL_URL in its env"]
    parts = urllib.parse.urlsplit(url)
    body, provenance = model_bytes(url)
    host.files[parts.path] = body
    env["MODEL_URL"] = host.url(parts.path)
    notes.append(f"     MODEL_URL {url}\n     -> {env['MODEL_URL']} (302 -> /_download{parts.path}; {len(body):,} bytes from {provenance}, SHA-256 {hashlib.sha256(body).hexdigest()[:16]}...)")
    if mutate_env:
        env.update(mutate_env)
    startup = pod.container.get("startupProbe") or pod.container.get("readinessProbe")
    readiness = pod.container.get("readinessProbe")
    liveness = pod.container.get("livenessProbe")
    if not readiness or not startup:
        return False, [f"FAIL {pod.name}: no readiness/startup probe to wait for"]
    port = pod.probe_port(readiness)
    if pod.probe_port(startup) != port:
        return False, [f"FAIL {pod.name}: startup and readiness probes use different ports"]
    if args.remap_port or args.podman:
        local = free_port()
        notes.append(f"     no private network namespace: PORT {env.get('PORT')} -> {local} (probes follow)")
        env["PORT"] = str(local)
        port = local
    argv = pod.argv(args.binary, entrypoint, cmd)
    budget = min(float(startup.get("periodSeconds", 10)) * int(startup.get("failureThreshold", 3)), args.max_wait)
    suffix = ".negative-" + hashlib.sha256(repr(sorted(mutate_env.items())).encode()).hexdigest()[:8] if mutate_env else ""
    log_path = os.path.join(args.logs, re.sub(r"[^A-Za-z0-9_.-]+", "_", pod.name) + suffix + ".log")
    notes.append(f"     argv {' '.join(argv[1:])}; env {', '.join(f'{k}={v}' for k, v in sorted(env.items()) if k != 'PATH')}")
    if args.podman:
        container = "pods-ready-" + hashlib.sha256((pod.name + suffix).encode()).hexdigest()[:12]
        started = Started(pod.podman_argv(shlex.split(args.podman_run), args.podman, container, env), dict(os.environ), log_path, container)
    else:
        started = Started(argv, env, log_path)
    try:
        if mutate_env:
            deadline = time.monotonic() + NEGATIVE_WAIT
            while time.monotonic() < deadline and started.process.poll() is None:
                time.sleep(0.1)
            code = started.process.poll()
            last = [line for line in started.output().splitlines() if line.strip()][-1:] or ["(no output)"]
            if code is None:
                try:
                    status = get(port, readiness["httpGet"]["path"])[0]
                except OSError as error:
                    status = f"no answer ({error})"
                return False, notes + [f"     still running after {NEGATIVE_WAIT:.0f} s, /readyz {status}: a pod without a model; last line: {last[0]}"]
            return True, notes + [f"     exit status {code}; last line: {last[0]}"]
        path = startup["httpGet"]["path"]
        t0 = time.monotonic()
        ready_at = None
        while time.monotonic() - t0 < budget:
            if started.process.poll() is not None:
                return False, notes + [f"FAIL {pod.name}: the server exited with {started.process.returncode} before it was ready:", started.output()[-1500:]]
            try:
                if get(port, path)[0] == 200:
                    ready_at = time.monotonic() - t0
                    break
            except OSError:
                pass
            time.sleep(0.05)
        if ready_at is None:
            return False, notes + [f"FAIL {pod.name}: {path} not 200 within {budget:.0f} s (startup probe budget)", started.output()[-1500:]]
        problems = []
        status, _ = get(port, readiness["httpGet"]["path"])
        if status != 200:
            problems.append(f"readiness {readiness['httpGet']['path']} answered {status}")
        if liveness:
            live_port = port if args.remap_port or args.podman else pod.probe_port(liveness)
            status, _ = get(live_port, liveness["httpGet"]["path"])
            if status != 200:
                problems.append(f"liveness {liveness['httpGet']['path']} answered {status}")
        status, answer = get(port, "/api/american", method="POST", body=b'{"text":"#covid19 new york"}')
        if status != 200 or b"is_american" not in answer:
            problems.append(f"POST /api/american answered {status} {answer[:120]!r}")
        status, version = get(port, "/version")
        served_sha = json.loads(version).get("model_sha256") if status == 200 else None
        if served_sha != env.get("MODEL_SHA256"):
            problems.append(f"/version model_sha256 {served_sha!r} is not MODEL_SHA256 {env.get('MODEL_SHA256')!r}")
        pid = started.server_pid()
        rss = rss_bytes(pid) if pid else None
        request = quantity_bytes(((pod.container.get("resources") or {}).get("requests") or {}).get("memory"))
        if rss is None or request is None or rss > request:
            problems.append(f"RSS {rss} bytes does not fit in the memory request {request}")
        notes.append(f"     ready after {ready_at:.2f} s; {answer.decode()[:80]}; RSS {rss / 2**20:.1f} MiB (request {request / 2**20:.0f} MiB)")
        if first and not problems:
            grace = int(pod.pod_spec.get("terminationGracePeriodSeconds", 30))
            t1 = time.monotonic()
            started.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            try:
                draining = get(port, readiness["httpGet"]["path"])[0]
            except OSError as error:
                draining = f"no answer ({error})"
            if draining != 503:
                problems.append(f"0.5 s after SIGTERM {readiness['httpGet']['path']} answered {draining}, not 503 (draining)")
            try:
                code = started.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                code = None
            took = time.monotonic() - t1
            if code != 0:
                problems.append(f"after SIGTERM: exit {code} within the grace period of {grace} s (the kubelet would SIGKILL)")
            notes.append(f"     SIGTERM: /readyz {draining} while draining, exit {code} after {took:.1f} s (grace {grace} s)")
        if problems:
            return False, notes + [f"FAIL {pod.name}: " + "; ".join(problems)]
        return True, notes
    finally:
        started.stop()


NEGATIVES = [
    ("a MODEL_SHA256 that is not the file's", lambda host, env: {"MODEL_SHA256": "0" * 64}, "SHA-256 mismatch"),
    ("an unreachable MODEL_URL (nothing listens)", lambda host, env: {"MODEL_URL": f"http://127.0.0.1:{free_port()}/models/american.model.json"}, "cannot download"),
    ("a redirect loop", lambda host, env: {"MODEL_URL": host.url("/_loop")}, "redirect"),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("renders", nargs="+")
    parser.add_argument("--binary", help="the american executable (as /app/american in the image); not with --podman")
    parser.add_argument("--dockerfile", default=os.path.join(REPO_ROOT, "Dockerfile"))
    parser.add_argument("--negative", action="store_true", help="also require broken model sources to stop the server")
    parser.add_argument("--remap-port", action="store_true", help="give each pod a free port (when not in a private network namespace)")
    parser.add_argument("--podman", metavar="IMAGE", help="start the pods as containers of IMAGE (Podman) instead of the binary")
    parser.add_argument("--podman-run", default="podman run", help="the command that runs a container (default: podman run)")
    parser.add_argument("--max-wait", type=float, default=120.0, help="cap on the startup budget in seconds")
    parser.add_argument("--logs", default=None, help="directory for the servers' logs")
    args = parser.parse_args(argv)
    if (args.binary is None) == (args.podman is None):
        parser.error("give exactly one of --binary and --podman")
    args.binary = os.path.abspath(args.binary) if args.binary else "/app/american"
    args.logs = args.logs or tempfile.mkdtemp(prefix="pods-ready-")
    os.makedirs(args.logs, exist_ok=True)
    if not args.podman and not os.access(args.binary, os.X_OK):
        print(f"check_pods_ready: {args.binary} is not an executable")
        return 1
    image = dockerfile_runtime(args.dockerfile)
    print(f"image: ENTRYPOINT {image[0]} CMD {image[1]} ENV {image[2]} (from {os.path.relpath(args.dockerfile, REPO_ROOT)})")
    host = ModelHost()
    passed = failed = 0
    pods: list[Pod] = []
    for path in args.renders:
        docs = [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if isinstance(d, dict)]
        deployments = [d for d in docs if d.get("kind") == "Deployment"]
        if not deployments:
            print(f"FAIL {path}: no Deployment")
            failed += 1
        for dep in deployments:
            for container in dep["spec"]["template"]["spec"].get("containers") or []:
                pods.append(Pod(os.path.basename(path), docs, dep, container))
    for index, pod in enumerate(pods):
        try:
            ok, notes = run_pod(pod, args, host, image, first=index == 0)
        except (ValueError, KeyError, OSError) as error:
            ok, notes = False, [f"FAIL {pod.name}: {error}"]
        print(("ok   " if ok else "FAIL ") + pod.name + (" became ready" if ok else ""))
        print("\n".join(notes))
        passed, failed = passed + ok, failed + (not ok)
    if args.negative and pods:
        # One after the other: the server binds its port at once (it is live while it
        # fetches the model), so two broken pods at a time would fight over it.
        pod = pods[0]
        results: dict[str, tuple[bool, list[str]]] = {}
        for label, change, _ in NEGATIVES:
            try:
                results[label] = run_pod(pod, args, host, image, first=False, mutate_env=change(host, {}))
            except (ValueError, KeyError, OSError) as error:
                results[label] = (False, [f"     {error}"])
        for label, change, expected in NEGATIVES:
            stopped, notes = results[label]
            last = notes[-1]
            code_ok = stopped and "exit status 0;" not in last
            clear = expected.lower() in last.lower()
            ok = code_ok and clear
            print(("ok   " if ok else "FAIL ") + f"{pod.name} with {label}: " + ("stops with a non-zero exit and says so" if ok else f"want a non-zero exit and a last log line containing {expected!r}"))
            print(last)
            passed, failed = passed + ok, failed + (not ok)
    print(f"check_pods_ready: {passed} passed, {failed} failed (logs in {args.logs})")
    return 1 if failed or not pods else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
