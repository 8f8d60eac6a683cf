"""Clients that try to starve, stall or outlive the server, each against its own real
`american serve` process on 127.0.0.1 (issue: connection limits, request deadlines,
bounded shutdown, honest start-up, HTTP hygiene).

Every test here failed against the server before these defences were written; the
closing note of that change says which.
"""
from __future__ import annotations

import http.server
import os
import resource
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, free_port, read_response, record

PREDICT = "/api/american"
BODY = b'{"text": "hello from Ohio"}'


def american_binary() -> Path:
    return Path(os.environ.get("AMERICAN_BIN", ROOT / ".build/debug/american"))


class Process:
    """One `american serve` started for one test, with its log."""

    def __init__(self, args: list[str], nofile: int | None = None, ready: bool = True, env: dict | None = None):
        binary = american_binary()
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="american-clients-", suffix=".log")[1])

        def limits():
            if nofile:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.process = subprocess.Popen(
            [str(binary), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "info", *args],
            cwd=ROOT, stdout=self.log_path.open("wb"), stderr=subprocess.STDOUT, preexec_fn=limits,
            env={**os.environ, **(env or {})},
        )
        self.wait_listening()
        if ready:
            self.wait_ready()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_listening(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}: {self.log()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise AssertionError(f"no listener on {self.port} after {timeout} s")

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise AssertionError(f"not ready after {timeout} s: {self.log()[-2000:]}")

    def connect(self, timeout: float = 5.0) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def status(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=2) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def terminate_and_time(self, sig=signal.SIGTERM, timeout: float = 30) -> tuple[int, float]:
        started = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout)
        return code, time.monotonic() - started

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def serve(*args: str, **kwargs):
    process = Process(list(args), **kwargs)
    try:
        yield process
    finally:
        process.stop()


