"""Checks of a harness run and docs/rollout-results.md from its summary JSON.

  python3 report.py SUMMARY.json [--markdown docs/rollout-results.md] [--min-rate 50]

Checks (each PASS/FAIL; exit 1 on any FAIL):
- real configuration (rolling, model-configmap, hot-reload): 0 failed requests for both
  users, at least --min-rate requests/s, the new version answered and the old one stopped;
- no retries: the new-connection user opened exactly one connection per request
  (the node's nat PREROUTING counter for its address);
- each negative control lost requests for the users that must see its loss (MUST_LOSE):
  the new-connection user in every control (the stale rules send its new connections to
  a pod that is gone), and in Recreate also the keep-alive user (no pod at all for seconds:
  this is the check that the keep-alive user can see loss). The keep-alive user's losses in
  the other controls are reported, not required: they are 0-2 per run (a request in flight
  on the connection that the pod closes), so a check on them would be flaky.
"""
import argparse
import json
import sys

REAL = ("rolling", "model-configmap", "hot-reload")
# The users each negative control must make lose requests (a control not listed: newconn).
MUST_LOSE = {"nc-prestop0-drain0": ("newconn",), "nc-sigkill": ("newconn",), "recreate": ("keepalive", "newconn")}
TITLES = {
    "rolling": "RollingUpdate, code release (new image = new APP_VERSION)",
    "model-configmap": "model-only release through Git (new model ConfigMap: new MODEL_URL/MODEL_SHA256, new pods)",
    "hot-reload": "model-only hot reload (file replaced by rename, SIGHUP pod by pod)",
    "recreate": "Recreate (strategy changed in a copy of the overlay)",
    "nc-prestop0-drain0": "negative control: no preStop, DRAIN_SECONDS=0",
    "nc-sigkill": "negative control: a server that dies on SIGTERM (SIGKILL delivered instead), no preStop",
}


def checks(summary, min_rate):
    out = []
    controls = set(summary.get("controls", []))
    for r in summary["results"]:
        name, scen = r["case"], r["scenario"]
        users = r["users"]
        nc = users["newconn"]
        # A retry opens a connection of its own: more connections than requests. (Where pods
        # vanish, a SYN can meet a stale conntrack entry and not be counted: <= there.)
        exact = scen in REAL
        ok = nc["new_connections"] == nc["requests"] if exact else nc["new_connections"] <= nc["requests"]
        out.append((ok, f"{name}: no retries: new-connection user opened {nc['new_connections']} connections "
                        f"for {nc['requests']} requests ({'==' if exact else '<='})"))
        if scen in REAL:
            for mode, u in users.items():
                out.append((u["failed"] == 0, f"{name} {mode}: 0 failed requests (got {u['failed']} {u['failure_kinds'] or ''})"))
                out.append(((u["rate_per_s"] or 0) >= min_rate - 0.5,
                            f"{name} {mode}: at least {min_rate} requests/s (got {u['rate_per_s']})"))
                out.append((u["first_new_s"] is not None and u["last_old_s"] is not None,
                            f"{name} {mode}: the new version answered (first {u['first_new_s']} s) after the old one "
                            f"(last {u['last_old_s']} s)"))
        if scen in controls:
            for mode in MUST_LOSE.get(scen, ("newconn",)):
                out.append((users[mode]["failed"] > 0, f"{name} {mode}: negative control loses requests "
                                                       f"(failed: keep-alive {users['keepalive']['failed']}, "
                                                       f"new-connection {users['newconn']['failed']})"))
    return out


def fmt(v, unit=" s"):
    return "–" if v is None else f"{v:.2f}{unit}" if isinstance(v, float) else f"{v}{unit}"


