"""A user who opens a new TCP connection for every request (no keep-alive, no retry).

`american watch` keeps its connections alive; this stands in for clients that do not
(curl in a loop, many mobile SDKs, anything behind a NAT that drops idle flows). Same
schedule as watch: one POST /api/american every --interval seconds, each on its own
thread so a hanging server shows as failures at the times they were due. Writes a CSV
with watch's columns (time_s,outcome,latency_ms,version,model_date) and, in --origin,
the CLOCK_MONOTONIC time of tick 0 (to line it up with the harness). Stops on SIGINT
or after --duration.
"""
import argparse
import http.client
import json
import signal
import socket
import threading
import time
from urllib.parse import urlsplit


def one(host, port, timeout, body):
    started = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("POST", "/api/american", body=body,
                     headers={"Content-Type": "application/json", "Connection": "close"})
        resp = conn.getresponse()
        data = resp.read()
        ms = (time.monotonic() - started) * 1000
        if resp.status != 200:
            return f"status {resp.status}", ms, "", ""
        obj = json.loads(data)
        return "ok", ms, obj.get("version", ""), obj.get("model_date", "")
    except ConnectionRefusedError:
        return "connection refused", (time.monotonic() - started) * 1000, "", ""
    except ConnectionResetError:
        return "connection reset", (time.monotonic() - started) * 1000, "", ""
    except (socket.timeout, TimeoutError):
        return "timeout", (time.monotonic() - started) * 1000, "", ""
    except (http.client.HTTPException, OSError, ValueError) as error:
        return f"transport: {type(error).__name__} {error}".replace(",", ";")[:120], \
            (time.monotonic() - started) * 1000, "", ""
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--duration", type=float, default=600)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--origin", required=True)
    args = ap.parse_args()
    u = urlsplit(args.url)
    host, port = u.hostname, u.port or 80
    body = json.dumps({"text": "Watching the rollout from New York #covid19"})
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    rows, lock, threads = [], threading.Lock(), []
    origin = time.monotonic()
    with open(args.origin, "w") as f:
        f.write(f"{origin:.6f}\n")

    def probe(t):
        result = one(host, port, args.timeout, body)
        with lock:
            rows.append((t,) + result)

    tick = 0
    while not stop.is_set():
        due = origin + tick * args.interval
        delay = due - time.monotonic()
        if delay > 0 and stop.wait(delay):
            break
        t = tick * args.interval
        if t >= args.duration:
            break
        th = threading.Thread(target=probe, args=(t,), daemon=True)
        th.start()
        threads.append(th)
        threads = [x for x in threads if x.is_alive()]
        tick += 1
    for th in threads:
        th.join(args.timeout + 1)
    with lock:
        rows.sort()
        with open(args.csv, "w") as f:
            f.write("time_s,outcome,latency_ms,version,model_date\n")
            for t, outcome, ms, version, date in rows:
                f.write(f"{t:.3f},{outcome},{ms:.3f},{version},{date}\n")


if __name__ == "__main__":
    main()