def request_bytes(path: str = PREDICT, body: bytes = BODY, extra: str = "", version: str = "1.1") -> bytes:
    return (f"POST {path} HTTP/{version}\r\nHost: x\r\nContent-Type: application/json\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes `sock` (EOF or reset) within `within` seconds."""
    sock.settimeout(within)
    try:
        while True:
            if not sock.recv(65536):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


# --- connections and deadlines ------------------------------------------------------------------

def test_idle_connection_flood_does_not_starve_others():
    """2,000 idle connections from one client, more than the server's file-descriptor limit
    (1,024 here): a second client's requests still succeed with p99 under 50 ms."""
    with serve("--model", "models/american.model.json", nofile=1024) as server:
        flood = []
        for _ in range(2000):
            try:
                flood.append(server.connect(timeout=2))
            except OSError:
                break
        latencies = []
        try:
            for _ in range(200):
                started = time.monotonic()
                with server.connect(timeout=2) as sock:
                    sock.sendall(request_bytes(extra="Connection: close\r\n"))
                    response = read_response(sock, started, timeout=2)
                assert response.status == 200
                latencies.append((time.monotonic() - started) * 1000)
        finally:
            for sock in flood:
                sock.close()
        p99 = statistics.quantiles(latencies, n=100)[98]
        evicted = server.status("/metrics")[1].decode()
        record("clients", f"{len(flood)} idle connections against a 1,024-fd server, then 200 requests",
               status=200, note=f"p99 {p99:.1f} ms", ms=max(latencies))
        assert len(flood) == 2000, f"only {len(flood)} connections could be opened"
        assert p99 < 50, f"p99 {p99:.1f} ms with 2,000 idle connections held"
        assert 'american_connections_closed_by_limit_total{action="evicted_idle"}' in evicted
        assert "connection limit reached" in server.log()


def test_trickled_body_is_cut_at_the_request_deadline():
    """A body sent one byte every 0.4 s gets a 408 at the deadline (2 s here), then the
    connection is closed."""
    with serve("--model", "models/american.model.json", "--request-timeout", "2s") as server:
        sock = server.connect()
        head = request_bytes()[:-len(BODY)]
        started = time.monotonic()
        sock.sendall(head)
        response = None
        sock.settimeout(0.4)
        for byte in BODY:
            try:
                sock.sendall(bytes([byte]))
                data = sock.recv(65536)
                if data:
                    response = data
                    break
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        elapsed = time.monotonic() - started
        sock.close()
        record("clients", "body trickled one byte every 0.4 s, request deadline 2 s", status=response[9:12].decode() if response else "-",
               ms=elapsed * 1000)
        assert response is not None and response.startswith(b"HTTP/1.1 408"), response
        assert b"request_timeout" in response and b"Connection: close" in response
        assert 1.8 <= elapsed <= 3.5, elapsed


def test_sigterm_with_stalled_and_trickling_clients_exits_zero_within_drain_and_grace():
    """One client stalls in the middle of a body, another trickles one: SIGTERM still ends
    the process with 0 by drain (1 s) + grace (2 s)."""
    with serve("--model", "models/american.model.json", "--drain-seconds", "1", "--shutdown-grace", "2",
               "--request-timeout", "60s") as server:
        stalled = server.connect()
        stalled.sendall(request_bytes()[:-5])
        trickler = server.connect()
        trickler.sendall(request_bytes()[:-len(BODY)])
        stop = threading.Event()

        def trickle():
            for byte in BODY:
                if stop.wait(0.5):
                    return
                try:
                    trickler.sendall(bytes([byte]))
                except OSError:
                    return

        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        time.sleep(0.3)
        code, seconds = server.terminate_and_time()
        stop.set()
        stalled.close()
        trickler.close()
        record("clients", "SIGTERM with a stalled and a trickling client (drain 1 s, grace 2 s)", status=f"exit {code}",
               ms=seconds * 1000)
        assert code == 0
        assert seconds <= 3.5, f"exit after {seconds:.1f} s"


def test_second_sigterm_exits_at_once():
    with serve("--model", "models/american.model.json", "--drain-seconds", "30") as server:
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        code, seconds = server.terminate_and_time()
        record("clients", "a second SIGTERM during a 30 s drain", status=f"exit {code}", ms=seconds * 1000)
        assert code == 0 and seconds < 1.5


# --- the drain ------------------------------------------------------------------------------------

def test_drain_closes_idle_keepalive_connections_and_answers_with_connection_close():
    """During the drain, an idle keep-alive connection is closed at its start, every answer
    carries `Connection: close`, and a client that honours it loses no request."""
    with serve("--model", "models/american.model.json", "--drain-seconds", "2") as server:
        idle = server.connect()
        idle.sendall(request_bytes())
        first = read_response(idle, time.monotonic())
        assert first.status == 200 and first.headers.get("connection", "").lower() != "close"
        time.sleep(0.5)
        busy = server.connect()
        busy.sendall(request_bytes())
        assert read_response(busy, time.monotonic()).status == 200
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.1)
        busy.sendall(request_bytes())
        during = read_response(busy, time.monotonic())
        busy_closed = closed_by_server(busy, 1.0)
        idle_closed = closed_by_server(idle, 1.0)
        # A client that reconnects when told to close: every request of the drain answered.
        failures, answered = 0, 0
        deadline = time.monotonic() + 1.2
        while time.monotonic() < deadline:
            try:
                with server.connect(timeout=1) as sock:
                    while True:
                        sock.sendall(request_bytes())
                        response = read_response(sock, time.monotonic(), timeout=1)
                        answered += response.status == 200
                        if response.headers.get("connection", "").lower() == "close":
                            break
            except OSError:
                failures += 1
        code = server.process.wait(10)
        idle.close()
        busy.close()
        record("clients", "drain: idle keep-alive closed, answers say Connection: close",
               status=during.status, note=f"{answered} answered, {failures} failed")
        assert during.status == 200 and during.headers.get("connection", "").lower() == "close"
        assert busy_closed, "the connection stayed open after an answer with Connection: close"
        assert idle_closed, "an idle keep-alive connection was left open during the drain"
        assert failures == 0 and answered > 10
        assert code == 0


# --- start-up -------------------------------------------------------------------------------------

