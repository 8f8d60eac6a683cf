"""What a Kubernetes cluster does during a Deployment rollout, as a pure model.

Reads the rolled-out values from a rendered manifest (`kubectl kustomize OVERLAY`) and
runs, on any clock and any pod backend:

- the Deployment controller (pkg/controller/deployment): RollingUpdate (`maxSurge`,
  `maxUnavailable`, availability = Ready for `minReadySeconds`, terminating pods not
  counted, scale up and scale down in separate syncs as `rolloutRolling` does) and
  Recreate (scale the old ReplicaSet to 0, wait until no old pod runs, then scale up);
- the ReplicaSet controller's choice of the pod to delete (not ready first, then the one
  ready for the shortest time);
- the kubelet (pkg/kubelet/prober, kuberuntime): a probe worker per probe whose ticker
  starts when the pod is added, a startup probe that gates the readiness probe, an
  immediate readiness probe once the container has started, success/failure
  thresholds, readiness probing that goes on while the pod terminates; termination:
  `preStop` (sleep) first, then SIGTERM, SIGKILL when the grace period (minus the time
  preStop took, at least 2 s) is over;
- the EndpointSlice controller and kube-proxy: a pod is an endpoint while Ready and not
  terminating; a terminating pod is dropped at its deletion; when no endpoint is ready,
  serving terminating endpoints are used (kube-proxy >= 1.26); each change of the
  endpoint set reaches the data plane `propagation_delay` seconds later.

No I/O here: the clock and the pods are given. `FakeClock` + `FakePodBackend` make the
unit tests (scripts/rollout/test_k8smodel.py); scripts/rollout/harness.py gives a real
clock and real processes in network namespaces behind iptables.
"""
from __future__ import annotations

import heapq
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from typing import Callable, Optional

import yaml

# --------------------------------------------------------------------------------------------
# The rendered manifest


@dataclass(frozen=True)
class Probe:
    """A container probe, with Kubernetes' defaults for absent fields."""
    path: str = "/"
    period: float = 10
    timeout: float = 1
    failure_threshold: int = 3
    success_threshold: int = 1
    initial_delay: float = 0

    @staticmethod
    def from_spec(spec: Optional[dict]) -> Optional["Probe"]:
        if not spec:
            return None
        http = spec.get("httpGet") or {}
        return Probe(path=http.get("path", "/"), period=float(spec.get("periodSeconds", 10)),
                     timeout=float(spec.get("timeoutSeconds", 1)),
                     failure_threshold=int(spec.get("failureThreshold", 3)),
                     success_threshold=int(spec.get("successThreshold", 1)),
                     initial_delay=float(spec.get("initialDelaySeconds", 0)))


@dataclass(frozen=True)
class Params:
    """The values of a rendered Deployment that decide how a rollout goes."""
    replicas: int = 3
    strategy: str = "RollingUpdate"
    max_surge: int = 1
    max_unavailable: int = 0
    min_ready_seconds: float = 0
    startup: Optional[Probe] = None
    readiness: Optional[Probe] = None
    prestop_sleep: float = 0            # 0 = no preStop
    grace: float = 30
    env: tuple = ()                     # (name, value) pairs, envFrom ConfigMaps merged in
    container_port: int = 8080
    name: str = "american-predictor"

    @property
    def environment(self) -> dict:
        return dict(self.env)

    @property
    def drain_seconds(self) -> float:
        """DRAIN_SECONDS as the server reads it (its default is 5 s)."""
        value = self.environment.get("DRAIN_SECONDS", "")
        return float(value) if value else 5.0

    def with_env(self, **changes: Optional[str]) -> "Params":
        env = self.environment
        for key, value in changes.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return replace(self, env=tuple(sorted(env.items())))

    def describe(self) -> dict:
        out = {"replicas": self.replicas, "strategy": self.strategy,
               "minReadySeconds": self.min_ready_seconds,
               "preStop.sleep": self.prestop_sleep or None,
               "terminationGracePeriodSeconds": self.grace,
               "DRAIN_SECONDS": self.drain_seconds}
        if self.strategy == "RollingUpdate":
            out.update(maxSurge=self.max_surge, maxUnavailable=self.max_unavailable)
        for kind, probe in (("startupProbe", self.startup), ("readinessProbe", self.readiness)):
            out[kind] = None if probe is None else {
                "path": probe.path, "periodSeconds": probe.period, "timeoutSeconds": probe.timeout,
                "failureThreshold": probe.failure_threshold, "successThreshold": probe.success_threshold}
        model = {k: v for k, v in self.environment.items() if k.startswith("MODEL_")}
        out["model source"] = model
        return out


