#!/usr/bin/env python3
"""The benchmark runner behind `bash benchmarks/run.sh`: measures everything in one
run and writes BENCHMARKS.md at the repo root.

1. Serving, in rounds: every server once per round in the same order (A B C D A B C D ...,
   --rounds of them, 3 by default), so that a noisy minute hits every server alike; the
   figures are medians over the rounds, the ratios to ours are given per round. Each server alone on 127.0.0.1 (pinned with taskset away from the
   load generator when there are 2+ CPUs), a warm-up, then
   `wrk -t2 -c32 -d10s --latency -s benchmarks/wrk/post_tweets.lua` with 1,000
   real tweets from test.csv: ours (`american serve`), Flask + gunicorn (2
   workers), FastAPI + uvicorn (2 workers), and `bare-server` (the Hummingbird
   ceiling). Req/s, p50, p99, non-2xx, RSS after load, ratios to ours.
2. Prediction alone: scikit-learn `pipeline.predict([text])` per tweet vs
   `american bench-predict --json` ({"per_tweet_us"}).
3. Training: benchmarks/parity/parity.py (accuracy parity and fit times).
4. Start-up: benchmarks/startup.py (process start to first 200, 5 ms polling).
5. Runtime image size (podman image inspect $BENCH_IMAGE, default localhost/american-predictor:test),
   the stripped binary's size (and a reference binary's, --icu-reference: e.g. a build that
   links full Foundation and ICU) with scripts/check-no-icu.sh's verdict on each, and the
   container's start-up to ready (benchmarks/startup.py around `podman run`), alternating with
   its floor (the same `podman run` with the binary printing its version, to its first byte).
Then the targets, met or not, computed from the numbers.

Run through benchmarks/run.sh (it installs wrk, the venv and builds the binaries).
Environment: AMERICAN_BIN, BARE_BIN (default .build-release/release/...),
SHARED_DIR, SERVER_CPUS / WRK_CPUS (taskset lists), BENCH_PORT_BASE (default 39180).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tweets  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent / "parity"))
from parity import table as parity_table  # noqa: E402

ROOT = tweets.REPO_ROOT
OUT = tweets.OUT_DIR
VENV_BIN = ROOT / "benchmarks" / ".venv" / "bin"
BODIES = OUT / "bodies.jsonl"
PICKLE = OUT / "sklearn_pipeline.pkl"
SHIPPED_MODEL = ROOT / "models" / "american.model.json"
IMAGE = os.environ.get("BENCH_IMAGE", "localhost/american-predictor:test")

BUSY_WARNING = 25.0  # % of CPUs busy before the run above which the report is flagged as not representative

TARGETS = {
    "serving_vs_flask": 40.0,   # ours req/s >= 40x Flask+gunicorn
    "serving_vs_bare": 0.85,    # ours req/s >= 0.85x bare-server
    "p99_ms": 2.0,              # p99 < 2 ms at 32 connections
    "predict_us": 5.0,          # prediction alone < 5 us per tweet
    "training_speedup": 5.0,    # training >= 5x faster than scikit-learn
    "startup_ms": 200.0,        # process start to ready < 200 ms
    "image_mb": 60.0,           # runtime image < 60 MB
    "container_startup_ms": 150.0,  # container start to ready < 150 ms
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


# ---------------------------------------------------------------- machine facts

def machine() -> dict:
    cpu_model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": _os_name(),
        "loadavg_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpu_busy_at_start": cpu_busy_percent(),
    }


def cpu_busy_percent(seconds: float = 2.0) -> float:
    """Share of all CPUs busy over a short sample (/proc/stat), before anything is measured."""
    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return round(100.0 * (1 - (idle1 - idle0) / max(1, total1 - total0)), 1)


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.system()


def versions() -> dict:
    import importlib.metadata as md

    found = {}
    swift = run(["swift", "--version"]) if shutil.which("swift") else None
    found["swift"] = (swift.stdout or swift.stderr).splitlines()[0].strip() if swift and (swift.stdout or swift.stderr) else "n/a"
    found["python"] = platform.python_version()
    for package in ["scikit-learn", "numpy", "scipy", "flask", "gunicorn", "fastapi", "uvicorn", "uvloop", "httptools"]:
        try:
            found[package] = md.version(package)
        except md.PackageNotFoundError:
            found[package] = "n/a"
    wrk = run(["wrk", "-v"]) if shutil.which("wrk") else None
    found["wrk"] = (wrk.stdout + wrk.stderr).splitlines()[0].split(" [")[0] if wrk else "n/a"
    resolved = ROOT / "Package.resolved"
    if resolved.exists():
        try:
            pins = json.loads(resolved.read_text()).get("pins", [])
            for pin in pins:
                if pin.get("identity") in ("hummingbird", "swift-nio"):
                    found[pin["identity"]] = pin.get("state", {}).get("version", "n/a")
        except (ValueError, KeyError):
            pass
    return found


# ---------------------------------------------------------------- processes

def free_port(start: int) -> int:
    port = start
    while port < start + 200:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
                # Also make sure nothing answers there on another address.
                probe = socket.socket()
                probe.settimeout(0.2)
                busy = probe.connect_ex(("127.0.0.1", port)) == 0
                probe.close()
                if not busy:
                    return port
            except OSError:
                pass
        port += 1
    raise RuntimeError(f"no free port in {start}..{start + 199}")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def memory_kib(pid: int) -> dict:
    """RSS (VmRSS, summed over the process tree) and PSS (shared pages split) in KiB."""
    rss = pss = 0
    pids = descendants(pid)
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass
    return {"rss_kib": rss, "pss_kib": pss, "processes": len(pids)}


def taskset(cpus: str | None, command: list[str]) -> list[str]:
    return ["taskset", "-c", cpus, *command] if cpus and shutil.which("taskset") else command


def http(method: str, url: str, body: bytes | None = None, timeout: float = 2.0) -> tuple[int, bytes]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if http("GET", url)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# ---------------------------------------------------------------- serving

def parse_wrk(output: str) -> dict:
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise ValueError("wrk printed no WRK_JSON line:\n" + output[-2000:])


def wrk(url: str, seconds: int, cpus: str | None, threads: int, connections: int) -> tuple[dict, str]:
    command = taskset(cpus, ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                             "-s", "benchmarks/wrk/post_tweets.lua", url, "--", str(tweets.rel(BODIES))])
    done = run(command, cwd=ROOT, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return parse_wrk(done.stdout), done.stdout


def serve_one(server: dict, args, cpus: dict) -> dict:
    name = server["name"]
    port = free_port(args.port_base)
    command = [part.replace("{port}", str(port)) for part in server["command"]]
    env = {**os.environ, **{k: v.replace("{port}", str(port)) for k, v in server.get("env", {}).items()}}
    shown = " ".join(server["shown"]).replace("{port}", str(port))
    log(f"serving: {name}: {shown}")
    logfile = open(OUT / f"server-{server['key']}.log", "w")
    process = subprocess.Popen(taskset(cpus["server"], command), cwd=server.get("cwd", ROOT), env=env,
                               stdin=subprocess.DEVNULL, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_ready(base + "/readyz", process):
            logfile.flush()
            tail = (OUT / f"server-{server['key']}.log").read_text()[-600:]
            return {"name": name, "command": shown, "error": f"did not become ready (log: {tail.strip()})"}
        status, sample = http("POST", base + "/api/american", json.dumps({"text": "Stay safe New York #covid19"}).encode())
        try:
            version_status, version_body = http("GET", base + "/version")
            version = json.loads(version_body) if version_status == 200 else None
        except (OSError, ValueError):
            version = None
        idle = memory_kib(process.pid)
        log(f"serving: {name}: warm-up {args.warmup} s")
        wrk(base, args.warmup, cpus["wrk"], args.threads, args.connections)
        runs = []
        for attempt in range(args.repeat):
            log(f"serving: {name}: wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency"
                + (f" ({attempt + 1}/{args.repeat})" if args.repeat > 1 else ""))
            runs.append(wrk(base, args.duration, cpus["wrk"], args.threads, args.connections))
        # With --repeat N, report the run with the median req/s (N = 1: the only run).
        result, raw = sorted(runs, key=lambda run_: run_[0]["rps"])[len(runs) // 2]
        loaded = memory_kib(process.pid)
        (OUT / f"wrk-{server['key']}.txt").write_text(raw)
        errors = result["errors"]
        return {
            "name": name, "command": shown, "version": version, "sample_status": status, "sample_body": sample.decode(errors="replace").strip()[:200],
            "rps": result["rps"], "requests": result["requests"],
            "p50_ms": result["latency_us"]["p50"] / 1000, "p90_ms": result["latency_us"]["p90"] / 1000,
            "p99_ms": result["latency_us"]["p99"] / 1000, "max_ms": result["latency_us"]["max"] / 1000,
            "non2xx": result["non2xx"], "rps_all_runs": [r[0]["rps"] for r in runs],
            "socket_errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
            "socket_errors_detail": errors,
            "rss_mib_idle": idle["rss_kib"] / 1024, "rss_mib": loaded["rss_kib"] / 1024,
            "pss_mib": loaded["pss_kib"] / 1024, "processes": loaded["processes"],
        }
    except Exception as error:  # one server failing must not lose the others' numbers
        return {"name": name, "command": shown, "error": str(error)}
    finally:
        stop(process)
        logfile.close()


def write_bodies() -> list[str]:
    """The wrk script's request bodies: 1,000 tweets of test.csv as JSON lines; returns the texts."""
    texts, _ = tweets.load(tweets.data_path("test.csv"), limit=1000)
    BODIES.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts))
    return texts


