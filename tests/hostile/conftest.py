"""Fixtures of the hostile-input suite: a real `american serve` on loopback, raw HTTP
over sockets, and the table of inputs → answers printed at the end.

Environment:
  AMERICAN_BIN   server binary (default .build/debug/american)
  MODEL_FILE     model (default models/american.model.json)
  HOSTILE_TABLE  also write the table as Markdown to this file
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (group, input, status, error code, milliseconds); filled by the tests, printed at the end.
TABLE: list[tuple[str, str, str, str, str]] = []


def record(group: str, name: str, response: "RawResponse | None" = None, *, status=None, note: str = "",
           ms: float | None = None) -> None:
    """Adds a row to the table: from a response, or from explicit status/note/ms."""
    if response is not None:
        status = response.status if status is None else status
        note = note or response.error_code
        ms = response.ms if ms is None else ms
    TABLE.append((group, name, "-" if status is None else str(status), note, "" if ms is None else f"{ms:.0f}"))


@dataclass
class RawResponse:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes
    ms: float
    closed: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def error_code(self) -> str:
        if self.headers.get("content-type", "").startswith("application/json") and self.body.startswith(b"{"):
            match = re.search(rb'"error"\s*:\s*"([^"]*)"', self.body)
            if match:
                return match.group(1).decode()
        return ""

    def json(self):
        import json
        return json.loads(self.body)


def read_response(sock: socket.socket, started: float, timeout: float = 10.0, head_only: bool = False) -> RawResponse:
    """Reads one HTTP/1.1 response (Content-Length or chunked, or until close);
    `head_only` for the answer to a HEAD request, which has no body."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"connection closed before a full response head ({len(data)} bytes: {data[:80]!r})")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    _, status, *reason = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    closed = False
    if head_only:
        body = b""
    elif "content-length" in headers:
        length = int(headers["content-length"])
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                closed = True
                break
            rest += chunk
        body = rest[:length]
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                rest += sock.recv(65536)
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                rest += sock.recv(65536)
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                break
    else:
        body = rest
        try:
            while chunk := sock.recv(65536):
                body += chunk
        except (socket.timeout, ConnectionResetError):
            pass
        closed = True
    return RawResponse(int(status), reason[0] if reason else "", headers, body, (time.monotonic() - started) * 1000, closed)


@dataclass
class Server:
    host: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def fds(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def connect(self, timeout: float = 10.0) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def raw(self, data: bytes, timeout: float = 10.0, head_only: bool = False) -> RawResponse:
        """Sends raw bytes on a new connection and reads one response."""
        with self.connect(timeout) as sock:
            started = time.monotonic()
            try:
                sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer and close before reading everything
            return read_response(sock, started, timeout, head_only)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
                timeout: float = 10.0) -> RawResponse:
        fields = {"Host": f"{self.host}:{self.port}", "Connection": "close"}
        if body or method in ("POST", "PUT", "PATCH"):
            fields["Content-Length"] = str(len(body))
        fields.update(headers or {})
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
        return self.raw(head.encode("latin-1") + body, timeout, head_only=method == "HEAD")

    def predict_ok(self, text: str = "still serving from Ohio", timeout: float = 5.0) -> RawResponse:
        """A normal request (urllib, not a raw socket) that must be answered."""
        started = time.monotonic()
        req = urllib.request.Request(f"{self.url}/api/american", data=f'{{"text": "{text}"}}'.encode(), method="POST")
        with urllib.request.urlopen(req, timeout=timeout) as response:
            body = response.read()
            return RawResponse(response.status, response.reason, {k.lower(): v for k, v in response.headers.items()},
                               body, (time.monotonic() - started) * 1000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    binary = Path(os.environ.get("AMERICAN_BIN", ROOT / ".build/debug/american"))
    model = os.environ.get("MODEL_FILE", "models/american.model.json")
    if not binary.exists():
        pytest.exit(f"no server binary at {binary}: swift build --product american, or set AMERICAN_BIN", 2)
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="american-hostile-", suffix=".log")[1])
    process = subprocess.Popen(
        [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--model", model,
         "--log-level", "warning", "--drain-seconds", "0"],
        cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    srv = Server("127.0.0.1", port, process, log)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{srv.url}/readyz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None:
            pytest.exit(f"the server exited early:\n{log.read_text()}", 2)
        if time.monotonic() > deadline:
            process.kill()
            pytest.exit("the server was not ready within 60 s", 2)
        time.sleep(0.2)
    yield srv
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    errors = [line for line in log.read_text(errors="replace").splitlines() if " error " in line or "critical" in line]
    if errors:
        print("\nserver log errors:\n" + "\n".join(errors[:20]))
    log.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def still_serving(server):
    """After every case: the process is alive and a normal request is answered promptly."""
    yield
    assert server.alive(), "the server died"
    response = server.predict_ok()
    assert response.status == 200, f"a normal request after the case got {response.status}"
    assert response.ms < 2000, f"a normal request after the case took {response.ms:.0f} ms"


def pytest_terminal_summary(terminalreporter):
    if not TABLE:
        return
    rows = [("group", "input", "status", "error / note", "ms")] + TABLE
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    tr = terminalreporter
    tr.section("hostile inputs → answers")
    for n, row in enumerate(rows):
        tr.write_line("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            tr.write_line("  ".join("-" * w for w in widths))
    target = os.environ.get("HOSTILE_TABLE")
    if target:
        md = ["| group | input | status | error / note | ms |", "|---|---|---|---|---|"]
        md += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in TABLE]
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text("\n".join(md) + "\n")