def markdown(summary, results_checks):
    lines = [
        "# Rollout results",
        "",
        f"**MEASURED IN THE HARNESS** by `scripts/rollout-test.sh` ({summary['written']}, "
        f"{summary['seconds']:.0f} s): the Deployment of `{summary['overlay']}` as `kubectl kustomize` renders it, "
        "rolled out over real `american serve` processes, each in its own network namespace, behind a ClusterIP "
        "that the kernel load-balances with kube-proxy's iptables rules (`-m statistic --mode random`, rewritten "
        "with `iptables-restore` after the propagation delay; conntrack keeps established connections on their pod). "
        "The Deployment controller, the kubelet's probes and termination and the endpoints are "
        "[scripts/rollout/k8smodel.py](../scripts/rollout/k8smodel.py) on the real clock. Not a cluster: pod "
        "scheduling, image pull and the API server's latency are not in these figures.",
        "",
        f"Users, each in its own namespace, one request every {summary['interval_s']} s "
        f"({1 / summary['interval_s']:.0f} requests/s) for the whole run: **keep-alive** = `american watch` "
        "(AsyncHTTPClient pool, `retryConnectionEstablishment = false`, no request retry); **new connection** = "
        "`american watch --new-connection` (the same client with `maximumUsesPerConnection = 1`: one TCP "
        "connection per request, no retry). "
        "A failed request is an error or no answer within 2 s. No proxy and no retry anywhere in the path: "
        "the *new conn.* column is the node's nat counter of the user's connections, equal to its request count.",
        "",
        "Times are seconds from the start of the rollout (the template change, or the model file's replacement "
        "for the hot reload): *new first* = first answer from the new version, *old last* = last answer from "
        "the old one (from then on the new version answers alone), *mixed* = the window in which both answered, "
        "*done* = the controller's rollout complete and every old pod exited.",
        "",
    ]
    if summary.get("binary"):
        b = summary["binary"]
        lines += [f"Binary: `american` {b['version']}, {b['bytes']:,} bytes, SHA-256 `{b.get('sha256', b['sha256_12'] + '…')}`.", ""]
    if summary.get("model"):
        m = summary["model"]
        lines += [f"Model: SHA-256 `{m['sha256']}` ({m['bytes']:,} bytes, model_date {m['model_date']}; the manifest's "
                  f"`MODEL_SHA256` {'matches' if m['sha256'] == m['manifest_sha256'] else 'is ' + str(m['manifest_sha256'])}).", ""]
    for note in summary.get("model_notes", []):
        lines.append(f"- Model source: {note}.")
    if summary.get("model_notes"):
        lines.append("")
    first = summary["results"][0]["manifest"] if summary["results"] else {}
    if first:
        lines += ["Values read off the rendered manifest (real configuration):", "", "```",
                  json.dumps(first, indent=1), "```", ""]
    lines += ["| case | delay | user | failed | longest outage | new first | old last | mixed | done | requests | new conn. |",
              "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in summary["results"]:
        for mode, u in r["users"].items():
            kinds = ", ".join(f"{k} {v}" for k, v in u["failure_kinds"].items())
            lines.append(
                f"| [{r['case']}](rollout/{r['case']}.svg) | {r['propagation_delay_s']:g} s | {mode} | "
                f"**{u['failed']}**{' (' + kinds + ')' if kinds else ''} | {fmt(u['longest_outage_s'])} | "
                f"{fmt(u['first_new_s'])} | {fmt(u['last_old_s'])} | {fmt(u['mixed_window_s'])} | "
                f"{fmt(r['rollout_done_s'])} | {u['requests']} ({u['rate_per_s']}/s) | {u['new_connections']} |")
    lines += ["", "Cases:", ""]
    for scen, title in TITLES.items():
        if any(r["scenario"] == scen for r in summary["results"]):
            lines.append(f"- `{scen}`: {title}.")
    lines += ["", "Per run: `docs/rollout/<case>.json` (values read, every controller/kubelet/endpoint event, "
              "pods with their times and exit codes, figures), `<case>.<user>.csv.gz` (every request: "
              "time, outcome, latency, version, model date) and `<case>.svg` (the timeline).", "",
              f"Checks: {sum(ok for ok, _ in results_checks)} passed, {sum(not ok for ok, _ in results_checks)} failed.", ""]
    for ok, text in results_checks:
        lines.append(f"- {'PASS' if ok else 'FAIL'} {text}")
    lines.append("")
    return "\n".join(lines)


def compact_table(summary):
    """The table docs/cd-report.md carries between its rollout-table markers."""
    lines = ["| case (timeline) | delay | failed: keep-alive / new conn. | longest outage | new first | old last | mixed window | done |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in summary["results"]:
        ka, nc = r["users"]["keepalive"], r["users"]["newconn"]
        pair = lambda key: f"{fmt(ka[key])} / {fmt(nc[key])}"
        lines.append(f"| [{r['case']}](rollout/{r['case']}.svg) | {r['propagation_delay_s']:g} s | "
                     f"**{ka['failed']} / {nc['failed']}** | {pair('longest_outage_s')} | {pair('first_new_s')} | "
                     f"{pair('last_old_s')} | {pair('mixed_window_s')} | {fmt(r['rollout_done_s'])} |")
    return "\n".join(lines)


def inject(path, summary):
    text = open(path).read()
    begin, end = "<!-- rollout-table:begin -->", "<!-- rollout-table:end -->"
    if begin not in text or end not in text:
        return
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w") as f:
        f.write(head + begin + "\n" + compact_table(summary) + "\n" + end + tail)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inject", help="replace the table between the rollout-table markers of this file")
    ap.add_argument("summary")
    ap.add_argument("--markdown")
    ap.add_argument("--min-rate", type=float, default=50)
    args = ap.parse_args()
    summary = json.load(open(args.summary))
    results = checks(summary, args.min_rate)
    for ok, text in results:
        print(("PASS  " if ok else "FAIL  ") + text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(summary, results))
    if args.inject:
        inject(args.inject, summary)
    passed = sum(ok for ok, _ in results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) and results else 1


if __name__ == "__main__":
    sys.exit(main())
