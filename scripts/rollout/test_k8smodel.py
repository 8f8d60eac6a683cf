"""The rollout model's timings follow the rendered manifest as Kubernetes' rules say.

Each test renders a copy of the prod overlay with one value changed (a kustomize overlay
whose only resource is deploy/k8s/overlays/prod, plus a JSON patch), runs the rollout on a
fake clock with fake pods (up 0.1 s after start, drain DRAIN_SECONDS after SIGTERM), and
checks when pods are created, become ready and available, get SIGTERM/SIGKILL, exit, and
when the Service's endpoints change. Run: python3 -m pytest scripts/rollout
"""
import os
import shutil

import pytest

import k8smodel as k

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROD = os.path.join(ROOT, "deploy", "k8s", "overlays", "prod")
C = "/spec/template/spec/containers/0"

pytestmark = pytest.mark.skipif(shutil.which(os.environ.get("KUBECTL", "kubectl")) is None,
                                reason="kubectl (kustomize) is needed to render the overlay")


def params(*patches):
    directory = k.patched_overlay(PROD, list(patches)) if patches else PROD
    try:
        return k.params_from_docs(k.render(directory, os.environ.get("KUBECTL", "kubectl")))
    finally:
        if patches:
            k.remove_overlay_copy(directory)


def op(path, value, kind="add"):
    return {"op": kind, "path": path, "value": value}


def rollout(p, **kw):
    c = k.simulate(p, p.with_env(APP_VERSION="B"), **kw)
    t0 = k.event_times(c, "template")[0]
    ev = [(round(e.t - t0, 3), e.kind, e.pod, e.detail) for e in c.events if e.t >= t0]
    return c, ev


def times(ev, kind, rs=None, detail=None):
    return [t for t, kd, pod, d in ev if kd == kind and (rs is None or pod.startswith(rs))
            and (detail is None or d.startswith(detail))]


def new_rs(ev):
    return [pod for t, kd, pod, d in ev if kd == "created"][0].split("-")[0]