def interleaved(server_list: list[dict], args, cpus: dict) -> dict[str, list[dict]]:
    """Every server once per round, in the same order each round, for args.rounds rounds:
    the results of each server's rounds, by key."""
    runs: dict[str, list[dict]] = {server["key"]: [] for server in server_list}
    for round_ in range(1, args.rounds + 1):
        for server in server_list:
            log(f"serving: round {round_}/{args.rounds}: {server['name']}")
            runs[server["key"]].append(serve_one(server, args, cpus))
    return runs


def median_of_rounds(runs: list[dict]) -> dict:
    """One row for a server: the round with the median req/s, its req/s and p99 replaced by
    the medians over the rounds, every round's figures kept beside them."""
    ok = [run_ for run_ in runs if "error" not in run_]
    if not ok:
        return runs[0]
    middle = sorted(ok, key=lambda run_: run_["rps"])[len(ok) // 2]
    return {**middle, "rps": statistics.median(r["rps"] for r in ok), "p99_ms": statistics.median(r["p99_ms"] for r in ok),
            "rps_rounds": [r["rps"] for r in ok], "p99_ms_rounds": [r["p99_ms"] for r in ok], "rounds": len(ok)}


def round_ratios(a: list[dict], b: list[dict]) -> list[float]:
    """req/s of a ÷ req/s of b, round by round (rounds where either failed are left out)."""
    return [x["rps"] / y["rps"] for x, y in zip(a, b) if "error" not in x and "error" not in y and y["rps"]]


def servers(american: Path, bare: Path, model: Path) -> list[dict]:
    baselines = ROOT / "benchmarks" / "baselines"
    list_ = []
    if american.exists():
        list_.append({"key": "ours", "name": "ours (american serve)",
                      "command": [str(american), "serve", "--host", "127.0.0.1", "--port", "{port}",
                                  "--model", str(model), "--log-level", "error"],
                      "shown": ["american", "serve", "--host", "127.0.0.1", "--port", "{port}",
                                "--model", tweets.rel(model), "--log-level", "error"]})
    list_.append({"key": "flask", "name": "Flask + gunicorn (2 workers)", "cwd": baselines,
                  "command": [str(VENV_BIN / "gunicorn"), "-w", "2", "--no-control-socket",
                              "-b", "127.0.0.1:{port}", "flask_app:app"],
                  "shown": ["gunicorn", "-w", "2", "--no-control-socket", "-b", "127.0.0.1:{port}", "flask_app:app"]})
    list_.append({"key": "fastapi", "name": "FastAPI + uvicorn (2 workers)", "cwd": baselines,
                  "command": [str(VENV_BIN / "uvicorn"), "fastapi_app:app", "--workers", "2", "--host", "127.0.0.1",
                              "--port", "{port}", "--no-access-log", "--log-level", "warning"],
                  "shown": ["uvicorn", "fastapi_app:app", "--workers", "2", "--host", "127.0.0.1", "--port", "{port}",
                            "--no-access-log", "--log-level", "warning"]})
    if bare.exists():
        list_.append({"key": "bare", "name": "bare-server (Hummingbird, constant answer)",
                      "command": [str(bare)], "env": {"PORT": "{port}"}, "shown": ["PORT={port}", "bare-server"]})
    return list_


# ---------------------------------------------------------------- prediction alone

def sklearn_predict_us(texts: list[str]) -> dict:
    import pickle

    with open(PICKLE, "rb") as fh:
        pipeline = pickle.load(fh)["pipeline"]
    for text in texts[:100]:
        pipeline.predict([text])  # warm-up
    start = time.perf_counter()
    for text in texts:
        pipeline.predict([text])
    per_tweet = (time.perf_counter() - start) / len(texts) * 1e6
    start = time.perf_counter()
    pipeline.predict(texts)
    batch = (time.perf_counter() - start) / len(texts) * 1e6
    return {"per_tweet_us": per_tweet, "batch_per_tweet_us": batch, "tweets": len(texts)}


def ours_predict_us(american: Path, model: Path) -> dict:
    if not american.exists():
        return {"error": "our binary is not built"}
    help_ = run([str(american), "bench-predict", "--help"], cwd=ROOT)
    if help_.returncode != 0:
        return {"error": "`american bench-predict` does not exist yet in this build"}
    done = run([str(american), "bench-predict", "--model", str(model), "--data", tweets.rel(tweets.data_path("test.csv")),
                "--json"], cwd=ROOT, timeout=600)
    if done.returncode != 0:
        return {"error": f"`american bench-predict` exited {done.returncode}: {done.stderr.strip()[-300:]}"}
    for line in reversed(done.stdout.strip().splitlines()):
        if line.strip().startswith("{"):
            summary = json.loads(line)
            return {"per_tweet_us": float(summary["per_tweet_us"]), "summary": summary}
    return {"error": "`american bench-predict --json` printed no JSON object"}


# ---------------------------------------------------------------- start-up

def startup(server: dict, port_base: int, runs: int) -> dict:
    port = free_port(port_base)
    command = [part.replace("{port}", str(port)) for part in server["command"]]
    env = {**os.environ, **{k: v.replace("{port}", str(port)) for k, v in server.get("env", {}).items()}}
    if server["key"] in ("ours", "bare"):
        probe = ["--url", f"http://127.0.0.1:{port}/readyz"]
    else:
        probe = ["--url", f"http://127.0.0.1:{port}/api/american", "--body", json.dumps({"text": "hello from Ohio"})]
    done = run([str(VENV_BIN / "python"), str(ROOT / "benchmarks" / "startup.py"), *probe, "--runs", str(runs),
                "--cwd", str(server.get("cwd", ROOT)), "--", *command], cwd=ROOT, env=env, timeout=900)
    if done.returncode != 0:
        return {"name": server["name"], "error": (done.stderr or done.stdout).strip()[-300:]}
    return {"name": server["name"], "probe": "GET /readyz" if "--body" not in probe else "POST /api/american",
            **json.loads(done.stdout.strip().splitlines()[-1])}


# ---------------------------------------------------------------- container start-up

def container_startup(model: Path, port_base: int, runs: int) -> dict:
    """`podman run` of the image, hardened as deployed, to the first 200 on /readyz; alternating
    (ABBA) with the floor: the same `podman run` with the binary printing its version instead of
    serving, to the first byte it writes (Podman, runc, loading the binary and the Swift runtime,
    and parsing the arguments: everything but loading the model and serving)."""
    if not shutil.which("podman"):
        return {"error": "podman is not installed"}
    if run(["podman", "image", "exists", IMAGE]).returncode != 0:
        return {"error": f"no image {IMAGE} (scripts/container-test.sh builds it)"}
    port = free_port(port_base)
    # runc and explicit ulimits: Podman as it works on this kind of machine (scripts/lib/container-common.sh).
    options = ["podman", "--runtime", "/usr/sbin/runc", "run", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
               "--rm", "--network", "host", "--read-only",
               "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--tmpfs", "/tmp",
               "-v", f"{model.parent}:/models:ro", "-e", f"MODEL_PATH=/models/{model.name}",
               "-e", f"PORT={port}", "-e", "DRAIN_SECONDS=0"]
    command = [*options, IMAGE]
    floor_command = [*options, "--entrypoint", "/app/american", IMAGE, "--version"]

    def ready_ms():
        done = run([str(VENV_BIN / "python"), str(ROOT / "benchmarks" / "startup.py"), "--url", f"http://127.0.0.1:{port}/readyz",
                    "--runs", "1", "--", *command], cwd=ROOT, timeout=900)
        if done.returncode != 0:
            raise RuntimeError((done.stderr or done.stdout).strip()[-300:])
        return json.loads(done.stdout.strip().splitlines()[-1])["median_ms"]

    ready, floor = [], []
    try:
        for index in range(runs):
            if index % 2 == 1:
                ready.append(ready_ms())
            floor.append(first_byte_ms(floor_command, timeout=60))
            if index % 2 == 0:
                ready.append(ready_ms())
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return {"error": str(error)}
    shown = {name: " ".join(words).replace(str(model.parent), "MODEL_DIR") for name, words in (("command", command), ("floor_command", floor_command))}
    return {**shown, "runs_ms": ready, "median_ms": statistics.median(ready), "min_ms": min(ready), "max_ms": max(ready),
            "floor_runs_ms": floor, "floor_median_ms": statistics.median(floor)}


def first_byte_ms(command: list[str], timeout: float) -> float:
    """Milliseconds from starting `command` to the first byte on its standard output; it must exit within `timeout`."""
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        first = process.stdout.read(1) if ready else b""
        elapsed = (time.perf_counter() - start) * 1000
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    if not first:
        raise RuntimeError(f"`{' '.join(command)}` wrote nothing within {timeout:.0f} s")
    return round(elapsed, 1)


# ---------------------------------------------------------------- binary size

def binary_size(binary: Path, label: str) -> dict:
    """Size of a stripped copy of the binary, and whether it carries ICU (scripts/check-no-icu.sh)."""
    if not binary.exists():
        return {"label": label, "error": f"no binary {tweets.rel(binary)}"}
    stripped = OUT / f"{label.split()[0]}.stripped"
    shutil.copyfile(binary, stripped)
    if run(["strip", str(stripped)]).returncode != 0:
        return {"label": label, "error": "strip failed"}
    check = run(["bash", str(ROOT / "scripts" / "check-no-icu.sh"), str(stripped)], cwd=ROOT)
    return {"label": label, "bytes": stripped.stat().st_size, "mb": stripped.stat().st_size / 1e6,
            "icu": check.returncode != 0, "check": check.stdout.strip().splitlines()[0].replace(str(OUT), "benchmarks/out")}


# ---------------------------------------------------------------- image

def image_size() -> dict:
    if not shutil.which("podman"):
        return {"error": "podman is not installed"}
    done = run(["podman", "image", "inspect", IMAGE, "--format", "{{.Size}}"])
    if done.returncode != 0 or not done.stdout.strip().isdigit():
        return {"error": f"no image {IMAGE} (podman image inspect failed)"}
    return {"bytes": int(done.stdout.strip()), "mb": int(done.stdout.strip()) / 1e6}


# ---------------------------------------------------------------- report

def f(value, pattern="{:.2f}", missing="n/a") -> str:
    return missing if value is None else pattern.format(value)


def met(value, ok) -> str:
    if value is None:
        return "n/a (not measured)"
    return "**met**" if ok else "**not met**"


def report(results: dict) -> str:
    m, v, a = results["machine"], results["versions"], results["args"]
    serving = {s["key"]: s for s in results["serving"]}
    ours = serving.get("ours", {})
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {results['date']} by one command, `{results['command']}`, which rewrites this file "
        "(raw numbers and wrk outputs: `benchmarks/out/`, git-ignored). Numbers from one machine and one run: "
        "compare ratios measured in the same run rather than absolute figures across machines.",
        "",
    ]
    if m.get("cpu_busy_at_start", 0) >= BUSY_WARNING:
        lines += [
            f"> **Warning: not representative.** {m['cpu_busy_at_start']}% of the CPUs were busy with other work just "
            "before the measurements (load average "
            f"{m['loadavg_at_start']}). Every figure below, and so every met / not met, is distorted by that "
            "contention (servers measured at different moments compete with different loads, so even the ratios "
            "are unreliable). Re-run `bash benchmarks/run.sh --wait-idle 600` on an idle machine.",
            "",
        ]
    lines += [
        "## Machine and versions",
        "",
        "| | |",
        "|---|---|",
        f"| CPUs (nproc) | {m['nproc']} × {m['cpu_model']} |",
        f"| memory | {m['memory_gib']} GiB |",
        f"| OS, kernel | {m['os']}, Linux {m['kernel']} |",
        f"| load average at start (1, 5, 15 min) | {m['loadavg_at_start']} |",
        f"| CPU busy just before the measurements (2 s sample, all CPUs) | {m['cpu_busy_at_start']}% |",
    ]
    for key, value in v.items():
        lines.append(f"| {key} | {value} |")
    lines += [
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    busy = m.get("cpu_busy_at_start", 0) >= BUSY_WARNING
    for row in results["targets"]:
        verdict = met(row["value"], row["ok"])
        if busy and row["value"] is not None and "accuracy" not in row["target"] and "image" not in row["target"]:
            verdict += " (unreliable: busy machine)"
        lines.append(f"| {row['target']} | {row['measured']} | {verdict} |")

    lines += [
        "",
        "## Serving: `POST /api/american` with real tweets",
        "",
        f"Each server alone on 127.0.0.1; server pinned to CPU {a['server_cpus'] or 'any'}, wrk to CPU "
        f"{a['wrk_cpus'] or 'any'} (`taskset`), so that the load generator does not starve the server. "
        f"{a.get('rounds', 1)} round(s), every server once per round in the order of the table, so that a noisy "
        "minute hits all of them alike; req/s and p99 are medians over the rounds, the other columns are those of "
        "the median round. "
        f"Warm-up {a['warmup']} s, then `wrk -t{a['threads']} -c{a['connections']} -d{a['duration']}s --latency "
        "-s benchmarks/wrk/post_tweets.lua`"
        + (f" {a['repeat']} times (the run with the median req/s is shown)" if a["repeat"] > 1 else "")
        + " rotating 1,000 tweets of test.csv as JSON bodies "
        "(`Content-Type: application/json`). RSS is VmRSS summed over the server's processes right after the load "
        "(PSS splits the pages that workers share).",
        "",
        "| server | req/s | p50 ms | p99 ms | non-2xx | socket errors | RSS after load MiB | PSS MiB | ours ÷ this (req/s) | this ÷ ours (p99) | this ÷ ours (RSS) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in results["serving"]:
        if "error" in s:
            lines.append(f"| {s['name']} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |")
            continue
        ok_ours = "rps" in ours
        lines.append(
            f"| {s['name']} | {s['rps']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {s['non2xx']} | {s['socket_errors']} "
            f"| {s['rss_mib']:.1f} | {s['pss_mib']:.1f} "
            f"| {f(ours['rps'] / s['rps'] if ok_ours else None, '{:.2f}×')} "
            f"| {f(s['p99_ms'] / ours['p99_ms'] if ok_ours and ours['p99_ms'] else None, '{:.2f}×')} "
            f"| {f(s['rss_mib'] / ours['rss_mib'] if ok_ours and ours['rss_mib'] else None, '{:.2f}×')} |")
    rounds = results.get("rounds", {})
    if rounds:
        others = [s for s in results["serving"] if s["key"] != "ours" and s["key"] in rounds]
        lines += ["", "Per round, ours ÷ this (req/s), and the median of the rounds' ratios (what the targets use):", "",
                  "| server | " + " | ".join(f"round {i + 1}" for i in range(a.get("rounds", 1))) + " | median |",
                  "|---|" + "---|" * (a.get("rounds", 1) + 1)]
        for s in others:
            ratios = rounds[s["key"]]
            cells = [f"{r:.3f}" for r in ratios] + [""] * (a.get("rounds", 1) - len(ratios))
            lines.append(f"| {s['name']} | " + " | ".join(cells) + f" | {f(statistics.median(ratios) if ratios else None, '{:.3f}')} |")
    lines += ["", "Commands (port chosen free at run time):", ""]
    for s in results["serving"]:
        lines.append(f"- {s['name']}: `{s['command']}`" + (f" — **failed**: {s['error']}" if "error" in s else ""))
    lines += ["", "One answer of each (`{\"text\":\"Stay safe New York #covid19\"}`):", ""]
    for s in results["serving"]:
        if "sample_body" in s:
            lines.append(f"- {s['name']}: {s['sample_status']} `{s['sample_body']}`")

    p = results["predict"]
    sk, us = p["sklearn"], p["ours"]
    lines += [
        "",
        "## Prediction alone (no HTTP)",
        "",
        f"Over the {sk['tweets']:,} tweets of test.csv, one tweet per call, after a warm-up.",
        "",
        "| | µs per tweet | scikit-learn ÷ this |",
        "|---|---|---|",
        f"| scikit-learn `pipeline.predict([text])` | {sk['per_tweet_us']:.1f} | 1.0× |",
        f"| scikit-learn `pipeline.predict(all 1,000)` (batch, per tweet; for reference) | {sk['batch_per_tweet_us']:.1f} | "
        f"{sk['per_tweet_us'] / sk['batch_per_tweet_us']:.1f}× |",
    ]
    if "per_tweet_us" in us:
        lines.append(f"| ours `american bench-predict --model {tweets.rel(results['model'])} --data "
                     f"{tweets.rel(tweets.data_path('test.csv'))} --json` | {us['per_tweet_us']:.2f} | "
                     f"{sk['per_tweet_us'] / us['per_tweet_us']:.0f}× |")
    else:
        lines.append("| ours `american bench-predict` | n/a | n/a |")
        lines += ["", f"Note: ours not measured: {us['error']}."]

    lines += ["", "## Training", ""]
    parity = results.get("parity")
    if parity and "data" in parity:
        parity["markdown"] = parity_table(parity["data"])  # rendered afresh from the numbers
    if parity and "markdown" in parity:
        lines += [
            f"`bash benchmarks/parity/run.sh` (scikit-learn: median of {parity['data'].get('runs', '?')} fits after a warm-up fit, "
            "CSV loading excluded; ours: `train_seconds` from `--json`, and the wall clock of the whole process, which also "
            "loads the CSVs, scores test.csv and writes the model).",
            parity["markdown"],
        ]
    else:
        lines.append(f"n/a: {parity.get('error') if parity else 'not run'}")

    lines += [
        "",
        "## Start-up",
        "",
        "Time from process start to the first 200 (`benchmarks/startup.py`, polling every 5 ms; median of "
        f"{a['startup_runs']} starts): ours and bare-server on `GET /readyz`, the Python servers on their first "
        "successful `POST /api/american`.",
        "",
        "| server | probe | median ms | min ms | max ms | this ÷ ours |",
        "|---|---|---|---|---|---|",
    ]
    ours_start = next((s for s in results["startup"] if s["name"].startswith("ours") and "median_ms" in s), None)
    for s in results["startup"]:
        if "error" in s:
            lines.append(f"| {s['name']} | | n/a | n/a | n/a | n/a |")
            continue
        ratio = f(s["median_ms"] / ours_start["median_ms"] if ours_start else None, "{:.1f}×")
        lines.append(f"| {s['name']} | {s['probe']} | {s['median_ms']:.1f} | {s['min_ms']:.1f} | {s['max_ms']:.1f} | {ratio} |")

    cs = results.get("container_startup", {})
    lines += ["", "Container start-up: `podman run` of the image (hardened, model on a read-only volume, host network) "
              "to the first 200 on `GET /readyz`, through `benchmarks/startup.py`: "
              + (f"median **{cs['median_ms']:.1f} ms** (min {cs['min_ms']:.1f}, max {cs['max_ms']:.1f}; runs {cs['runs_ms']}); "
                 f"`{cs['command']}`" if "median_ms" in cs else f"n/a ({cs.get('error', 'not run')})")]
    if "floor_median_ms" in cs:
        lines += ["", f"Podman's floor, measured alternately with the starts above (ABBA): the same `podman run` with the binary "
                  f"printing its version instead of serving, to the first byte it writes: median **{cs['floor_median_ms']:.1f} ms** "
                  f"(runs {cs['floor_runs_ms']}; `{cs['floor_command']}`). That is Podman, runc, loading the binary and the Swift "
                  f"runtime and parsing the arguments: everything but loading the model and serving, which take the difference, "
                  f"{cs['median_ms'] - cs['floor_median_ms']:.1f} ms (medians)."]

    img = results["image"]
    lines += ["", "## Runtime image and binary", ""]
    lines.append(f"`podman image inspect {IMAGE}`: " + (f"{img['mb']:.1f} MB ({img['bytes']:,} bytes)" if "bytes" in img
                                                         else f"n/a ({img['error']})"))
    lines += ["", "| binary (stripped copy) | MB | bytes | `scripts/check-no-icu.sh` |", "|---|---|---|---|"]
    for b in results.get("binaries", []):
        if "error" in b:
            lines.append(f"| {b['label']} | n/a | n/a | {b['error']} |")
        else:
            lines.append(f"| {b['label']} | {b['mb']:.1f} | {b['bytes']:,} | {b['check']} |")
    if results["notes"]:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def sanitize(text: str) -> str:
    """The report is committed: it must not name this machine's absolute paths."""
    return text.replace(str(tweets.shared_dir().resolve()), "$SHARED_DIR").replace(str(ROOT), ".")


def targets(results: dict) -> list[dict]:
    serving = {s["key"]: s for s in results["serving"] if "error" not in s}
    ours, flask, bare = serving.get("ours"), serving.get("flask"), serving.get("bare")
    rows = []

    def add(target, value, ok, measured):
        rows.append({"target": target, "value": value, "ok": ok, "measured": measured if value is not None else "n/a"})

    rounds = results.get("rounds", {})

    def ratio(key: str, other: dict | None) -> float | None:
        if rounds.get(key):
            return statistics.median(rounds[key])
        return ours["rps"] / other["rps"] if ours and other else None

    vs_flask = ratio("flask", flask)
    add(f"serving ≥ {TARGETS['serving_vs_flask']:.0f}× Flask+gunicorn (req/s)", vs_flask,
        vs_flask is not None and vs_flask >= TARGETS["serving_vs_flask"],
        f"{f(vs_flask, '{:.1f}×')} ({f(ours and ours['rps'], '{:,.0f}')} vs {f(flask and flask['rps'], '{:,.0f}')} req/s)")
    vs_bare = ratio("bare", bare)
    add(f"serving ≥ {TARGETS['serving_vs_bare']}× bare-server (req/s)", vs_bare,
        vs_bare is not None and vs_bare >= TARGETS["serving_vs_bare"],
        f"{f(vs_bare, '{:.2f}×')} ({f(ours and ours['rps'], '{:,.0f}')} vs {f(bare and bare['rps'], '{:,.0f}')} req/s)")
    p99 = ours["p99_ms"] if ours else None
    add(f"p99 < {TARGETS['p99_ms']:.0f} ms at {results['args']['connections']} connections (ours)", p99,
        p99 is not None and p99 < TARGETS["p99_ms"], f"{f(p99, '{:.2f}')} ms")
    predict = results["predict"]["ours"].get("per_tweet_us")
    add(f"prediction < {TARGETS['predict_us']:.0f} µs per tweet (ours)", predict,
        predict is not None and predict < TARGETS["predict_us"], f"{f(predict, '{:.2f}')} µs")
    parity = (results.get("parity") or {}).get("data", {}).get("sets", {}).get("train")
    for kind in ("nb", "logreg"):
        ratio, detail = None, None
        if parity and "train_seconds_median" in parity["ours"].get(kind, {}):
            ours_s = parity["ours"][kind]["train_seconds_median"]
            sk_s = parity["sklearn"]["fit_seconds_median"]
            ratio = sk_s / ours_s if ours_s > 0 else float("inf")
            detail = f"{ratio:.2f}× ({ours_s:.4f} s vs scikit-learn {sk_s:.4f} s, training.csv)"
        add(f"training ≥ {TARGETS['training_speedup']:.0f}× faster than scikit-learn (ours `{kind}`)", ratio,
            ratio is not None and ratio >= TARGETS["training_speedup"], detail)
    start = next((s for s in results["startup"] if s["name"].startswith("ours") and "median_ms" in s), None)
    add(f"start-up < {TARGETS['startup_ms']:.0f} ms (ours, to the first 200 on /readyz)", start and start["median_ms"],
        start is not None and start["median_ms"] < TARGETS["startup_ms"], f"{f(start and start['median_ms'], '{:.1f}')} ms")
    cs = results.get("container_startup", {}).get("median_ms")
    add(f"container start-up < {TARGETS['container_startup_ms']:.0f} ms (podman run to the first 200 on /readyz, median)",
        cs, cs is not None and cs < TARGETS["container_startup_ms"],
        f"{f(cs, '{:.1f}')} ms" + (f" (the same `podman run` printing the version: {floor:.1f} ms)"
                                   if (floor := results.get("container_startup", {}).get("floor_median_ms")) is not None else ""))
    mb = results["image"].get("mb")
    add(f"runtime image < {TARGETS['image_mb']:.0f} MB", mb, mb is not None and mb < TARGETS["image_mb"],
        f"{f(mb, '{:.1f}')} MB")
    if parity:
        acc = results["parity"]["data"].get("acceptance", {})
        rows.append({"target": "NB accuracy within 0.5 points of scikit-learn (acceptance)",
                     "value": acc.get("gap_points"), "ok": acc.get("passed"), "measured": acc.get("detail", "n/a")})
    return rows


# ---------------------------------------------------------------- main

def default_cpus() -> dict:
    cpus = sorted(os.sched_getaffinity(0))
    server = os.environ.get("SERVER_CPUS")
    load = os.environ.get("WRK_CPUS")
    if server is None and load is None and len(cpus) >= 2:
        wrk_count = max(1, len(cpus) // 4)
        load = ",".join(map(str, cpus[-wrk_count:]))
        server = ",".join(map(str, cpus[:-wrk_count]))
    return {"server": server or None, "wrk": load or None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds of measured load per server (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up load per server (default 3)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--parity-runs", type=int, default=5)
    parser.add_argument("--port-base", type=int, default=int(os.environ.get("BENCH_PORT_BASE", "39180")))
    parser.add_argument("--rounds", type=int, default=3,
                        help="serving rounds, every server once per round (default 3)")
    parser.add_argument("--icu-reference", type=Path, metavar="BINARY",
                        help="a build that links full Foundation (e.g. main before FoundationEssentials), for its size")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measured wrk runs per server; the run with the median req/s is reported (default 1)")
    parser.add_argument("--wait-idle", type=int, default=0, metavar="SECONDS",
                        help="first wait up to SECONDS for the CPUs to be under 15%% busy (default 0: do not wait)")
    parser.add_argument("--skip-parity", action="store_true")
    parser.add_argument("--render-only", type=Path, metavar="RESULTS_JSON",
                        help="measure nothing: rewrite the report from a results.json of an earlier run")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--command", default=None, help="the command shown in the report "
                        "(default: bash benchmarks/run.sh and this run's options)")
    args = parser.parse_args()
    if args.command is None:
        import shlex
        args.command = " ".join(["bash", "benchmarks/run.sh", *map(shlex.quote, sys.argv[1:])])

    OUT.mkdir(parents=True, exist_ok=True)
    if args.render_only:
        results = json.loads(args.render_only.read_text())
        args.out.write_text(sanitize(report(results)))
        log(f"rewrote {tweets.rel(args.out)} from {tweets.rel(args.render_only)}")
        return 0
    if args.wait_idle > 0:
        deadline = time.monotonic() + args.wait_idle
        while (busy := cpu_busy_percent()) >= 15 and time.monotonic() < deadline:
            log(f"waiting for an idle machine: {busy}% busy")
            time.sleep(8)
    american = Path(os.environ.get("AMERICAN_BIN") or ROOT / ".build-release/release/american")
    bare = Path(os.environ.get("BARE_BIN") or ROOT / ".build-release/release/bare-server")
    american, bare = (p if p.is_absolute() else ROOT / p for p in (american, bare))
    cpus = default_cpus()
    notes: list[str] = []
    results: dict = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command,
        "machine": machine(),
        "args": {"duration": args.duration, "warmup": args.warmup, "threads": args.threads,
                 "connections": args.connections, "server_cpus": cpus["server"], "wrk_cpus": cpus["wrk"],
                 "startup_runs": args.startup_runs, "repeat": args.repeat, "rounds": args.rounds},
    }
    busy = results["machine"]["cpu_busy_at_start"]
    if busy > 10:
        notes.append(f"The machine was not idle just before the measurements ({busy}% of the CPUs busy with other "
                     "work): absolute numbers are pessimistic, and since each measurement met a different load, the ratios "
                     "are uncertain too.")
    if cpus["server"] and cpus["wrk"]:
        notes.append(f"On this machine the server gets CPU {cpus['server']} and wrk CPU {cpus['wrk']}; multi-process "
                     "Python servers (2 workers) and the Swift servers (NIO sizes its event loops by the machine's CPU "
                     "count, not by the CPUs it may run on; set NIO_SINGLETON_GROUP_LOOP_COUNT to change that) share the same "
                     "pinned CPU(s), so the comparison is per equal CPU budget.")
    if not american.exists():
        notes.append(f"Our binary `{tweets.rel(american)}` was not built: everything marked n/a for ours is missing "
                     "for that reason (build: `swift build -c release --static-swift-stdlib --scratch-path .build-release "
                     "--product american`).")
    if not bare.exists():
        notes.append(f"`{tweets.rel(bare)}` was not built: no bare-server row.")
    results["versions"] = versions()

    # Inputs: request bodies, the scikit-learn pickle, our model.
    texts = write_bodies()
    log(f"wrote {len(texts)} request bodies to {tweets.rel(BODIES)}")
    done = run([str(VENV_BIN / "python"), str(ROOT / "benchmarks/baselines/train_pickle.py"), "--out", str(PICKLE)], cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"train_pickle.py failed: {done.stderr}")
    log(done.stdout.strip())
    model = SHIPPED_MODEL
    if american.exists() and not model.exists():
        model = OUT / "american.model.json"
        log(f"{tweets.rel(SHIPPED_MODEL)} is missing: training {tweets.rel(model)} with the defaults")
        done = run([str(american), "train", "--data", tweets.rel(tweets.data_path("training.csv")), "--out", str(model)],
                   cwd=ROOT, timeout=900)
        if done.returncode != 0:
            notes.append(f"`american train` failed ({done.stderr.strip()[-200:]}): no model for ours.")
        else:
            notes.append(f"`{tweets.rel(SHIPPED_MODEL)}` did not exist: ours served a model trained with the defaults "
                         f"on training.csv (`{tweets.rel(model)}`).")
    results["model"] = model

    # 1. Serving.
    server_list = servers(american, bare, model)
    runs = interleaved(server_list, args, cpus)
    results["serving"] = [{**median_of_rounds(runs[server["key"]]), "key": server["key"]} for server in server_list]
    if "ours" in runs:
        results["rounds"] = {key: round_ratios(runs["ours"], other) for key, other in runs.items() if key != "ours"}
    ours_version = next((s.get("version") for s in results["serving"] if s["key"] == "ours"), None)
    if isinstance(ours_version, dict):
        results["versions"]["american (GET /version)"] = ", ".join(
            f"{k} {ours_version[k]}" for k in ("version", "revision", "model_kind", "model_date") if ours_version.get(k))
    if not american.exists():
        results["serving"].insert(0, {"key": "ours", "name": "ours (american serve)", "command": "american serve",
                                      "error": "binary not built"})
    for s in results["serving"]:
        if "error" in s:
            notes.append(f"{s['name']}: not measured: {s['error']}")
        elif s["non2xx"] or s["socket_errors"]:
            notes.append(f"{s['name']}: {s['non2xx']} non-2xx answers and socket errors {s['socket_errors_detail']} under "
                         "load (wrk counts a timeout when a request has no answer within 2 s).")

    # 2. Prediction alone.
    log("prediction alone: scikit-learn and ours")
    results["predict"] = {"sklearn": sklearn_predict_us(texts), "ours": ours_predict_us(american, model)}

    # 3. Training (parity).
    if not args.skip_parity:
        log("training: benchmarks/parity/parity.py")
        parity_json, parity_md = OUT / "parity.json", OUT / "parity.md"
        done = run([str(VENV_BIN / "python"), str(ROOT / "benchmarks/parity/parity.py"), "--runs", str(args.parity_runs),
                    "--json-out", str(parity_json), "--markdown-out", str(parity_md)], cwd=ROOT,
                   env={**os.environ, "AMERICAN_BIN": str(american)}, timeout=3600)
        if parity_json.exists() and done.returncode in (0, 1, 2):
            results["parity"] = {"data": json.loads(parity_json.read_text()), "markdown": parity_md.read_text(),
                                 "exit": done.returncode}
        else:
            results["parity"] = {"error": f"parity.py exited {done.returncode}: {done.stderr.strip()[-300:]}"}

    # 4. Start-up.
    results["startup"] = []
    for server in server_list:
        log(f"start-up: {server['name']} ({args.startup_runs} starts)")
        results["startup"].append(startup(server, args.port_base, args.startup_runs))
    if not american.exists():
        results["startup"].insert(0, {"name": "ours (american serve)", "error": "binary not built"})

    log(f"start-up: the container ({args.startup_runs} starts)")
    results["container_startup"] = container_startup(model, args.port_base, args.startup_runs)

    # 5. Image and binary.
    results["image"] = image_size()
    results["binaries"] = [binary_size(american, "american (this build)")]
    if args.icu_reference:
        results["binaries"].append(binary_size(args.icu_reference, "reference (--icu-reference)"))
    if "error" in results["image"]:
        notes.append(f"Runtime image: {results['image']['error']}; build it to measure its size.")

    results["targets"] = targets(results)
    results["notes"] = notes
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    args.out.write_text(sanitize(report(results)))
    log(f"wrote {tweets.rel(args.out)} and {tweets.rel(OUT / 'results.json')}")
    print(args.out.read_text())
    acceptance = (results.get("parity") or {}).get("data", {}).get("acceptance", {})
    if acceptance.get("passed") is False:
        log(f"acceptance FAILED: {acceptance.get('detail')}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
