#!/usr/bin/env python3
"""Instructions per request of a server, counted by valgrind's callgrind (repeatable
whatever else the machine does, unlike req/s): the server runs twice under callgrind,
answering --few and then --many POSTs of real tweets on one keep-alive connection, and
(instructions of the second run - the first) / (many - few) is the cost of one request
without start-up and shutdown. The second run's profile stays in benchmarks/out/ for
`callgrind_annotate --inclusive=yes`.

    benchmarks/.venv/bin/python benchmarks/callgrind.py --name ours -- BIN serve --port {port} --model M --log-level error
    benchmarks/.venv/bin/python benchmarks/callgrind.py --name bare --env PORT={port} -- BARE_BIN
Prints one JSON object: {"name", "instructions_per_request", "few", "many", "profile"}.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import runner  # noqa: E402


def post_all(port: int, bodies: list[bytes], count: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(count):
        connection.request("POST", "/api/american", body=bodies[i % len(bodies)],
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"callgrind: answer {response.status} to request {i}")
    connection.close()


def counted(command: list[str], env: dict, port: int, bodies: list[bytes], count: int, out: Path) -> int:
    """Total instructions of one server run that answers `count` requests."""
    process = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if not runner.wait_ready(f"http://127.0.0.1:{port}/readyz", process, timeout=300):
            raise SystemExit(f"callgrind: {command[0]} did not become ready under valgrind")
        post_all(port, bodies, count)
    finally:
        runner.stop(process)
    time.sleep(0.5)
    summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.MULTILINE)
    if not summary:
        raise SystemExit(f"callgrind: no summary line in {out}")
    return int(summary.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="names the profile files in benchmarks/out/")
    parser.add_argument("--few", type=int, default=200)
    parser.add_argument("--many", type=int, default=1200)
    parser.add_argument("--port-base", type=int, default=39780)
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="{port} is replaced")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the server command ({port} is replaced)")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    runner.OUT.mkdir(parents=True, exist_ok=True)
    bodies = [json.dumps({"text": text}, ensure_ascii=False).encode() for text in runner.write_bodies()]
    totals = []
    for count in (args.few, args.many):
        port = runner.free_port(args.port_base)
        env = {**os.environ, **dict(pair.replace("{port}", str(port)).split("=", 1) for pair in args.env)}
        out = runner.OUT / f"callgrind-{args.name}-{count}.out"
        totals.append(counted([part.replace("{port}", str(port)) for part in command], env, port, bodies, count, out))
    print(json.dumps({"name": args.name, "instructions_per_request": (totals[1] - totals[0]) / (args.many - args.few),
                      "few": {"requests": args.few, "instructions": totals[0]},
                      "many": {"requests": args.many, "instructions": totals[1]},
                      "profile": str((runner.OUT / f"callgrind-{args.name}-{args.many}.out").relative_to(runner.ROOT))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