class DripHandler(http.server.BaseHTTPRequestHandler):
    """A model host that sends one byte a second, for ever (until the client gives up)."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            for _ in range(120):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@contextmanager
def drip_host():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DripHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_startup_with_a_slow_origin_is_honest():
    """While a slow-drip origin holds the first download: the listener is up at once,
    /healthz is 200 and /readyz a 503 that says why; the 3 s download deadline is enforced
    and logged; SIGTERM exits 0 at once."""
    with drip_host() as base, serve("--model", f"{base}/model.json", "--wait-for-model", "--model-download-timeout", "3s",
                                    ready=False) as server:
        started = time.monotonic()
        health, _ = server.status("/healthz")
        ready, reason = server.status("/readyz")
        assert health == 200
        assert ready == 503 and b"no model loaded yet" in reason
        while "did not finish within" not in server.log() and time.monotonic() - started < 8:
            time.sleep(0.1)
        deadline_seen = time.monotonic() - started
        code, seconds = server.terminate_and_time()
        record("clients", "start-up while the origin drips a byte a second", status=f"{health}/{ready}",
               note=f"deadline logged after {deadline_seen:.1f} s; SIGTERM exit {code} in {seconds * 1000:.0f} ms")
        assert "loading the model" in server.log()
        assert "did not finish within 3.0 seconds" in server.log(), server.log()[-2000:]
        assert deadline_seen < 6
        assert code == 0 and seconds < 1.5


def test_credentials_and_query_are_redacted_from_logged_urls():
    with serve("--model", "http://alice:s3cret@127.0.0.1:1/m.json?token=abc123", "--wait-for-model", ready=False) as server:
        time.sleep(1.0)
        log = server.log()
    assert "127.0.0.1:1/m.json" in log
    assert "s3cret" not in log and "abc123" not in log and "alice" not in log


def test_unreachable_model_url_fails_fast_with_one_clear_line():
    started = time.monotonic()
    result = subprocess.run([str(american_binary()), "serve", "--port", str(free_port()), "--model", "http://127.0.0.1:1/m.json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=30)
    elapsed = time.monotonic() - started
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    record("clients", "unreachable MODEL_URL", status=f"exit {result.returncode}", note=errors[0] if errors else "", ms=elapsed * 1000)
    assert result.returncode != 0 and elapsed < 5
    assert errors == ["Error: cannot download the model: http://127.0.0.1:1/m.json: connection refused"], result.stderr


# --- HTTP hygiene ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hygienic():
    with serve("--model", "models/american.model.json") as server:
        yield server


def test_413_closes_without_reading_the_body(hygienic):
    sock = hygienic.connect()
    sock.sendall(request_bytes(body=b"")[:-4].replace(b"Content-Length: 0", b"Content-Length: 200000") + b"\r\n\r\n")
    response = read_response(sock, time.monotonic(), timeout=3)
    closed = closed_by_server(sock, 2)
    sock.close()
    record("hygiene", "Content-Length 200,000 on /api/american, body not sent", response)
    assert response.status == 413 and closed


@pytest.mark.parametrize("length", ["9223372036854775808", "99999999999999999999999", "5000000"])
def test_absurd_content_length_is_refused_at_once(hygienic, length):
    sock = hygienic.connect()
    sock.sendall(f"POST {PREDICT} HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n".encode())
    response = read_response(sock, time.monotonic(), timeout=2)
    closed = closed_by_server(sock, 2)
    sock.close()
    record("hygiene", f"Content-Length {length}, no body", response)
    assert response.status in (400, 413) and closed


def test_expect_100_continue_is_answered(hygienic):
    sock = hygienic.connect()
    sock.sendall(request_bytes(body=BODY, extra="Expect: 100-continue\r\n")[:-len(BODY)])
    sock.settimeout(2)
    interim = sock.recv(65536)
    sock.sendall(BODY)
    response = read_response(sock, time.monotonic())
    sock.close()
    record("hygiene", "Expect: 100-continue", response, note=interim.split(b"\r\n")[0].decode())
    assert interim.startswith(b"HTTP/1.1 100 Continue")
    assert response.status == 200


def test_http10_without_keepalive_closes(hygienic):
    sock = hygienic.connect()
    sock.sendall(request_bytes(version="1.0"))
    response = read_response(sock, time.monotonic())
    closed = closed_by_server(sock, 2)
    sock.close()
    record("hygiene", "HTTP/1.0 without keep-alive", response)
    assert response.status == 200 and closed


@pytest.mark.parametrize("hosts", [0, 2])
def test_missing_or_repeated_host_is_400(hygienic, hosts):
    head = f"POST {PREDICT} HTTP/1.1\r\n" + "Host: x\r\n" * hosts + f"Content-Length: {len(BODY)}\r\n\r\n"
    sock = hygienic.connect()
    sock.sendall(head.encode() + BODY)
    response = read_response(sock, time.monotonic())
    sock.close()
    record("hygiene", f"HTTP/1.1 with {hosts} Host headers", response)
    assert response.status == 400 and response.error_code == "bad_host"