def int_or_percent(value, total: int, round_up: bool) -> int:
    """intstr as the Deployment controller resolves it (surge rounds up, unavailable down)."""
    if isinstance(value, int):
        return value
    text = str(value)
    if text.endswith("%"):
        exact = float(text[:-1]) * total / 100
        return math.ceil(exact) if round_up else math.floor(exact)
    return int(text)


def prestop_seconds(lifecycle: Optional[dict]) -> float:
    """The preStop hook as a duration: `sleep.seconds`, or an exec of `sleep N`."""
    hook = (lifecycle or {}).get("preStop")
    if not hook:
        return 0.0
    if "sleep" in hook:
        return float(hook["sleep"]["seconds"])
    if "exec" in hook:
        command = " ".join(hook["exec"].get("command", []))
        match = re.fullmatch(r"(?:/bin/)?(?:sh -c )?['\"]?(?:/bin/)?sleep (\d+(?:\.\d+)?)['\"]?", command.strip())
        if match:
            return float(match.group(1))
    raise ValueError(f"preStop hook not modelled: {hook}")


def params_from_docs(docs: list, deployment: Optional[str] = None) -> Params:
    """Params of the (named, or only) Deployment in a rendered manifest."""
    deployments = [d for d in docs if d and d.get("kind") == "Deployment"
                   and (deployment is None or d["metadata"]["name"] == deployment)]
    if len(deployments) != 1:
        raise ValueError(f"expected one Deployment, found {len(deployments)}")
    dep = deployments[0]
    spec = dep["spec"]
    replicas = int(spec.get("replicas", 1))
    strategy = spec.get("strategy") or {}
    kind = strategy.get("type", "RollingUpdate")
    surge = unavailable = 0
    if kind == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        surge = int_or_percent(rolling.get("maxSurge", "25%"), replicas, True)
        unavailable = int_or_percent(rolling.get("maxUnavailable", "25%"), replicas, False)
        if surge == 0 and unavailable == 0:   # what the controller does with 0/0
            unavailable = 1
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    configmaps = {d["metadata"]["name"]: d.get("data") or {} for d in docs
                  if d and d.get("kind") == "ConfigMap"}
    env: dict = {}
    for source in container.get("envFrom") or []:
        ref = source.get("configMapRef")
        if ref:
            env.update({(source.get("prefix") or "") + k: v for k, v in configmaps.get(ref["name"], {}).items()})
    for item in container.get("env") or []:
        if "value" in item:
            env[item["name"]] = str(item["value"])
        elif "valueFrom" in item and "configMapKeyRef" in item["valueFrom"]:
            ref = item["valueFrom"]["configMapKeyRef"]
            env[item["name"]] = configmaps.get(ref["name"], {}).get(ref["key"], "")
    ports = container.get("ports") or [{"containerPort": 8080}]
    return Params(replicas=replicas, strategy=kind, max_surge=surge, max_unavailable=unavailable,
                  min_ready_seconds=float(spec.get("minReadySeconds", 0)),
                  startup=Probe.from_spec(container.get("startupProbe")),
                  readiness=Probe.from_spec(container.get("readinessProbe")),
                  prestop_sleep=prestop_seconds(container.get("lifecycle")),
                  grace=float(pod.get("terminationGracePeriodSeconds", 30)),
                  env=tuple(sorted(env.items())), container_port=int(ports[0]["containerPort"]),
                  name=dep["metadata"]["name"])


