#!/usr/bin/env python3
"""Serving throughput of two `american` binaries (or any two servers) measured in turns:
A B A B ... for --rounds rounds, each a fresh process with a warm-up and one wrk run, so a
noisy minute on a shared machine hits both sides instead of flipping the verdict.
Prints every run, the medians and the per-round ratios B/A.

    benchmarks/.venv/bin/python benchmarks/interleaved.py --a OLD_BIN --b NEW_BIN [--rounds 3] [--duration 10]
        [--a-args "..."] [--b-args "--shadow-model models/american.model.json"]

Uses the runner's own pieces (benchmarks/runner.py): the same 1,000 request bodies from
test.csv, the same wrk script, taskset pinning and readiness wait.
"""
from __future__ import annotations

import argparse
import shlex
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import runner  # noqa: E402


def server(key: str, binary: Path, model: Path, extra: str) -> dict:
    command = [str(binary), "serve", "--host", "127.0.0.1", "--port", "{port}", "--model", str(model), "--log-level", "error"]
    command += shlex.split(extra)
    return {"key": key, "name": f"{key}: {binary} {extra}".rstrip(), "command": command, "shown": command}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", type=Path, required=True, help="the first binary (the baseline)")
    parser.add_argument("--b", type=Path, required=True, help="the second binary")
    parser.add_argument("--model", type=Path, default=runner.SHIPPED_MODEL)
    parser.add_argument("--a-args", default="", help="extra `american serve` arguments of side A")
    parser.add_argument("--b-args", default="", help="extra `american serve` arguments of side B (e.g. a shadow model)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port-base", type=int, default=39380)
    args = parser.parse_args()
    args.repeat = 1
    runner.OUT.mkdir(parents=True, exist_ok=True)
    runner.write_bodies()
    sides = [server("A", args.a, args.model, args.a_args), server("B", args.b, args.model, args.b_args)]
    runs = runner.interleaved(sides, args, runner.default_cpus())
    for key in ("A", "B"):
        for round_, result in enumerate(runs[key], 1):
            if "error" in result:
                print(f"round {round_} {key}: {result['error']}")
                return 1
            print(f"round {round_} {key}: {result['rps']:,.0f} req/s, p50 {result['p50_ms']:.2f} ms, "
                  f"p99 {result['p99_ms']:.2f} ms, non-2xx {result['non2xx']}, RSS {result['rss_mib']:.1f} MiB")
    for side in sides:
        median = runner.median_of_rounds(runs[side["key"]])
        print(f"{side['key']} median: {median['rps']:,.0f} req/s, p99 {median['p99_ms']:.2f} ms ({side['name']})")
    ratios = runner.round_ratios(runs["B"], runs["A"])
    print("B/A per round: " + ", ".join(f"{r:.3f}" for r in ratios) + f"; median {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
