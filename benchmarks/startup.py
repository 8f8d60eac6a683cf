#!/usr/bin/env python3
"""Start-up time of a server: from process start to its first successful answer.

Starts the command, then polls the URL every --interval seconds (5 ms by default)
until it answers 200 (a GET, e.g. /readyz, or a POST with --body, e.g. the
prediction route), stops the server, and repeats --runs times.

Usage:
    python benchmarks/startup.py --url http://127.0.0.1:8080/readyz [--runs 5] -- american serve --port 8080
    python benchmarks/startup.py --url http://127.0.0.1:8082/api/american --body '{"text":"hi"}' -- gunicorn ...
Prints one JSON object: {"runs_ms":[...],"median_ms","min_ms","max_ms","polls_median","url","method"}.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit


def answer_ok(url, method: str, body: bytes | None, timeout: float) -> bool:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, parts.path or "/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def port_free(url: str, timeout: float = 10.0) -> None:
    """Waits until nothing answers on the URL's port (the previous run has let it go)."""
    import socket

    parts = urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((parts.hostname, parts.port or 80)) != 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"startup: port {parts.port} is still in use")


def one_run(command, url, method, body, interval, timeout, cwd, env) -> tuple[float, int]:
    port_free(url)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    polls = 0
    try:
        while True:
            polls += 1
            if answer_ok(url, method, body, timeout=max(interval, 1.0)):
                return (time.perf_counter() - start) * 1000, polls
            if process.poll() is not None:
                raise SystemExit(f"startup: {command[0]} exited with {process.returncode} before answering")
            elapsed = time.perf_counter() - start
            if elapsed > timeout:
                raise SystemExit(f"startup: no 200 from {url} within {timeout} s")
            # Sleep to the next tick of the polling grid (5 ms by default).
            time.sleep(max(0.0, interval - (elapsed % interval)))
    finally:
        stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--body", help="POST this body (JSON) instead of a GET")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.005, help="polling period in seconds (default 0.005)")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up after this many seconds")
    parser.add_argument("--cwd", default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the server command")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the server command after --")

    method = "POST" if args.body is not None else "GET"
    body = args.body.encode() if args.body is not None else None
    runs, polls = [], []
    for _ in range(args.runs):
        ms, count = one_run(command, args.url, method, body, args.interval, args.timeout, args.cwd, os.environ.copy())
        runs.append(ms)
        polls.append(count)
    print(json.dumps({
        "runs_ms": [round(ms, 1) for ms in runs],
        "median_ms": round(statistics.median(runs), 1),
        "min_ms": round(min(runs), 1),
        "max_ms": round(max(runs), 1),
        "polls_median": statistics.median(polls),
        "url": args.url,
        "method": method,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