def render(overlay: str, kubectl: str = "kubectl") -> list:
    """`kubectl kustomize OVERLAY` as a list of documents."""
    out = subprocess.run([kubectl, "kustomize", overlay], check=True, capture_output=True, text=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def patched_overlay(overlay: str, patches: list, directory: Optional[str] = None) -> str:
    """A copy of OVERLAY with JSON-6902 patches on its Deployment: a new kustomization
    (in a temporary directory) whose only resource is the overlay. Returns its path."""
    directory = directory or tempfile.mkdtemp(prefix="overlay-copy.")
    base = os.path.relpath(os.path.abspath(overlay), directory)
    with open(os.path.join(directory, "kustomization.yaml"), "w") as f:
        yaml.safe_dump({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                        "resources": [base],
                        "patches": [{"target": {"kind": "Deployment"},
                                     "patch": yaml.safe_dump(patches)}] if patches else []}, f)
    return directory


def remove_overlay_copy(directory: str) -> None:
    shutil.rmtree(directory, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Pods and the backends that run them


class Pod:
    def __init__(self, name: str, rs: str, params: Params, created: float, labels: dict):
        self.name, self.rs, self.params, self.created, self.labels = name, rs, params, created, labels
        self.running_at: Optional[float] = None     # container started
        self.started = False                        # startup probe succeeded (or none)
        self.ready = False                          # readiness probe state ("serving")
        self.ready_since: Optional[float] = None
        self.deleted_at: Optional[float] = None     # deletionTimestamp
        self.sigterm_at: Optional[float] = None
        self.sigkill_at: Optional[float] = None
        self.exited_at: Optional[float] = None
        self.runs = {"startup": (None, 0), "readiness": (None, 0)}
        self.ip: Optional[str] = None
        self.data: dict = {}                        # the backend's own state

    @property
    def active(self) -> bool:
        """Counted by its ReplicaSet: not terminating."""
        return self.deleted_at is None

    def available(self, now: float, min_ready: float) -> bool:
        return (self.active and self.ready and self.ready_since is not None
                and now - self.ready_since >= min_ready - 1e-9)

    def __repr__(self):
        return f"Pod({self.name})"


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def sleep_until(self, t: float) -> None:
        self.t = max(self.t, t)


class FakePodBackend:
    """Pods that behave as `american serve` does: listening `boot` seconds after the
    container starts, /readyz 503 from SIGTERM on, exit DRAIN_SECONDS after it; or, with
    `abrupt`, exit at SIGTERM."""

    def __init__(self, clock, boot: float = 0.1, abrupt: bool = False):
        self.clock, self.boot, self.abrupt = clock, boot, abrupt
        self.programs: list = []

    def create(self, pod: Pod) -> None:
        pod.ip = f"fake-{pod.name}"

    def start(self, pod: Pod) -> None:
        pod.data.update(listen_at=self.clock.now() + self.boot, exit_at=math.inf, draining=False)

    def probe(self, pod: Pod, probe: Probe) -> bool:
        now = self.clock.now()
        d = pod.data
        if now < d["listen_at"] or now >= d["exit_at"]:
            return False
        return not (probe.path == "/readyz" and d["draining"])

    def signal(self, pod: Pod, sig: str) -> None:
        now = self.clock.now()
        if sig == "KILL" or self.abrupt:
            pod.data["exit_at"] = min(pod.data["exit_at"], now)
        elif sig == "TERM" and not pod.data["draining"]:
            pod.data["draining"] = True
            pod.data["exit_at"] = min(pod.data["exit_at"], now + pod.params.drain_seconds)

    def exited(self, pod: Pod) -> bool:
        return self.clock.now() >= pod.data.get("exit_at", math.inf)

    def destroy(self, pod: Pod) -> None:
        pass

    def program(self, endpoints: list) -> None:
        self.programs.append((self.clock.now(), [p.name for p in endpoints]))


# --------------------------------------------------------------------------------------------
# The cluster


@dataclass
class Event:
    t: float
    kind: str
    pod: str = ""
    detail: str = ""


class Cluster:
    """One Deployment, its ReplicaSets' pods, the kubelet and the Service's endpoints."""

    EXIT_POLL = 0.05

    def __init__(self, params: Params, clock, backend, propagation_delay: float = 0.0,
                 pod_start_delay: float = 0.0, labels: Optional[dict] = None,
                 signal_map: Optional[dict] = None):
        self.params = params            # the Deployment's current spec
        self.clock, self.backend = clock, backend
        self.propagation_delay, self.pod_start_delay = propagation_delay, pod_start_delay
        self.template = ("rs0", params, labels or {})
        self.pods: list[Pod] = []
        self.events: list[Event] = []
        self._queue: list = []
        self._seq = 0
        self._count = 0
        self._endpoints: list[str] = []
        self._pending_program = 0
        self.signal_map = signal_map or {}   # e.g. {"TERM": "KILL"} for a server that dies at once

    # -- scheduling ---------------------------------------------------------------------------
    def now(self) -> float:
        return self.clock.now()

    def at(self, t: float, fn: Callable[[], None]) -> None:
        self._seq += 1
        heapq.heappush(self._queue, (t, self._seq, fn))

    def log(self, kind: str, pod: str = "", detail: str = "") -> None:
        self.events.append(Event(round(self.now(), 4), kind, pod, detail))

    def run_until(self, done: Callable[[], bool], timeout: float) -> bool:
        deadline = self.now() + timeout
        self._settle()
        while not done():
            if not self._queue or self._queue[0][0] > deadline:
                return False
            t, _, fn = heapq.heappop(self._queue)
            self.clock.sleep_until(t)
            fn()
            self._settle()
        return True

    def run_for(self, seconds: float) -> None:
        """Process every event due in the next `seconds`, then let the clock reach that time."""
        target = self.now() + seconds
        self._settle()
        while self._queue and self._queue[0][0] <= target:
            t, _, fn = heapq.heappop(self._queue)
            self.clock.sleep_until(t)
            fn()
            self._settle()
        self.clock.sleep_until(target)

    # -- the Deployment ------------------------------------------------------------------------
    def update_template(self, params: Params, labels: Optional[dict] = None) -> None:
        """`kubectl apply` of a new pod template (what an Argo CD sync does)."""
        self.params = params
        name = f"rs{int(self.template[0][2:]) + 1}"
        self.template = (name, params, labels or {})
        self.log("template", detail=name)

    @property
    def current_rs(self) -> str:
        return self.template[0]

    def _pods(self, rs: Optional[str] = None, old: bool = False) -> list[Pod]:
        if old:
            return [p for p in self.pods if p.rs != self.current_rs]
        return [p for p in self.pods if rs is None or p.rs == rs]

    def available_count(self, pods: list[Pod]) -> int:
        return sum(p.available(self.now(), self.params.min_ready_seconds) for p in pods)

    def complete(self) -> bool:
        """New ReplicaSet fully available and every old pod has exited."""
        new = [p for p in self._pods(self.current_rs) if p.active]
        return (len(new) == self.params.replicas and self.available_count(new) == self.params.replicas
                and all(p.exited_at is not None for p in self._pods(old=True)))

    def _sync_deployment(self) -> bool:
        """One sync of the Deployment controller; True if it changed anything."""
        p = self.params
        new = [x for x in self._pods(self.current_rs) if x.active]
        old = [x for x in self._pods(old=True) if x.active]
        if p.strategy == "Recreate":
            if old:
                for pod in old:
                    self._delete(pod)
                return True
            if any(x.exited_at is None for x in self._pods(old=True)):
                return False
            if len(new) < p.replicas:
                for _ in range(p.replicas - len(new)):
                    self._create()
                return True
            return False
        # RollingUpdate: reconcileNewReplicaSet, then (in a later sync) reconcileOldReplicaSets.
        total = len(new) + len(old)
        up = min(p.replicas + p.max_surge - total, p.replicas - len(new))
        if up > 0:
            for _ in range(up):
                self._create()
            return True
        if len(new) > p.replicas:      # scale the new ReplicaSet down (not in a rollout)
            return False
        if not old:
            return False
        min_available = p.replicas - p.max_unavailable
        new_unavailable = len(new) - self.available_count(new)
        max_scaled_down = total - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False
        changed = False
        # cleanupUnhealthyReplicas: old pods that are not available go first.
        unhealthy = [x for x in old if not x.available(self.now(), p.min_ready_seconds)]
        for pod in self._rank_for_deletion(unhealthy)[:max_scaled_down]:
            self._delete(pod)
            changed = True
        old = [x for x in old if x.active]
        available = self.available_count(new + old)
        down = min(available - min_available, len(old))
        for pod in self._rank_for_deletion(old)[:max(0, down)]:
            self._delete(pod)
            changed = True
        return changed

    @staticmethod
    def _rank_for_deletion(pods: list[Pod]) -> list[Pod]:
        # not ready < ready; ready for a shorter time first; newer first.
        return sorted(pods, key=lambda x: (x.ready, -(x.ready_since or 0), -x.created))

    def _settle(self) -> None:
        for _ in range(20):
            if not self._sync_deployment():
                break
        self._sync_endpoints()

    # -- pods: creation, the kubelet's probes, termination -------------------------------------
    def create_initial(self, n: Optional[int] = None) -> None:
        for _ in range(n if n is not None else self.params.replicas):
            self._create()

    def _create(self) -> Pod:
        rs, params, labels = self.template
        self._count += 1
        pod = Pod(f"{rs}-pod{self._count}", rs, params, self.now(), labels)
        self.pods.append(pod)
        self.backend.create(pod)
        self.log("created", pod.name, pod.ip or "")
        self.at(self.now() + self.pod_start_delay, lambda: self._start(pod))
        t0 = self.now()
        if params.startup:
            self.at(t0 + params.startup.initial_delay, lambda: self._probe_tick(pod, "startup", t0 + params.startup.initial_delay))
        else:
            pod.started = True
        if params.readiness:
            self.at(t0 + params.readiness.initial_delay, lambda: self._probe_tick(pod, "readiness", t0 + params.readiness.initial_delay))
        return pod

    def _start(self, pod: Pod) -> None:
        if pod.deleted_at is not None and pod.exited_at is not None:
            return
        self.backend.start(pod)
        pod.running_at = self.now()
        self.log("running", pod.name)
        if pod.started and not pod.params.readiness:
            self._set_ready(pod, True)

    def _probe_tick(self, pod: Pod, kind: str, due: float, manual: bool = False) -> None:
        if pod.exited_at is not None:
            return
        probe = pod.params.startup if kind == "startup" else pod.params.readiness
        if not manual:
            self.at(due + probe.period, lambda: self._probe_tick(pod, kind, due + probe.period))
        if pod.running_at is None:
            return
        if kind == "startup" and pod.started:
            return
        if kind == "readiness" and not pod.started:
            return
        if pod.data.get(f"last-{kind}") == self.now():   # a tick and a trigger at one instant: one probe
            return
        pod.data[f"last-{kind}"] = self.now()
        ok = self.backend.probe(pod, probe)
        last, run = pod.runs[kind]
        run = run + 1 if ok == last else 1
        pod.runs[kind] = (ok, run)
        if kind == "startup":
            if ok and run >= probe.success_threshold:
                pod.started = True
                self.log("started", pod.name)
                if pod.params.readiness:   # the prober manager triggers a readiness probe at once
                    self.at(self.now(), lambda: self._probe_tick(pod, "readiness", self.now(), manual=True))
                else:
                    self._set_ready(pod, True)
            return
        if ok and not pod.ready and run >= probe.success_threshold:
            self._set_ready(pod, True)
        elif not ok and pod.ready and run >= probe.failure_threshold:
            self._set_ready(pod, False)

    def _set_ready(self, pod: Pod, ready: bool) -> None:
        pod.ready = ready
        pod.ready_since = self.now() if ready else None
        self.log("ready" if ready else "unready", pod.name)
        if ready and self.params.min_ready_seconds > 0:
            # the ReplicaSet controller re-syncs when the pod becomes available
            self.at(self.now() + self.params.min_ready_seconds, lambda: self.log("available", pod.name)
                    if pod.available(self.now(), self.params.min_ready_seconds) else None)

    def _delete(self, pod: Pod) -> None:
        pod.deleted_at = self.now()
        self.log("deleted", pod.name)
        grace = pod.params.grace
        prestop = min(pod.params.prestop_sleep, grace)
        self.at(self.now() + prestop, lambda: self._sigterm(pod, prestop))
        self.at(self.now() + self.EXIT_POLL, lambda: self._poll_exit(pod))

    def _sigterm(self, pod: Pod, prestop_took: float) -> None:
        if pod.exited_at is not None:
            return
        pod.sigterm_at = self.now()
        sig = self.signal_map.get("TERM", "TERM")
        self.backend.signal(pod, sig)
        self.log("signal", pod.name, sig)
        remaining = max(2.0, pod.params.grace - prestop_took)
        self.at(self.now() + remaining, lambda: self._sigkill(pod))

    def _sigkill(self, pod: Pod) -> None:
        if pod.exited_at is not None or self.backend.exited(pod):
            return
        pod.sigkill_at = self.now()
        self.backend.signal(pod, "KILL")
        self.log("signal", pod.name, "KILL (grace period over)")

    def _poll_exit(self, pod: Pod) -> None:
        if pod.exited_at is not None:
            return
        if self.backend.exited(pod):
            pod.exited_at = self.now()
            pod.ready = False
            self.log("exited", pod.name)
            self.backend.destroy(pod)
        else:
            self.at(self.now() + self.EXIT_POLL, lambda: self._poll_exit(pod))

    # -- the Service ---------------------------------------------------------------------------
    def endpoints(self) -> list[Pod]:
        live = [p for p in self.pods if p.exited_at is None and p.running_at is not None and p.ready]
        ready = [p for p in live if p.active]
        return ready or [p for p in live if not p.active]   # serving terminating endpoints

    def _sync_endpoints(self) -> None:
        eps = self.endpoints()
        names = [p.name for p in eps]
        if names == self._endpoints:
            return
        self._endpoints = names
        self.log("endpoints", detail=",".join(names))
        snapshot = list(eps)

        def program():
            self.backend.program(snapshot)
            self.log("programmed", detail=",".join(p.name for p in snapshot))
        if self.propagation_delay <= 0:
            program()
        else:
            self.at(self.now() + self.propagation_delay, program)


def event_times(cluster: Cluster, kind: str, detail_prefix: str = "") -> list[float]:
    return [e.t for e in cluster.events if e.kind == kind and e.detail.startswith(detail_prefix)]


def simulate(params: Params, new_params: Optional[Params] = None, propagation_delay: float = 0,
             boot: float = 0.1, abrupt: bool = False, timeout: float = 900) -> Cluster:
    """A whole rollout on a fake clock: the old fleet comes up, then at t0 (logged as the
    `template` event) the template changes to `new_params`; runs until complete."""
    clock = FakeClock()
    backend = FakePodBackend(clock, boot=boot, abrupt=abrupt)
    cluster = Cluster(params, clock, backend, propagation_delay=propagation_delay)
    cluster.create_initial()
    if not cluster.run_until(cluster.complete, timeout):
        raise RuntimeError("initial fleet never became available")
    cluster.run_for(math.ceil(clock.now()) + 10 - clock.now())
    cluster.update_template(new_params or params)
    if not cluster.run_until(cluster.complete, timeout):
        raise RuntimeError("rollout did not complete")
    return cluster
