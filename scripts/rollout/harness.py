"""Rollout harness: the rendered Deployment rolled out over real processes behind a Service
made of real kernel load balancing, measured by real users.

- Pods: each a real `american serve` process (the image's entrypoint and env: PORT,
  MODEL_PATH, then the manifest's env and envFrom ConfigMaps) in its own network
  namespace, with its own address on a bridge in a "node" namespace.
- Service: a ClusterIP (10.96.0.10:80) that the node DNATs with kube-proxy's iptables
  rules (`-m statistic --mode random --probability 1/(n-i)` per endpoint, KUBE-SVC/KUBE-SEP
  chains, REJECT when there is no endpoint), rewritten atomically with
  `iptables-restore --noflush` `--delay` seconds after each endpoint change. Conntrack keeps
  established connections on their pod. Nothing retries: no proxy in the path.
- Control plane: scripts/rollout/k8smodel.py (Deployment controller, kubelet probes at
  the manifest's periods over HTTP from the node, termination with preStop/SIGTERM/
  SIGKILL, endpoints) on the real clock.
- Users: `american watch` (keep-alive) and `american watch --new-connection` (a new
  connection per request), each in its own client namespace routed through the node; the
  node's nat PREROUTING counter per client counts their connections.
- The model host: a local HTTP server in the node namespace that serves MODEL_URL's path.

Needs root (ip netns, iptables). Creates only namespaces named `<prefix>-*` and removes
them on exit, also on failure. Traffic stays inside them.
"""
from __future__ import annotations

import argparse
import csv
import ctypes
import datetime as dt
import gzip
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit

import k8smodel as k

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CLUSTER_IP, SERVICE_PORT = "10.96.0.10", 80
NODE_BR = "10.244.0.1"
MODEL_HOST_PORT = 8000
CLIENTS = {"keepalive": ("10.245.0.1", "10.245.0.2"), "newconn": ("10.245.0.5", "10.245.0.6")}
CLONE_NEWNET = 0x40000000


