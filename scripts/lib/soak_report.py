#!/usr/bin/env python3
"""Verdict, SVG plot and Markdown summary of a soak run (called by scripts/soak.sh).

Reads the samples CSV (seconds, phase, rss_kb, fds, threads, requests_total) and
wrk's JSON summary, then checks:

* no failed request: wrk saw no non-2xx answer and no socket error;
* memory is flat: after the warm-up, the mean RSS of the last third of the load
  samples is at most --rss-ratio times the mean of the first third;
* file descriptors are flat: the last third's maximum is at most the first third's
  maximum + --fd-slack, and after the load the count is back within --fd-slack of
  the count before it;
* the server was alive at the end and exited 0 on SIGTERM.

Writes soak.svg (hand-written SVG, no plotting library) and soak-summary.md into
--out, prints the verdict and exits 1 when a check failed. Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import sys
from pathlib import Path


def load_samples(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            try:
                rows.append({
                    "t": float(row["seconds"]),
                    "phase": row["phase"],
                    "rss_mib": int(row["rss_kb"]) / 1024,
                    "fds": int(row["fds"]),
                    "threads": int(row["threads"]) if row["threads"] else 0,
                    "requests": int(row["requests_total"]) if row["requests_total"] else None,
                })
            except (KeyError, ValueError):
                continue  # a sample taken while the process was going away
    return rows


def thirds(values: list) -> tuple[list, list]:
    n = len(values)
    k = max(1, n // 3)
    return values[:k], values[-k:]


# --- SVG -------------------------------------------------------------------------------------

def nice_axis(value: float, ticks: int) -> tuple[float, float]:
    """An axis maximum >= value and a round step (1, 2 or 5 times a power of ten) giving at most `ticks` steps."""
    value = max(value, 1e-9)
    magnitude = 10 ** math.floor(math.log10(value / ticks))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if value / step <= ticks:
            return step * math.ceil(value / step - 1e-9), step
    return 10 * magnitude * ticks, 10 * magnitude


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_plot(samples: list[dict], rates: list[tuple[float, float]], warmup: float, title: str) -> str:
    width, left, right = 860, 70, 20
    panel_h, gap, top = 170, 50, 50
    panels = [
        ("Resident memory (RSS, MiB)", [("RSS", "#1f77b4", [(s["t"], s["rss_mib"]) for s in samples])]),
        ("Open file descriptors / threads", [
            ("fds", "#d62728", [(s["t"], s["fds"]) for s in samples]),
            ("threads", "#7f7f7f", [(s["t"], s["threads"]) for s in samples]),
        ]),
        ("Throughput (requests/s, between samples)", [("req/s", "#2ca02c", rates)]),
    ]
    height = top + len(panels) * (panel_h + gap) + 10
    t_axis, t_step = nice_axis(max([s["t"] for s in samples] + [1]), 10)
    plot_w = width - left - right
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">{esc(title)}</text>',
    ]
    for index, (label, series) in enumerate(panels):
        y0 = top + index * (panel_h + gap)
        values = [v for _, _, points in series for _, v in points]
        v_max, v_step = nice_axis(max(values + [1]) * 1.1, 5)

        def x(t: float) -> float:
            return left + plot_w * t / t_axis

        def y(v: float) -> float:
            return y0 + panel_h - panel_h * v / v_max

        out.append(f'<text x="{left}" y="{y0 - 8}" font-weight="bold">{esc(label)}</text>')
        if warmup > 0:
            out.append(f'<rect x="{x(0):.1f}" y="{y0}" width="{x(warmup) - x(0):.1f}" height="{panel_h}" '
                       'fill="#f2f2f2"/>')
            if index == 0:
                out.append(f'<text x="{x(warmup / 2):.1f}" y="{y0 + 14}" text-anchor="middle" fill="#888">warm-up</text>')
        for k in range(round(v_max / v_step) + 1):
            v = k * v_step
            out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
            shown = f"{v:,.0f}" if v_step >= 1 else f"{v:.1f}"
            out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{shown}</text>')
        for k in range(round(t_axis / t_step) + 1):
            t = k * t_step
            out.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{y0 + panel_h}" y2="{y0 + panel_h + 4}" stroke="#333"/>')
            out.append(f'<text x="{x(t):.1f}" y="{y0 + panel_h + 16}" text-anchor="middle">{t:.0f}</text>')
        out.append(f'<rect x="{left}" y="{y0}" width="{plot_w}" height="{panel_h}" fill="none" stroke="#333"/>')
        for n, (name, color, points) in enumerate(series):
            if points:
                path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
                out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
                for t, v in points:
                    out.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="2.2" fill="{color}"/>')
            lx = left + plot_w - 150 + n * 75
            out.append(f'<line x1="{lx}" x2="{lx + 18}" y1="{y0 - 12}" y2="{y0 - 12}" stroke="{color}" stroke-width="3"/>')
            out.append(f'<text x="{lx + 22}" y="{y0 - 8}">{esc(name)}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">seconds since the start of the load</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- main ----------------------------------------------------------------------------------------

def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--samples", type=Path, required=True)
    p.add_argument("--wrk", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--interval", type=float, default=10)
    p.add_argument("--build", default="unknown")
    p.add_argument("--rss-ratio", type=float, default=1.2)
    p.add_argument("--fd-slack", type=int, default=8)
    p.add_argument("--server-alive", type=int, default=1)
    p.add_argument("--exit-status", type=int, default=0)
    args = p.parse_args()

    samples = load_samples(args.samples)
    wrk = json.loads(args.wrk.read_text() or "{}")
    before = next((s for s in samples if s["phase"] == "before"), None)
    after = next((s for s in samples if s["phase"] == "after"), None)
    load = [s for s in samples if s["phase"] == "load"]
    warmup = min(60.0, 0.2 * args.seconds)
    steady = [s for s in load if s["t"] >= warmup] or load

    checks: list[tuple[str, bool, str]] = []
    errors = wrk.get("errors", {})
    socket_errors = sum(errors.get(k, 0) for k in ("connect", "read", "write", "timeout"))
    requests = wrk.get("requests", 0)
    non2xx = wrk.get("non2xx", 0)
    checks.append(("requests were served", requests > 0, f"{requests:,} requests"))
    checks.append(("no non-2xx answer", non2xx == 0, f"{non2xx} non-2xx"))
    checks.append(("no socket error", socket_errors == 0,
                   "connect {connect}, read {read}, write {write}, timeout {timeout}".format(
                       **{k: errors.get(k, 0) for k in ("connect", "read", "write", "timeout")})))

    rss_first = rss_last = fd_first = fd_last = None
    if len(steady) >= 2:
        first, last = thirds(steady)
        rss_first = statistics.mean(s["rss_mib"] for s in first)
        rss_last = statistics.mean(s["rss_mib"] for s in last)
        fd_first = max(s["fds"] for s in first)
        fd_last = max(s["fds"] for s in last)
        checks.append(("RSS flat (last third / first third mean)", rss_last <= args.rss_ratio * rss_first,
                       f"{rss_first:.1f} → {rss_last:.1f} MiB (×{rss_last / rss_first:.3f}, limit ×{args.rss_ratio})"))
        checks.append(("fds flat (last third max vs first third max)", fd_last <= fd_first + args.fd_slack,
                       f"{fd_first} → {fd_last} (slack {args.fd_slack})"))
    else:
        checks.append(("enough samples after the warm-up", False, f"{len(steady)} samples"))
    if before and after:
        checks.append(("fds back to the baseline after the load", after["fds"] <= before["fds"] + args.fd_slack,
                       f"{before['fds']} before, {after['fds']} after"))
    checks.append(("server alive at the end", args.server_alive == 1, "alive" if args.server_alive else "DEAD"))
    checks.append(("clean exit on SIGTERM", args.exit_status == 0, f"exit status {args.exit_status}"))

    # Throughput between consecutive samples, from the server's own request counter.
    rates = []
    counted = [s for s in samples if s["requests"] is not None and s["phase"] != "after"]
    for a, b in zip(counted, counted[1:]):
        if b["t"] > a["t"]:
            rates.append((b["t"], (b["requests"] - a["requests"]) / (b["t"] - a["t"])))

    passed = all(ok for _, ok, _ in checks)
    verdict = "PASSED" if passed else "FAILED"
    rss_values = [s["rss_mib"] for s in load]
    fd_values = [s["fds"] for s in load]
    thread_values = [s["threads"] for s in load]
    latency = wrk.get("latency_us", {})
    rps = wrk.get("rps", 0)
    title = (f"american serve ({args.build} build) under wrk -t{args.threads} -c{args.connections} "
             f"for {args.seconds:.0f} s: {rps:,.0f} req/s, {verdict.lower()}")

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.svg").write_text(svg_plot(samples, rates, warmup, title))

    def ms(key: str) -> str:
        return f"{latency.get(key, 0) / 1000:.2f}"

    lines = [
        "# Soak test",
        "",
        f"`scripts/soak.sh`: `american serve` ({args.build} build, model `models/american.model.json`) on 127.0.0.1 under "
        f"`wrk -t{args.threads} -c{args.connections} -d{args.seconds:.0f}s`, POSTing real tweets from "
        "`../shared/data/test.csv` (1,000 rotated) to `/api/american`; RSS, open file descriptors and threads "
        f"sampled from `/proc` every {args.interval:g} s ([soak-samples.csv](soak-samples.csv)).",
        "",
        "![RSS, file descriptors and throughput over the soak](soak.svg)",
        "",
        f"**Verdict: {verdict}.**",
        "",
        "| check | result | detail |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {'pass' if ok else '**FAIL**'} | {detail} |" for name, ok, detail in checks]
    lines += [
        "",
        "| load | value |",
        "|---|---|",
        f"| requests | {requests:,} in {wrk.get('duration_us', 0) / 1e6:.1f} s |",
        f"| throughput | {rps:,.0f} requests/s |",
        f"| latency p50 / p90 / p99 / p99.9 / max | {ms('p50')} / {ms('p90')} / {ms('p99')} / {ms('p999')} / {ms('max')} ms |",
        f"| failed requests | {non2xx} non-2xx, {socket_errors} socket errors |",
        "",
        "| resource | before load | during load: min / mean / max | after load |",
        "|---|---|---|---|",
    ]
    if load:
        lines += [
            f"| RSS (MiB) | {before['rss_mib'] if before else float('nan'):.1f} | {min(rss_values):.1f} / "
            f"{statistics.mean(rss_values):.1f} / {max(rss_values):.1f} | {after['rss_mib'] if after else float('nan'):.1f} |",
            f"| open fds | {before['fds'] if before else '-'} | {min(fd_values)} / {statistics.mean(fd_values):.1f} / "
            f"{max(fd_values)} | {after['fds'] if after else '-'} |",
            f"| threads | {before['threads'] if before else '-'} | {min(thread_values)} / "
            f"{statistics.mean(thread_values):.1f} / {max(thread_values)} | {after['threads'] if after else '-'} |",
        ]
    lines += [
        "",
        f"The first {warmup:.0f} s are warm-up (shaded) and left out of the trend checks. Samples: {len(samples)} "
        f"({len(load)} under load). Throughput per interval comes from the server's own "
        "`american_http_requests_total` counter.",
        "",
    ]
    (args.out / "soak-summary.md").write_text("\n".join(lines))

    for name, ok, detail in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
    print(f"soak {verdict}: {requests:,} requests at {rps:,.0f} req/s, "
          f"RSS {min(rss_values or [0]):.1f}-{max(rss_values or [0]):.1f} MiB, fds {min(fd_values or [0])}-{max(fd_values or [0])}; "
          f"figures in {args.out}/")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