# A baseline with known values, so each test changes one thing from it.
BASE = [op("/spec/minReadySeconds", 5), op("/spec/strategy", {"type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}),
        op(f"{C}/startupProbe/periodSeconds", 2), op(f"{C}/readinessProbe/periodSeconds", 2),
        op(f"{C}/readinessProbe/failureThreshold", 2), op(f"{C}/readinessProbe/successThreshold", 1),
        op("/spec/template/spec/terminationGracePeriodSeconds", 30),
        op(f"{C}/lifecycle", {}), op("/spec/replicas", 3)]


@pytest.fixture(scope="module")
def base():
    return rollout(params(*BASE))


def test_manifest_is_read():
    p = params()
    assert p.replicas >= 1 and p.strategy in ("RollingUpdate", "Recreate")
    assert p.readiness is not None and p.readiness.path == "/readyz"
    assert "MODEL_URL" in p.environment or "MODEL_PATH" in p.environment


def test_baseline_timings(base):
    c, ev = base
    rs = new_rs(ev)
    # pod 1 of the new ReplicaSet at once; Ready at the startup probe's first tick after
    # boot (2 s), available 5 s later: then one old pod goes and the next new pod comes.
    assert times(ev, "created", rs) == [0.0, 7.0, 14.0]
    assert times(ev, "ready", rs) == [2.0, 9.0, 16.0]
    assert times(ev, "deleted", "rs0") == [7.0, 14.0, 21.0]
    # no preStop: SIGTERM at deletion; exit DRAIN_SECONDS later
    drain = c.params.drain_seconds
    assert times(ev, "signal", "rs0") == [7.0, 14.0, 21.0]
    assert times(ev, "exited", "rs0") == pytest.approx([7 + drain, 14 + drain, 21 + drain], abs=0.06)


def test_min_ready_seconds_moves_each_step(base):
    _, ev0 = base
    _, ev = rollout(params(*BASE, op("/spec/minReadySeconds", 9)))
    assert times(ev, "deleted", "rs0") == [t + 4 * (i + 1) for i, t in enumerate(times(ev0, "deleted", "rs0"))]


def test_max_surge_creates_all_new_pods_at_once():
    _, ev = rollout(params(*BASE, op("/spec/strategy/rollingUpdate/maxSurge", 3)))
    rs = new_rs(ev)
    assert times(ev, "created", rs) == [0.0, 0.0, 0.0]
    assert times(ev, "deleted", "rs0") == [7.0, 7.0, 7.0]


def test_max_unavailable_deletes_an_old_pod_at_once():
    _, ev = rollout(params(*BASE, op("/spec/strategy/rollingUpdate/maxUnavailable", 1)))
    rs = new_rs(ev)
    assert times(ev, "deleted", "rs0")[0] == 0.0
    assert times(ev, "created", rs)[:2] == [0.0, 0.0]


def test_percentages_resolve_as_the_controller_does():
    p = params(*BASE, op("/spec/strategy/rollingUpdate", {"maxSurge": "25%", "maxUnavailable": "25%"}))
    assert (p.max_surge, p.max_unavailable) == (1, 0)      # ceil(0.75), floor(0.75)
    p = params(*BASE, op("/spec/strategy/rollingUpdate", {"maxSurge": 0, "maxUnavailable": 0}))
    assert (p.max_surge, p.max_unavailable) == (0, 1)


def test_startup_probe_period_moves_readiness():
    _, ev = rollout(params(*BASE, op(f"{C}/startupProbe/periodSeconds", 5)))
    rs = new_rs(ev)
    assert times(ev, "ready", rs)[0] == 5.0
    assert times(ev, "deleted", "rs0")[0] == 10.0


def test_readiness_probe_period_without_startup_probe():
    _, ev = rollout(params(*BASE, {"op": "remove", "path": f"{C}/startupProbe"},
                           op(f"{C}/readinessProbe/periodSeconds", 3)))
    rs = new_rs(ev)
    assert times(ev, "ready", rs)[0] == 3.0           # tick 0 finds it booting; tick 1 at 3 s
    # and the draining old pod is seen unready after failureThreshold (2) periods
    deleted, unready = times(ev, "deleted", "rs0")[0], times(ev, "unready", "rs0")[0]
    assert 3.0 < unready - deleted <= 6.0


def test_success_threshold_delays_ready():
    _, ev = rollout(params(*BASE, op(f"{C}/readinessProbe/successThreshold", 3),
                           op(f"{C}/readinessProbe/periodSeconds", 3)))
    rs = new_rs(ev)
    # startup ok at 2 s triggers a readiness probe (success 1), then its ticks at 3 and 6
    assert times(ev, "ready", rs)[0] == 6.0


def test_prestop_delays_sigterm_not_deletion(base):
    c0, ev0 = base
    c, ev = rollout(params(*BASE, op(f"{C}/lifecycle", {"preStop": {"sleep": {"seconds": 7}}})))
    deleted = times(ev, "deleted", "rs0")
    assert deleted == times(ev0, "deleted", "rs0")
    assert times(ev, "signal", "rs0") == [t + 7 for t in deleted]
    # endpoints drop the pod at deletion, not at SIGTERM
    for t in deleted:
        assert t in times(ev, "endpoints")
    drain = c.params.drain_seconds
    assert times(ev, "exited", "rs0") == pytest.approx([t + 7 + drain for t in deleted], abs=0.06)


def test_grace_period_ends_in_sigkill():
    p = params(*BASE, op(f"{C}/lifecycle", {"preStop": {"sleep": {"seconds": 4}}}),
               op("/spec/template/spec/terminationGracePeriodSeconds", 6))
    c, ev = rollout(p)
    deleted = times(ev, "deleted", "rs0")
    if c.params.drain_seconds > 2:
        assert times(ev, "signal", "rs0", "KILL") == [t + 6 for t in deleted]


def test_recreate_waits_for_every_old_pod():
    c, ev = rollout(params(*BASE, op("/spec/strategy", {"type": "Recreate"})))
    rs = new_rs(ev)
    assert times(ev, "deleted", "rs0") == [0.0, 0.0, 0.0]
    last_exit = max(times(ev, "exited", "rs0"))
    assert last_exit == pytest.approx(c.params.drain_seconds, abs=0.06)
    assert min(times(ev, "created", rs)) == last_exit
    # the Service has no endpoint between the old pods' exit (or unready) and the new Ready
    assert "" in [d for t, kd, pod, d in ev if kd == "endpoints"]


def test_propagation_delay_shifts_programming():
    _, ev = rollout(params(*BASE), propagation_delay=3)
    changes = times(ev, "endpoints")
    programmed = times(ev, "programmed")
    assert programmed == pytest.approx([t + 3 for t in changes])


def test_abrupt_server_exits_at_sigterm():
    _, ev = rollout(params(*BASE), abrupt=True)
    assert times(ev, "exited", "rs0") == pytest.approx(times(ev, "signal", "rs0"), abs=0.06)