def sh(*cmd, input=None, check=True):
    r = subprocess.run(list(cmd), input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {r.stderr.strip()}")
    return r.stdout


class RealClock:
    def __init__(self):
        self.origin = time.monotonic()

    def now(self):
        return time.monotonic() - self.origin

    def sleep_until(self, t):
        d = t - self.now()
        if d > 0:
            time.sleep(d)

    def mono(self, t):
        return self.origin + t


# ------------------------------------------------------------------------------------------
# Network: node, clients, pods


class Net:
    def __init__(self, prefix):
        self.prefix = prefix
        self.node = f"{prefix}-node"
        self.created: list[str] = []
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.home = os.open("/proc/self/ns/net", os.O_RDONLY)
        self.inside = False

    def ns(self, name):
        return f"{self.prefix}-{name}"

    def add_ns(self, name):
        sh("ip", "netns", "add", name)
        self.created.append(name)
        sh("ip", "-n", name, "link", "set", "lo", "up")

    def setup(self):
        self.add_ns(self.node)
        sh("ip", "-n", self.node, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", self.node, "addr", "add", f"{NODE_BR}/24", "dev", "br0")
        sh("ip", "-n", self.node, "link", "set", "br0", "up")
        sh("ip", "netns", "exec", self.node, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        # The service range routes to the bridge, so that without a DNAT rule a packet reaches
        # FORWARD and kube-proxy's REJECT ("has no endpoints") instead of "no route".
        sh("ip", "-n", self.node, "route", "add", "10.96.0.0/12", "dev", "br0")
        for name, (node_ip, client_ip) in CLIENTS.items():
            ns = self.ns(name)
            self.add_ns(ns)
            sh("ip", "link", "add", "name", f"c-{name[:8]}", "netns", self.node, "type", "veth",
               "peer", "name", "eth0", "netns", ns)
            sh("ip", "-n", self.node, "addr", "add", f"{node_ip}/30", "dev", f"c-{name[:8]}")
            sh("ip", "-n", self.node, "link", "set", f"c-{name[:8]}", "up")
            sh("ip", "-n", ns, "addr", "add", f"{client_ip}/30", "dev", "eth0")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
            sh("ip", "-n", ns, "route", "add", "default", "via", node_ip)
        # kube-proxy's hooks; the per-client PREROUTING rules count each client's new connections.
        rules = ["*nat", ":KUBE-SERVICES - [0:0]", ":KUBE-SVC-AMERICAN - [0:0]"]
        for name, (_, client_ip) in CLIENTS.items():
            rules.append(f"-A PREROUTING -s {client_ip}/32 -m comment --comment client-{name} -j KUBE-SERVICES")
        rules += [f"-A KUBE-SERVICES -d {CLUSTER_IP}/32 -p tcp -m tcp --dport {SERVICE_PORT} -j KUBE-SVC-AMERICAN",
                  "COMMIT", "*filter", ":KUBE-SERVICES - [0:0]", "-A FORWARD -j KUBE-SERVICES", "COMMIT", ""]
        self.iptables_restore("\n".join(rules))

    def enter_node(self):
        fd = os.open(f"/run/netns/{self.node}", os.O_RDONLY)
        if self.libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        os.close(fd)
        self.inside = True

    def leave_node(self):
        if self.inside:
            self.libc.setns(self.home, CLONE_NEWNET)
            self.inside = False

    def iptables_restore(self, text):
        cmd = ["iptables-restore", "--noflush"] if self.inside else \
            ["ip", "netns", "exec", self.node, "iptables-restore", "--noflush"]
        sh(*cmd, input=text)

    def counters(self):
        """New connections per client so far (the nat table sees each connection's first packet)."""
        out = sh("iptables", "-t", "nat", "-L", "PREROUTING", "-v", "-x", "-n")
        counts = {}
        for line in out.splitlines():
            for name in CLIENTS:
                if f"client-{name}" in line:
                    counts[name] = int(line.split()[0])
        return counts

    def cleanup(self):
        self.leave_node()
        for name in reversed(self.created):
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
        self.created.clear()


# ------------------------------------------------------------------------------------------
# Pods as processes


class ProcessBackend:
    def __init__(self, net: Net, binary: str, logdir: str, clock: RealClock):
        self.net, self.binary, self.logdir, self.clock = net, binary, logdir, clock
        self.n = 0
        self.procs: dict[str, subprocess.Popen] = {}
        self.log: list = []            # (t, endpoints) as programmed
        self.extra_env: dict = {}

    def create(self, pod: k.Pod) -> None:
        self.n += 1
        idx = 10 + (self.n % 240)
        pod.ip = f"10.244.0.{idx}"
        ns = self.net.ns(f"p{self.n}")
        pod.data["ns"], pod.data["veth"] = ns, f"v{self.n}"
        self.net.add_ns(ns)
        sh("ip", "link", "add", "name", f"v{self.n}", "netns", self.net.node, "type", "veth",
           "peer", "name", "eth0", "netns", ns)
        sh("ip", "-n", self.net.node, "link", "set", f"v{self.n}", "master", "br0", "up")
        sh("ip", "-n", ns, "addr", "add", f"{pod.ip}/24", "dev", "eth0")
        sh("ip", "-n", ns, "link", "set", "eth0", "up")
        sh("ip", "-n", ns, "route", "add", "default", "via", NODE_BR)

    def start(self, pod: k.Pod) -> None:
        # The image's ENV, then the container's env from the manifest (as the kubelet does).
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "PORT": "8080",
               "MODEL_PATH": "/models/american.model.json", "APP_REVISION": ""}
        env.update(pod.params.environment)
        env.update(pod.labels.get("env", {}))
        for key, value in list(env.items()):
            if value is None:
                del env[key]
        pod.data["env"] = env
        out = open(os.path.join(self.logdir, f"{pod.name}.log"), "ab")
        self.procs[pod.name] = subprocess.Popen(
            ["ip", "netns", "exec", pod.data["ns"], self.binary, "serve", "--host", "0.0.0.0"],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()

    def probe(self, pod: k.Pod, probe: k.Probe) -> bool:
        conn = http.client.HTTPConnection(pod.ip, pod.params.container_port, timeout=probe.timeout)
        try:
            conn.request("GET", probe.path, headers={"User-Agent": "kube-probe/1.30", "Connection": "close"})
            status = conn.getresponse().status
            return 200 <= status < 400
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    def signal(self, pod: k.Pod, sig: str) -> None:
        proc = self.procs.get(pod.name)
        if proc and proc.poll() is None:
            proc.send_signal({"TERM": signal.SIGTERM, "KILL": signal.SIGKILL, "HUP": signal.SIGHUP}[sig])

    def exited(self, pod: k.Pod) -> bool:
        proc = self.procs.get(pod.name)
        if proc is None or proc.poll() is not None:
            if proc is not None:
                pod.data["exit_code"] = proc.returncode
            return True
        return False

    def destroy(self, pod: k.Pod) -> None:
        ns = pod.data.get("ns")
        if ns:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
            if ns in self.net.created:
                self.net.created.remove(ns)

    def program(self, endpoints: list) -> None:
        """kube-proxy's iptables mode for one ClusterIP: KUBE-SVC with one statistic rule per
        endpoint jumping to a KUBE-SEP chain that DNATs; REJECT when there is none."""
        eps = sorted(endpoints, key=lambda p: p.name)
        lines = ["*nat", ":KUBE-SVC-AMERICAN - [0:0]"]
        for p in eps:
            lines.append(f":KUBE-SEP-{p.name[-20:].upper()} - [0:0]")
        n = len(eps)
        for i, p in enumerate(eps):
            chain = f"KUBE-SEP-{p.name[-20:].upper()}"
            if i < n - 1:
                lines.append(f"-A KUBE-SVC-AMERICAN -m statistic --mode random --probability {1 / (n - i):.10f} -j {chain}")
            else:
                lines.append(f"-A KUBE-SVC-AMERICAN -j {chain}")
        for p in eps:
            chain = f"KUBE-SEP-{p.name[-20:].upper()}"
            lines.append(f"-A {chain} -p tcp -m tcp -j DNAT --to-destination {p.ip}:{p.params.container_port}")
        stale = self.net_chains - {f"KUBE-SEP-{p.name[-20:].upper()}" for p in eps}
        lines += [f":{c} - [0:0]" for c in sorted(stale)]      # flushed now, deleted below
        lines += ["COMMIT", "*filter", ":KUBE-SERVICES - [0:0]"]
        if not eps:
            lines.append(f"-A KUBE-SERVICES -d {CLUSTER_IP}/32 -p tcp -m tcp --dport {SERVICE_PORT} "
                         "-m comment --comment has-no-endpoints -j REJECT --reject-with icmp-port-unreachable")
        lines += ["COMMIT", ""]
        self.net.iptables_restore("\n".join(lines))
        if stale:   # unreferenced now; nf_tables refuses to delete them in the same transaction
            self.net.iptables_restore("\n".join(["*nat"] + [f"-X {c}" for c in sorted(stale)] + ["COMMIT", ""]))
        self.net_chains = {f"KUBE-SEP-{p.name[-20:].upper()}" for p in eps}
        self.log.append((self.clock.now(), [p.name for p in eps]))

    net_chains: set = set()

    def kill_all(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
        for proc in self.procs.values():
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass


# ------------------------------------------------------------------------------------------
# Users


class Users:
    """Two `american watch` processes, one per client namespace: `keepalive` (its pool
    reuses connections) and `newconn` (`--new-connection`: one connection per request)."""

    FLAGS = {"keepalive": [], "newconn": ["--new-connection"]}

    def __init__(self, net: Net, binary: str, workdir: str, interval: float):
        self.net, self.binary, self.workdir, self.interval = net, binary, workdir, interval
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str):
        url = f"http://{CLUSTER_IP}:{SERVICE_PORT}"
        self.files = {m: os.path.join(self.workdir, f"{name}.{m}.csv") for m in CLIENTS}
        self.first_line_at: dict[str, float] = {}
        self.out: dict[str, list[str]] = {m: [] for m in CLIENTS}
        self.readers = []
        for mode in CLIENTS:
            self.procs[mode] = subprocess.Popen(
                ["ip", "netns", "exec", self.net.ns(mode), "stdbuf", "-oL", self.binary, "watch", "--url", url,
                 *self.FLAGS[mode], "--interval", str(self.interval), "--duration", "900s", "--timeout", "2",
                 "--csv", self.files[mode], "--report", os.path.join(self.workdir, f"{name}.{mode}.md")],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
            # watch prints a line at its first answer: the time of that line, less the first
            # request's latency, is the watch's tick 0 on this clock.
            reader = threading.Thread(target=self.read, args=(mode,), daemon=True)
            reader.start()
            self.readers.append(reader)
        deadline = time.monotonic() + 15
        while len(self.first_line_at) < len(CLIENTS) and time.monotonic() < deadline:
            time.sleep(0.02)
        for mode in CLIENTS:
            if mode not in self.first_line_at:
                raise RuntimeError(f"american watch ({mode}) printed nothing: " + " | ".join(self.out[mode]))

    def read(self, mode):
        for line in self.procs[mode].stdout:
            self.first_line_at.setdefault(mode, time.monotonic())
            self.out[mode].append(line.rstrip("\n"))

    def kill(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def stop(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for reader in self.readers:
            reader.join(5)
        samples = {}
        for mode in CLIENTS:
            rows = read_csv(self.files[mode])
            lat0 = rows[0]["latency_ms"] / 1000 if rows else 0
            samples[mode] = (self.first_line_at[mode] - lat0, rows)
        return samples


def read_csv(path):
    """watch's CSV (RFC 4180 quoting, CRLF): time_s,outcome,latency_ms,version,model_date."""
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["time_s"] = float(row["time_s"])
        row["latency_ms"] = float(row["latency_ms"])
    return rows


# ------------------------------------------------------------------------------------------
# Analysis


def analyse(rows, origin_mono, t0_mono, old_id, new_id):
    """Figures of one user's samples; times in seconds from the rollout's start."""
    samples = []
    for r in rows:
        t = origin_mono + r["time_s"] - t0_mono
        ident = f"{r['version']}|{r['model_date']}" if r["outcome"] == "ok" else None
        samples.append((t, r["outcome"], ident, r["latency_ms"]))
    samples.sort()
    failed = [s for s in samples if s[1] != "ok"]
    kinds: dict = {}
    for s in failed:
        kinds[s[1]] = kinds.get(s[1], 0) + 1
    longest, start = 0.0, None
    for t, outcome, _, _ in samples:
        if outcome != "ok" and start is None:
            start = t
        elif outcome == "ok" and start is not None:
            longest = max(longest, t - start)
            start = None
    if start is not None:
        longest = max(longest, samples[-1][0] - start + 1e-9)
    first_new = next((t for t, o, i, _ in samples if i == new_id), None)
    last_old = max((t for t, o, i, _ in samples if i == old_id), default=None)
    span = samples[-1][0] - samples[0][0] if len(samples) > 1 else 0
    others = sorted({i for _, _, i, _ in samples if i and i not in (old_id, new_id)})
    return {"requests": len(samples), "answered": len(samples) - len(failed), "failed": len(failed),
            "failure_kinds": kinds, "longest_outage_s": round(longest, 3),
            "first_new_s": None if first_new is None else round(first_new, 3),
            "last_old_s": None if last_old is None else round(last_old, 3),
            "new_alone_from_s": None if last_old is None else round(last_old, 3),
            "mixed_window_s": round(max(0.0, last_old - first_new), 3) if first_new is not None and last_old is not None else None,
            "rate_per_s": round(len(samples) / span, 1) if span else None,
            "other_versions": others,
            "samples": samples}


# ------------------------------------------------------------------------------------------
# Timeline SVG


def svg_timeline(path, title, label, events, pods, users, t_end):
    W, left, right = 1000, 150, 20
    lane_h, top = 18, 46
    pod_names = [p["name"] for p in pods]
    rows = len(pod_names) + 1 + 2
    H = top + rows * lane_h + 60
    t_min = min(-3.0, min((p["created"] for p in pods), default=0))
    t_max = max(t_end, 1)
    sx = lambda t: left + (t - t_min) / (t_max - t_min) * (W - left - right)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="16" font-size="13" font-weight="bold">{esc(title)}</text>',
           f'<text x="10" y="32" fill="#57606a">{esc(label)}</text>']
    # axis
    y_axis = top + rows * lane_h + 8
    step = 5 if t_max - t_min > 30 else 2
    t = (int(t_min / step) - 1) * step
    while t <= t_max:
        if t >= t_min:
            x = sx(t)
            out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{y_axis}" stroke="#eee"/>')
            out.append(f'<text x="{x:.1f}" y="{y_axis + 14}" text-anchor="middle" fill="#57606a">{t:g}</text>')
        t += step
    out.append(f'<text x="{(left + W) / 2:.0f}" y="{y_axis + 30}" text-anchor="middle" fill="#57606a">seconds from the start of the rollout (template change)</text>')
    x0 = sx(0)
    out.append(f'<line x1="{x0:.1f}" y1="{top - 6}" x2="{x0:.1f}" y2="{y_axis}" stroke="#1f6feb" stroke-dasharray="3,2"/>')
    # pods
    for i, p in enumerate(pods):
        y = top + i * lane_h
        out.append(f'<text x="10" y="{y + 12}">{esc(p["name"])} ({esc(p["version"])})</text>')
        end = p["exited"] if p["exited"] is not None else t_max
        out.append(f'<rect x="{sx(p["created"]):.1f}" y="{y + 3}" width="{max(1, sx(end) - sx(p["created"])):.1f}" height="10" fill="#d0d7de"/>')
        if p["ready"] is not None:
            ready_end = p["deleted"] if p["deleted"] is not None else end
            out.append(f'<rect x="{sx(p["ready"]):.1f}" y="{y + 3}" width="{max(1, sx(ready_end) - sx(p["ready"])):.1f}" height="10" fill="#2da44e"/>')
        if p["deleted"] is not None:
            out.append(f'<rect x="{sx(p["deleted"]):.1f}" y="{y + 3}" width="{max(1, sx(end) - sx(p["deleted"])):.1f}" height="10" fill="#fb8f44"/>')
        for a, b in p["in_service"]:
            b = t_max if b is None else b
            out.append(f'<rect x="{sx(a):.1f}" y="{y + 14}" width="{max(1, sx(b) - sx(a)):.1f}" height="3" fill="#0969da"/>')
        if p.get("sigterm") is not None:
            out.append(f'<text x="{sx(p["sigterm"]):.1f}" y="{y + 12}" font-size="9" fill="#cf222e">{esc(p.get("signal", "TERM"))}</text>')
    # users
    colours = {}
    palette = ["#8250df", "#1a7f37", "#bf8700", "#0550ae"]
    for j, (mode, u) in enumerate(users.items()):
        y = top + (len(pods) + 1 + j) * lane_h
        out.append(f'<text x="10" y="{y + 12}">user: {esc(mode)}</text>')
        for t, outcome, ident, _ in u["samples"]:
            if t < t_min or t > t_max:
                continue
            if outcome != "ok":
                out.append(f'<rect x="{sx(t) - 1:.1f}" y="{y}" width="2.5" height="16" fill="#cf222e"/>')
            else:
                c = colours.setdefault(ident, palette[len(colours) % len(palette)])
                out.append(f'<rect x="{sx(t):.1f}" y="{y + 5}" width="1.2" height="6" fill="{c}"/>')
    # legend
    ly = H - 12
    items = [("#d0d7de", "pod starting"), ("#2da44e", "Ready"), ("#fb8f44", "terminating"),
             ("#0969da", "in the Service's iptables rules"), ("#cf222e", "failed request")]
    items += [(c, f"answer {i.split('|')[0]} / {i.split('|')[1][:10]}") for i, c in colours.items()]
    x = 10
    for c, text in items:
        out.append(f'<rect x="{x}" y="{ly - 9}" width="10" height="10" fill="{c}"/>')
        out.append(f'<text x="{x + 14}" y="{ly}">{esc(text)}</text>')
        x += 24 + 6.2 * len(text)
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pod_timelines(cluster, t0, backend_log):
    pods = []
    for p in cluster.pods:
        def rel(x):
            return None if x is None else round(x - t0, 3)
        intervals, cur = [], None
        for t, names in backend_log:
            if p.name in names and cur is None:
                cur = t
            elif p.name not in names and cur is not None:
                intervals.append((round(cur - t0, 3), round(t - t0, 3)))
                cur = None
        if cur is not None:
            intervals.append((round(cur - t0, 3), None))
        ready = next((e.t for e in cluster.events if e.kind == "ready" and e.pod == p.name), None)
        pods.append({"name": p.name, "version": p.labels.get("version", ""), "ip": p.ip,
                     "created": rel(p.created), "running": rel(p.running_at), "ready": rel(ready),
                     "deleted": rel(p.deleted_at), "sigterm": rel(p.sigterm_at),
                     "signal": cluster.signal_map.get("TERM", "TERM") if p.sigterm_at is not None else None,
                     "sigkill": rel(p.sigkill_at), "exited": rel(p.exited_at),
                     "exit_code": p.data.get("exit_code"), "in_service": intervals})
    return pods


# ------------------------------------------------------------------------------------------
# Cases


class Harness:
    def __init__(self, args):
        self.args = args
        self.prefix = f"arh{os.getpid()}"
        self.work = tempfile.mkdtemp(prefix="american-rollout.")
        self.net = Net(self.prefix)
        self.clock = RealClock()
        self.backend = ProcessBackend(self.net, args.binary, self.work, self.clock)
        self.model_host = None
        self.users = None
        self.results = []

    # -- setup ---------------------------------------------------------------------------------
    def setup(self):
        self.net.setup()
        self.net.enter_node()
        self.models = os.path.join(self.work, "modelhost")
        os.makedirs(self.models)
        self.prod_docs = k.render(self.args.overlay, self.args.kubectl)
        self.prod = k.params_from_docs(self.prod_docs)
        self.model_env, self.model_notes = self.prepare_models(self.prod)
        self.model_host = subprocess.Popen(
            [self.args.python, "-m", "http.server", str(MODEL_HOST_PORT), "--bind", NODE_BR, "--directory", self.models],
            stdout=open(os.path.join(self.work, "modelhost.log"), "w"), stderr=subprocess.STDOUT)
        time.sleep(0.5)

    def prepare_models(self, p: k.Params):
        """The model host serves MODEL_URL's path with the shipped model; a second model
        (same weights, another model_date) for the model-only release."""
        env = p.environment
        notes = []
        url = env.get("MODEL_URL")
        shipped = open(os.path.join(ROOT, "models", "american.model.json"), "rb").read()
        if url and "raw.githubusercontent.com" in url:
            parts = urlsplit(url).path.strip("/").split("/")
            commit, path = parts[2], "/".join(parts[3:])
            got = subprocess.run(["git", "-C", ROOT, "show", f"{commit}:{path}"], capture_output=True)
            if got.returncode == 0:
                shipped = got.stdout
        sha = hashlib.sha256(shipped).hexdigest()
        path = urlsplit(url).path if url else "/models/american.model.json"
        self.write_model(path, shipped)
        new_model = json.loads(shipped)
        new_model["metadata"]["model_date"] = "2026-12-01T00:00:00Z"
        new_bytes = json.dumps(new_model).encode()
        new_path = "/model-next/american.model.json"
        self.write_model(new_path, new_bytes)
        self.old_model_date = json.loads(shipped)["metadata"]["model_date"]
        self.new_model_date = "2026-12-01T00:00:00Z"
        self.new_model_bytes = new_bytes
        self.old_model_bytes = shipped
        self.model_identity = {"url": url, "manifest_sha256": env.get("MODEL_SHA256"), "sha256": sha,
                               "bytes": len(shipped), "model_date": self.old_model_date}
        base = f"http://{NODE_BR}:{MODEL_HOST_PORT}"
        old_env = {"MODEL_URL": base + path, "MODEL_SHA256": sha}
        if url:
            notes.append(f"MODEL_URL {url} is served by the harness's model host at {base}{path} (same path)")
        if env.get("MODEL_SHA256") != sha:
            notes.append(f"MODEL_SHA256 in the manifest ({env.get('MODEL_SHA256')}) is not the SHA-256 of the model "
                         f"file ({sha}); the harness uses the file's")
        new_env = {"MODEL_URL": base + new_path, "MODEL_SHA256": hashlib.sha256(new_bytes).hexdigest()}
        return {"old": old_env, "new": new_env}, notes

    def write_model(self, path, data):
        full = os.path.join(self.models, path.lstrip("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)

    def cleanup(self):
        try:
            if self.users is not None:
                self.users.kill()
            self.backend.kill_all()
            if self.model_host and self.model_host.poll() is None:
                self.model_host.kill()
                self.model_host.wait(5)
        finally:
            self.net.cleanup()
            if not self.args.keep:
                shutil.rmtree(self.work, ignore_errors=True)

    # -- one run -------------------------------------------------------------------------------
    def params_for(self, case):
        """(old Params, new Params, labels old, labels new, signal map, overlay note)"""
        overlay, patches = self.args.overlay, []
        c = "/spec/template/spec/containers/0"
        dep = [d for d in self.prod_docs if d.get("kind") == "Deployment"][0]
        env_list = dep["spec"]["template"]["spec"]["containers"][0].get("env", [])
        if case == "recreate":
            patches = [{"op": "replace", "path": "/spec/strategy", "value": {"type": "Recreate"}}]
        elif case in ("nc-prestop0-drain0", "nc-sigkill"):
            patches = [{"op": "add", "path": f"{c}/lifecycle", "value": {}}]
            if case == "nc-prestop0-drain0":
                idx = next(i for i, e in enumerate(env_list) if e["name"] == "DRAIN_SECONDS")
                patches.append({"op": "replace", "path": f"{c}/env/{idx}/value", "value": "0"})
        if patches:
            copy = k.patched_overlay(overlay, patches)
            try:
                p = k.params_from_docs(k.render(copy, self.args.kubectl))
            finally:
                k.remove_overlay_copy(copy)
        else:
            p = self.prod
        old = p.with_env(**self.model_env["old"])
        if case == "hot-reload":
            old = old.with_env(MODEL_URL=None, MODEL_SHA256=None, MODEL_PATH=self.hot_path)
        va, vb = "A-version", "B-version"
        old_labels = {"version": va, "env": {"APP_VERSION": va}}
        if case in ("model-configmap", "hot-reload"):
            new = p.with_env(**self.model_env["new"]) if case == "model-configmap" else old
            new_labels = {"version": va + " model-2", "env": {"APP_VERSION": va}}
            ids = (f"{va}|{self.old_model_date}", f"{va}|{self.new_model_date}")
        else:
            new = old
            new_labels = {"version": vb, "env": {"APP_VERSION": vb}}
            ids = (f"{va}|{self.old_model_date}", f"{vb}|{self.old_model_date}")
        sigmap = {"TERM": "KILL"} if case == "nc-sigkill" else {}
        return p, old, new, old_labels, new_labels, sigmap, patches, ids

    def run(self, case, delay):
        self.hot_path = os.path.join(self.work, "configmap-volume", "american.model.json")
        os.makedirs(os.path.dirname(self.hot_path), exist_ok=True)
        with open(self.hot_path + ".tmp", "wb") as f:
            f.write(self.old_model_bytes)
        os.replace(self.hot_path + ".tmp", self.hot_path)
        p, old, new, old_labels, new_labels, sigmap, patches, (old_id, new_id) = self.params_for(case)
        name = f"{case}-d{delay:g}"
        print(f"[{time.strftime('%H:%M:%S')}] {name}: {p.strategy}, propagation delay {delay} s", flush=True)
        cluster = k.Cluster(old, self.clock, self.backend, propagation_delay=delay,
                            pod_start_delay=self.args.pod_start_delay, labels=old_labels, signal_map=sigmap)
        self.backend.log = []
        cluster.create_initial()
        if not cluster.run_until(cluster.complete, 120):
            raise RuntimeError(f"{name}: the first fleet never became available; logs in {self.work}")
        cluster.run_for(delay + 1)
        users = self.users = Users(self.net, self.args.binary, self.work, self.args.interval)
        conn_before = self.net.counters()
        users.start(name)
        cluster.run_for(self.args.before)
        t0 = cluster.now()
        t0_mono = self.clock.mono(t0)
        done_at = None
        reload_log = []
        if case == "hot-reload":
            # A ConfigMap volume's file is replaced by rename (what the kubelet does with its
            # ..data symlink); a reloader then signals each pod in turn.
            with open(self.hot_path + ".tmp", "wb") as f:
                f.write(self.new_model_bytes)
            os.replace(self.hot_path + ".tmp", self.hot_path)
            want = hashlib.sha256(self.new_model_bytes).hexdigest()
            for pod in [x for x in cluster.pods if x.exited_at is None]:
                self.backend.signal(pod, "HUP")
                t_sig = cluster.now()
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    if self.version_of(pod).get("model_sha256") == want:
                        break
                    cluster.run_for(0.05)
                reload_log.append({"pod": pod.name, "sighup": round(t_sig - t0, 3), "reloaded": round(cluster.now() - t0, 3)})
            done_at = cluster.now()
        else:
            cluster.update_template(new, new_labels)
            if not cluster.run_until(cluster.complete, 300):
                raise RuntimeError(f"{name}: the rollout did not complete in 300 s; logs in {self.work}")
            done_at = cluster.now()
        cluster.run_for(self.args.after)
        samples = users.stop()
        conn_after = self.net.counters()
        t_end = cluster.now() - t0
        per_user = {}
        for mode, (origin, rows) in samples.items():
            per_user[mode] = analyse(rows, origin, t0_mono, old_id, new_id)
            per_user[mode]["new_connections"] = conn_after.get(mode, 0) - conn_before.get(mode, 0)
        pods = pod_timelines(cluster, t0, self.backend.log)
        # tear the fleet down (not part of the measurement)
        self.backend.kill_all()
        for pod in cluster.pods:
            self.backend.destroy(pod)
        self.backend.procs.clear()
        self.backend.program([])
        result = {"case": name, "scenario": case, "propagation_delay_s": delay,
                  "manifest": p.describe(), "overlay_patches": patches, "signal_for_sigterm": sigmap.get("TERM", "TERM"),
                  "old": old_id, "new": new_id, "rollout_done_s": round(done_at - t0, 3),
                  "users": {m: {kk: vv for kk, vv in u.items() if kk != "samples"} for m, u in per_user.items()},
                  "pods": pods, "reloads": reload_log,
                  "events": [{"t": round(e.t - t0, 3), "kind": e.kind, "pod": e.pod, "detail": e.detail}
                             for e in cluster.events]}
        self.save(name, result, per_user, pods, t_end, users)
        for mode, u in result["users"].items():
            print(f"   {mode:9s}: {u['requests']} requests ({u['rate_per_s']}/s), failed {u['failed']} {u['failure_kinds'] or ''}, "
                  f"longest outage {u['longest_outage_s']} s, new first {u['first_new_s']} s, old last {u['last_old_s']} s, "
                  f"new connections {u['new_connections']}", flush=True)
        self.results.append(result)
        return result

    def version_of(self, pod):
        conn = http.client.HTTPConnection(pod.ip, 8080, timeout=1)
        try:
            conn.request("GET", "/version")
            return json.loads(conn.getresponse().read())
        except (OSError, ValueError, http.client.HTTPException):
            return {}
        finally:
            conn.close()

    def save(self, name, result, per_user, pods, t_end, users):
        out = self.args.out
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            json.dump(result, f, indent=1)
        for mode, path in users.files.items():
            if os.path.exists(path):
                with open(path, "rb") as src, gzip.GzipFile(os.path.join(out, f"{name}.{mode}.csv.gz"), "wb", mtime=0) as dst:
                    dst.write(src.read())
        kind = "negative control" if name.startswith("nc-") else "case"
        svg_timeline(os.path.join(out, f"{name}.svg"),
                     f"{name}: {result['manifest']['strategy']}, propagation delay {result['propagation_delay_s']:g} s ({kind})",
                     "MEASURED IN THE HARNESS: real american serve processes in network namespaces, iptables DNAT ClusterIP, "
                     "simulated control plane on the real clock",
                     result["events"], pods, per_user, t_end)


def binary_identity(path):
    """`american --version`, the binary's SHA-256 (and its first 12 hex digits) and size."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
    return {"version": version, "sha256": digest.hexdigest(), "sha256_12": digest.hexdigest()[:12],
            "bytes": os.path.getsize(path)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--overlay", default=os.path.join(ROOT, "deploy", "k8s", "overlays", "prod"))
    ap.add_argument("--kubectl", default="kubectl")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "rollout"))
    ap.add_argument("--cases", default="rolling,recreate,model-configmap,hot-reload")
    ap.add_argument("--delays", default="0,1,3")
    ap.add_argument("--controls", default="nc-prestop0-drain0,nc-sigkill,recreate")
    ap.add_argument("--control-delay", type=float, default=1.0)
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--before", type=float, default=3.0)
    ap.add_argument("--after", type=float, default=3.0)
    ap.add_argument("--pod-start-delay", type=float, default=0.0)
    ap.add_argument("--summary", default=None, help="write all results here (JSON)")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("harness: needs root (ip netns, iptables)")
    h = Harness(args)
    stopping = {"flag": False}

    def on_signal(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)
    started = time.time()
    try:
        h.setup()
        plan = [(c, float(d)) for c in args.cases.split(",") if c for d in args.delays.split(",") if d != ""]
        for control in [c for c in args.controls.split(",") if c]:
            if (control, args.control_delay) not in plan:
                plan.append((control, args.control_delay))
        for case, delay in plan:
            h.run(case, delay)
    finally:
        h.cleanup()
    summary = {"written": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "seconds": round(time.time() - started, 1), "overlay": os.path.relpath(args.overlay, ROOT),
               "interval_s": args.interval, "model_notes": h.model_notes,
               "binary": binary_identity(args.binary), "model": getattr(h, "model_identity", None),
               "controls": [c for c in args.controls.split(",") if c], "control_delay_s": args.control_delay,
               "results": [{kk: vv for kk, vv in r.items() if kk not in ("events",)} for r in h.results]}
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
