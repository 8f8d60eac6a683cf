"""Hostile input against a real `american serve` process on 127.0.0.1.

Every case must get a defined 4xx (or a 200 where the input is valid), never a 5xx,
and the server must keep answering other requests meanwhile and stay alive (the
autouse fixture `still_serving` in conftest.py checks after each case). Requests go
over raw sockets, so that malformed HTTP, slow senders and lying Content-Lengths
can be sent at all.

Run with scripts/hostile-input.sh (it installs pytest into .venv-hostile).
"""
from __future__ import annotations

import collections
import json
import socket
import statistics
import threading
import time

import pytest

from conftest import record, read_response

PREDICT = "/api/american"
BATCH = "/api/american/batch"
EXPLAIN = "/api/american/explain"


def case(name, body, status, code=None, method="POST", path=PREDICT, headers=None):
    data = body.encode() if isinstance(body, str) else body
    return pytest.param(method, path, data, status, code, headers, id=name)


EMOJI_48K = '{"text": "' + "😷🇺🇸" * 4_000 + '"}'
EMOJI_100K = '{"text": "' + "😷" * 25_000 + '"}'
ONE_MIB = '{"text": "' + "a" * (1024 * 1024) + '"}'

JSON_CASES = [
    # malformed and truncated JSON
    case("empty body", "", 400, "malformed_json"),
    case("truncated JSON", '{"text": "new yo', 400, "malformed_json"),
    case("truncated after key", '{"text":', 400, "malformed_json"),
    case("only an open brace", "{", 400, "malformed_json"),
    case("form-encoded, not JSON", "text=hello", 400, "malformed_json"),
    case("single quotes", "{'text': 'a'}", 400, "malformed_json"),
    case("trailing comma", '{"text": "a",}', 400, "malformed_json"),
    case("trailing garbage", '{"text": "a"} x', 400, "malformed_json"),
    case("two documents", '{"text": "a"}{"text": "b"}', 400, "malformed_json"),
    case("comment in JSON", '{"text": "a" /* hi */}', 400, "malformed_json"),
    case("NaN literal", '{"text": "a", "n": NaN}', 400, "malformed_json"),
    # deeply nested JSON
    case("nested objects, 10,000 deep", '{"a":' * 10_000 + "1" + "}" * 10_000, 400, "malformed_json"),
    case("nested arrays in text, 30,000 deep", '{"text":' + "[" * 30_000 + "]" * 30_000 + "}", 400, "malformed_json"),
    case("nested arrays beside text, 100 deep", '{"text":"a","x":' + "[" * 100 + "]" * 100 + "}", 200),
    case("unclosed arrays, 60,000 deep", "[" * 60_000, 400, "malformed_json"),
    # JSON that is not an object
    case("JSON array", '["new york"]', 400, "missing_text"),
    case("JSON string", '"new york"', 400, "missing_text"),
    case("JSON number", "42", 400, "missing_text"),
    case("JSON true", "true", 400, "missing_text"),
    case("JSON null", "null", 400, "missing_text"),
    # text missing / null / wrong type
    case("text missing", '{"tweet": "new york"}', 400, "missing_text"),
    case("empty object", "{}", 400, "missing_text"),
    case("text null", '{"text": null}', 400, "missing_text"),
    case("text number", '{"text": 12}', 400, "invalid_text"),
    case("text huge number", '{"text": 1e999}', 400, None),
    case("text boolean", '{"text": true}', 400, "invalid_text"),
    case("text array", '{"text": ["a"]}', 400, "invalid_text"),
    case("text object", '{"text": {"a": 1}}', 400, "invalid_text"),
    case("key with different case", '{"Text": "a"}', 400, "missing_text"),
    # empty and white space
    case("empty text", '{"text": ""}', 200),
    case("whitespace-only text", '{"text": "   \\n\\t\\r "}', 200),
    case("JSON surrounded by white space", ' \r\n\t{"text": "a"}\n ', 200),
    # encodings, control characters, emoji
    case("invalid UTF-8 in text", b'{"text": "\xff\xfe\xc0"}', 400, "malformed_json"),
    case("overlong UTF-8 NUL", b'{"text": "a\xc0\x80b"}', 400, "malformed_json"),
    case("UTF-8 surrogate bytes", b'{"text": "\xed\xa0\x80"}', 400, "malformed_json"),
    case("truncated UTF-8 sequence", b'{"text": "caf\xc3"}', 400, "malformed_json"),
    case("raw NUL byte in string", b'{"text": "a\x00b"}', 400, "malformed_json"),
    case("raw control character in string", b'{"text": "a\x07b"}', 400, "malformed_json"),
    case("escaped NUL in text", '{"text": "a\\u0000b"}', 200),
    case("lone surrogate escape", '{"text": "\\ud800"}', 400, "malformed_json"),
    case("escaped surrogate pair (flag)", '{"text": "\\ud83c\\uddfa\\ud83c\\uddf8"}', 200),
    case("UTF-8 byte-order mark", b'\xef\xbb\xbf{"text": "a"}', 400, "malformed_json"),
    case("UTF-16 body", '{"text": "a"}'.encode("utf-16"), 400, "malformed_json"),
    case("right-to-left override and zero-width", '{"text": "\u202eevil\u200b\u200d\ufeff"}', 200),
    case("emoji text, 48 KB (under the limit)", EMOJI_48K, 200),
    case("emoji text, 100 KB (over the limit)", EMOJI_100K, 413, "payload_too_large"),
    case("1 MiB body", ONE_MIB, 413, "payload_too_large"),
    case("1 MiB body to batch (limit 1 MiB)", '{"texts": ["' + "a" * (1024 * 1024) + '"]}', 413, "payload_too_large",
         path=BATCH),
    # duplicate keys (the last one wins, as in Flask)
    case("duplicate keys, both strings", '{"text": "a", "text": "new york"}', 200),
    case("duplicate keys, last one a string", '{"text": 1, "text": "new york"}', 200),
    case("duplicate keys, last one a number", '{"text": "a", "text": 1}', 400, "invalid_text"),
    case("extra fields", '{"text": "new york", "lang": "en", "x": [1, {"y": null}]}', 200),
    # Content-Type is not required, and not trusted either
    case("Content-Type text/plain", '{"text": "a"}', 200, headers={"Content-Type": "text/plain"}),
    case("Content-Type form", '{"text": "a"}', 200, headers={"Content-Type": "application/x-www-form-urlencoded"}),
    case("Content-Type JSON, body not JSON", "<xml/>", 400, "malformed_json", headers={"Content-Type": "application/json"}),
    # batch and explain
    case("batch: texts not an array", '{"texts": "a"}', 400, "invalid_text", path=BATCH),
    case("batch: a number among texts", '{"texts": ["a", 1]}', 400, "invalid_text", path=BATCH),
    case("batch: null among texts", '{"texts": ["a", null]}', 400, None, path=BATCH),
    case("batch: no texts", '{"text": "a"}', 400, "missing_text", path=BATCH),
    case("batch: empty list", '{"texts": []}', 200, path=BATCH),
    case("batch: 1,000 texts", json.dumps({"texts": ["new york"] * 1000}), 200, path=BATCH),
    case("batch: 1,001 texts", json.dumps({"texts": ["a"] * 1001}), 400, "too_many_texts", path=BATCH),
    case("explain: text number", '{"text": 1}', 400, "invalid_text", path=EXPLAIN),
    case("explain: 48 KB of emoji", EMOJI_48K, 200, path=EXPLAIN),
    case("explain: 5,000 distinct words", json.dumps({"text": " ".join(f"w{i}x" for i in range(5000))}), 200,
         path=EXPLAIN),
    # wrong methods and paths
    case("GET on predict", "", 405, "method_not_allowed", method="GET"),
    case("PUT on predict", "{}", 405, "method_not_allowed", method="PUT"),
    case("DELETE on predict", "", 405, "method_not_allowed", method="DELETE"),
    case("PATCH on predict", "{}", 405, "method_not_allowed", method="PATCH"),
    case("OPTIONS on predict", "", 405, "method_not_allowed", method="OPTIONS"),
    case("HEAD on predict", "", 405, None, method="HEAD"),
    case("TRACE on predict", "", 404, "not_found", method="TRACE"),
    case("POST on healthz", "{}", 405, "method_not_allowed", path="/healthz"),
    case("POST on metrics", "{}", 405, "method_not_allowed", path="/metrics"),
    case("HEAD on healthz", "", 200, method="HEAD", path="/healthz"),
    case("unknown path", "", 404, "not_found", method="GET", path="/admin"),
    case("path traversal", "{}", 404, "not_found", path="/api/american/../../etc/passwd"),
    case("encoded traversal", "", 404, "not_found", method="GET", path="/%2e%2e/%2e%2e/etc/passwd"),
    case("trailing slash (same route)", '{"text": "a"}', 200, path="/api/american/"),
    case("upper-case path", '{"text": "a"}', 404, "not_found", path="/API/AMERICAN"),
    case("encoded NUL in path", "", 404, "not_found", method="GET", path="/healthz%00"),
    case("query string ignored", '{"text": "a"}', 200, path="/api/american?debug=1&text=x"),
    case("8 KB path", "", 404, "not_found", method="GET", path="/" + "a" * 8192),
    case("absolute-form URI", '{"text": "a"}', 200, path="http://127.0.0.1/api/american"),
]


@pytest.mark.parametrize("method,path,body,status,code,headers", JSON_CASES)
def test_request_gets_its_defined_answer(server, request, method, path, body, status, code, headers):
    response = server.request(method, path, body, headers)
    record("body/route", request.node.callspec.id, response)
    assert response.status < 500, f"5xx: {response.status} {response.body[:200]!r}"
    assert response.status == status, f"{response.status} {response.body[:200]!r}"
    if status >= 400 and method != "HEAD":
        error = response.json()
        assert set(error) == {"error", "message"} and error["message"], error
        if code:
            assert error["error"] == code, error
    if status == 405:
        assert response.headers.get("allow"), "a 405 without an Allow header"
    if status == 200 and path.startswith(PREDICT) and path != BATCH and path != EXPLAIN and method == "POST":
        assert response.json()["is_american"] in (0, 1)


# --- malformed HTTP ----------------------------------------------------------------------------

def http(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", "\r\n").encode("latin-1") + body


RAW_CASES = [
    ("request line garbage", http("HELLO\n\n"), 400),
    ("unknown method", http("FOO /healthz HTTP/1.1\nHost: x\n\n"), 400),
    ("HTTP/2.0 request line", http("GET /healthz HTTP/2.0\nHost: x\n\n"), 400),
    ("HTTP/2 connection preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
    ("TLS ClientHello on plain HTTP", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 64, 400),
    ("HTTP/1.0 without Host", http("GET /healthz HTTP/1.0\n\n"), 200),
    ("header without colon", http("GET /healthz HTTP/1.1\nHost: x\nbroken header\n\n"), 400),
    ("space before colon", http("GET /healthz HTTP/1.1\nHost : x\n\n"), 400),
    ("Content-Length not a number", http('POST /api/american HTTP/1.1\nHost: x\nContent-Length: abc\n\n', b"{}"), 400),
    ("Content-Length negative", http("POST /api/american HTTP/1.1\nHost: x\nContent-Length: -1\n\n", b"{}"), 400),
    ("Content-Length overflowing 64 bits",
     http("POST /api/american HTTP/1.1\nHost: x\nContent-Length: 99999999999999999999999\n\n", b"{}"), 400),
    ("two different Content-Lengths",
     http("POST /api/american HTTP/1.1\nHost: x\nContent-Length: 2\nContent-Length: 3\n\n", b"{}"), 400),
    ("Content-Length and chunked together (smuggling)",
     http("POST /api/american HTTP/1.1\nHost: x\nContent-Length: 4\nTransfer-Encoding: chunked\n\n", b"0\r\n\r\n"), 400),
    ("Transfer-Encoding: gzip, chunked",
     http("POST /api/american HTTP/1.1\nHost: x\nTransfer-Encoding: gzip, chunked\n\n", b"0\r\n\r\n"), 400),
    ("header of 200 KB", http("GET /healthz HTTP/1.1\nHost: x\nX-Big: " + "a" * 200_000 + "\n\n"), 400),
    ("5,000 headers", http("GET /healthz HTTP/1.1\nHost: x\n" + "".join(f"X-H{i}: v\n" for i in range(5000)) + "\n"),
     400),
    ("header of 60 KB (accepted)", http("GET /healthz HTTP/1.1\nHost: x\nX-Big: " + "a" * 60_000 + "\n\n"), 200),
    ("NUL byte in a header value", http("GET /healthz HTTP/1.1\nHost: x\nX-A: a\x00b\n\n"), 400),
    ("obsolete line folding", http("GET /healthz HTTP/1.1\nHost: x\nX-A: a\n b\n\n"), 400),
]


@pytest.mark.parametrize("data,status", [pytest.param(d, s, id=n) for n, d, s in RAW_CASES])
def test_malformed_http_is_refused(server, request, data, status):
    response = server.raw(data)
    record("HTTP", request.node.callspec.id, response)
    assert response.status < 500
    assert response.status == status, f"{response.status} {response.body[:200]!r}"


# --- chunked transfer encoding ---------------------------------------------------------------

def chunked(body: bytes, size: int) -> bytes:
    out = b""
    for start in range(0, len(body), size):
        piece = body[start:start + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


CHUNKED_HEAD = "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"


@pytest.mark.parametrize("name,path,body,status,code", [
    pytest.param("valid, 5-byte chunks", PREDICT, chunked(b'{"text": "new york"}', 5), 200, None, id="valid chunks"),
    pytest.param("valid, one byte per chunk", PREDICT, chunked(b'{"text": "new york city"}', 1), 200, None,
                 id="one byte per chunk"),
    pytest.param("chunk extensions", PREDICT, b'e;name=value\r\n{"text": "ab"}\r\n0\r\n\r\n', 200, None,
                 id="chunk extension"),
    pytest.param("trailer fields", PREDICT, b'e\r\n{"text": "ab"}\r\n0\r\nX-Trailer: 1\r\n\r\n', 200, None,
                 id="trailer fields"),
    pytest.param("chunked malformed JSON", PREDICT, chunked(b'{"text": ', 3), 400, "malformed_json",
                 id="chunked malformed JSON"),
    pytest.param("body not chunk-encoded", PREDICT, b'{"text": "hi"}', 400, None, id="bad chunk framing"),
    pytest.param("chunk size not hex", PREDICT, b'zz\r\n{"text": "hi"}\r\n0\r\n\r\n', 400, None, id="chunk size not hex"),
    pytest.param("chunk size overflowing", PREDICT, b"ffffffffffffffffffff\r\nab\r\n0\r\n\r\n", 400, None,
                 id="chunk size overflowing"),
    pytest.param("chunked, 100 KB (over the limit)", PREDICT, chunked(b'{"text": "' + b"a" * 100_000 + b'"}', 4096), 413,
                 "payload_too_large", id="chunked over the limit"),
])
def test_chunked_bodies(server, request, name, path, body, status, code):
    response = server.raw(CHUNKED_HEAD.format(path=path).encode() + body)
    record("chunked", request.node.callspec.id, response)
    assert response.status < 500, f"5xx for a client error: {response.status} {response.body[:200]!r}"
    assert response.status == status, f"{response.status} {response.body[:200]!r}"
    if code:
        assert response.json()["error"] == code


# --- a 100 MiB body, declared and streamed slowly ------------------------------------------------

def error_code(answer: bytes) -> str:
    body = answer.split(b"\r\n\r\n", 1)[-1]
    try:
        return json.loads(body).get("error", "")
    except ValueError:
        return body[:40].decode(errors="replace")


def stream_until_answer(server, head: bytes, piece: bytes, total: int, seconds: float = 5.0):
    """Sends `head`, then `piece` every 2 ms until the server answers or closes, `total`
    bytes are sent, or `seconds` pass. Returns (status, raw answer, bytes sent before the
    answer, seconds until the answer, the still open socket or None)."""
    sock = server.connect()
    started = time.monotonic()
    sock.sendall(head)
    sock.setblocking(False)
    sent = 0
    answer = b""
    closed = False
    while time.monotonic() - started < seconds and sent < total and b"\r\n\r\n" not in answer:
        try:
            data = sock.recv(65536)
            if not data:
                closed = True
                break
            answer += data
            continue
        except BlockingIOError:
            pass
        try:
            sent += sock.send(piece)
        except BlockingIOError:
            pass
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        time.sleep(0.002)
    answered = time.monotonic() - started
    sock.setblocking(True)
    sock.settimeout(5)
    try:
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                closed = True
                break
            answer += data
    except (socket.timeout, ConnectionResetError):
        closed = True
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None
    if closed:
        sock.close()
        sock = None
    return status, answer, sent, answered, sock


def bytes_accepted_after_answer(sock, seconds: float = 2.0) -> tuple[int, bool]:
    """Keeps sending as fast as possible after the answer; returns the bytes the server
    accepted in `seconds` and whether it closed the connection."""
    sock.setblocking(False)
    sent = 0
    started = time.monotonic()
    closed = False
    block = b"a" * 65536
    while time.monotonic() - started < seconds:
        try:
            sent += sock.send(block)
        except BlockingIOError:
            time.sleep(0.001)
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
    sock.close()
    return sent, closed


def test_100_mib_declared_body_is_refused_early(server):
    rss_before = server.rss_kib()
    head = (f"POST {PREDICT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * 1024 * 1024}\r\n\r\n").encode()
    result = {}
    other = threading.Thread(target=lambda: result.update(r=server.predict_ok()))
    other.start()
    status, answer, before, seconds, sock = stream_until_answer(
        server, head, b'{"text": "' + b"a" * 4086, 100 * 1024 * 1024)
    other.join(10)
    # Informational: what happens to the rest of the declared body (the 413 says Connection: close).
    after, closed = bytes_accepted_after_answer(sock) if sock else (0, True)
    rss_after = server.rss_kib()
    record("100 MiB", f"Content-Length 100 MiB, body streamed in 4 KiB pieces: 413 after {before:,} bytes sent; then "
           + ("the server closed the connection" if closed else
              f"the connection stayed open and the server read on ({after / 1e6:,.0f} MB more in 2 s)")
           + f"; RSS {rss_before // 1024} → {rss_after // 1024} MiB",
           status=status, note=error_code(answer), ms=seconds * 1000)
    assert status == 413, answer[:300]
    assert b"payload_too_large" in answer
    assert before < 1024 * 1024, f"the 413 came only after {before} bytes"
    assert seconds < 2, f"the 413 took {seconds:.2f} s"
    assert rss_after - rss_before < 20 * 1024, f"RSS grew by {(rss_after - rss_before) // 1024} MiB"
    assert result.get("r") is not None and result["r"].status == 200


def test_100_mib_chunked_body_is_refused_early(server):
    rss_before = server.rss_kib()
    head = CHUNKED_HEAD.format(path=PREDICT).encode() + b'a\r\n{"text": "\r\n'
    piece = b"1000\r\n" + b"a" * 4096 + b"\r\n"
    status, answer, before, seconds, sock = stream_until_answer(server, head, piece, 100 * 1024 * 1024)
    if sock:
        sock.close()
    rss_after = server.rss_kib()
    record("100 MiB", f"chunked, no length, streamed in 4 KiB chunks: answer after {before:,} bytes sent; "
           f"RSS {rss_before // 1024} → {rss_after // 1024} MiB", status=status, note=error_code(answer), ms=seconds * 1000)
    assert before < 1024 * 1024, f"the answer came only after {before} bytes"
    assert rss_after - rss_before < 20 * 1024, f"RSS grew by {(rss_after - rss_before) // 1024} MiB"
    assert status is not None and status < 500, f"5xx for an oversized chunked body: {answer[:300]!r}"
    assert status == 413, answer[:300]


# --- slow clients ----------------------------------------------------------------------------

def test_slow_loris_does_not_starve_other_clients(server):
    """200 connections send a request head one byte at a time; meanwhile a normal client's
    requests must all be answered promptly."""
    connections = 200
    head = f"POST {PREDICT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: {'p' * 200}\r\n".encode()
    socks = []
    for _ in range(connections):
        socks.append(server.connect())
    fds_with_loris = 0
    stop = threading.Event()
    progress = {"bytes": 0, "closed": 0}

    def drip():
        # The whole head, one byte per connection every 20 ms (stop only ends the pauses).
        for position in range(len(head)):
            for sock in socks:
                try:
                    sock.send(head[position:position + 1])
                    progress["bytes"] += 1
                except OSError:
                    progress["closed"] += 1
            stop.wait(0.02)

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    latencies = []
    statuses = []
    try:
        while dripper.is_alive():
            fds_with_loris = max(fds_with_loris, server.fds())
            response = server.predict_ok(timeout=5)
            statuses.append(response.status)
            latencies.append(response.ms)
            time.sleep(0.02)
    finally:
        stop.set()
        dripper.join(5)
    # The slow connections are still open (no header timeout cuts them); finishing one
    # request gets an answer.
    finished = socks[0]
    body = b'{"text": "ab"}'
    finished.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    finished_response = read_response(finished, time.monotonic())
    for sock in socks:
        sock.close()
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) >= 2 else max(latencies)
    record("slow clients", f"{connections} connections sending headers byte by byte ({progress['bytes']:,} bytes); "
           f"{len(latencies)} normal requests meanwhile, p99 {p99:.0f} ms (the ms column: the slowest); "
           f"server fds at most {fds_with_loris} (all slow connections held open)",
           status=",".join(map(str, sorted(set(statuses)))), ms=max(latencies))
    assert statuses and all(s == 200 for s in statuses)
    assert len(latencies) >= 20
    assert max(latencies) < 1000, f"a normal request took {max(latencies):.0f} ms under slow loris"
    assert progress["closed"] == 0, "the server closed slow connections"
    assert finished_response.status == 200


def test_slow_body_then_normal_requests(server):
    """A client that declares 20 bytes and sends 10, then stalls: others are served meanwhile."""
    sock = server.connect()
    first, second = b'{"text": ', b'"abcdefgh"}'
    sock.sendall(b"POST /api/american HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(first + second) + first)
    try:
        for _ in range(20):
            assert server.predict_ok(timeout=2).status == 200
        sock.sendall(second)
        response = read_response(sock, time.monotonic())
    finally:
        sock.close()
    record("slow clients", "body sent in two parts with 20 other requests in between", response)
    assert response.status == 200


def test_many_idle_connections_are_not_fatal(server):
    """500 connections that send nothing at all, then normal traffic."""
    socks = [server.connect() for _ in range(500)]
    try:
        started = time.monotonic()
        for _ in range(20):
            assert server.predict_ok(timeout=2).status == 200
        elapsed = (time.monotonic() - started) * 1000
    finally:
        for sock in socks:
            sock.close()
    record("slow clients", f"500 idle connections open, 20 normal requests (ms column: mean)", status=200,
           ms=elapsed / 20)


def pipelined_trials(server, trials: int = 30) -> "collections.Counter[tuple[str, ...]]":
    """Sends four requests at once on one connection (HTTP/1.1 pipelining), `trials` times,
    and counts the answer sequences. Each answer is identified by its body, so a missing or
    misplaced answer shows."""
    def post(path: str, body: bytes) -> bytes:
        return f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body

    payload = (post(PREDICT, b'{"text":"ab"}') + post(PREDICT, b'{"te') + post(EXPLAIN, b'{"text":"new york"}')
               + b"GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    outcomes: collections.Counter = collections.Counter()
    for _ in range(trials):
        answers = []
        with server.connect() as sock:
            sock.sendall(payload)
            for _ in range(4):
                try:
                    response = read_response(sock, time.monotonic(), 5)
                except (ConnectionError, OSError):
                    answers.append("closed")
                    break
                kind = ("version" if b'"revision"' in response.body else "explain" if b'"tokens"' in response.body
                        else "predict" if b"is_american" in response.body else response.error_code)
                answers.append(f"{response.status} {kind}")
        outcomes[tuple(answers)] += 1
    return outcomes


EXPECTED_PIPELINE = ("200 predict", "400 malformed_json", "200 explain", "200 version")


def test_pipelined_requests_get_no_5xx(server):
    """Pipelined requests (valid, malformed JSON, explain, GET) sent at once: whatever comes
    back is never a 5xx, and the first answer is always the first request's."""
    outcomes = pipelined_trials(server)
    summary = "; ".join(f"{n}× {' → '.join(k)}" for k, n in outcomes.most_common())
    record("HTTP", f"4 pipelined requests sent at once on one connection, 30 times: {summary}",
           status="/".join(sorted({a.split()[0] for k in outcomes for a in k if a[0].isdigit()})))
    answers = [a for k in outcomes for a in k]
    assert not [a for a in answers if a.startswith("5")], summary
    assert all(k[0] == EXPECTED_PIPELINE[0] for k in outcomes), summary


@pytest.mark.xfail(strict=False, reason="known: pipelined requests are sometimes left unanswered or answered "
                   "out of step (Hummingbird HTTP/1 channel); see docs/reliability.md")
def test_pipelined_requests_are_all_answered_in_order(server):
    outcomes = pipelined_trials(server)
    assert set(outcomes) == {EXPECTED_PIPELINE}, dict(outcomes)


def test_hostile_flood_from_many_threads(server):
    """8 threads send a mix of hostile bodies for 3 s; no 5xx, and normal requests still pass."""
    bodies = [b"", b"{", b"[]", b'{"text": null}', b'{"text": 1}', b'{"text": "\xff"}', ("[" * 5000).encode(),
              EMOJI_48K.encode(), b'{"text": "ok"}']
    statuses: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + 3

    def worker(n):
        i = n
        while time.monotonic() < stop:
            body = bodies[i % len(bodies)]
            i += 1
            try:
                status = server.request("POST", PREDICT, body).status
                with lock:
                    statuses.append(status)
            except OSError as error:
                with lock:
                    errors.append(repr(error))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    normal = [server.predict_ok(timeout=5).status for _ in range(10)]
    for thread in threads:
        thread.join()
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    record("flood", f"8 threads × 3 s of mixed hostile bodies: {len(statuses):,} requests, by status {counts}",
           status="/".join(map(str, counts)))
    assert not errors, errors[:5]
    assert all(s < 500 for s in statuses), counts
    assert normal == [200] * 10


def test_server_still_healthy_at_the_end(server):
    with server.connect() as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        response = read_response(sock, time.monotonic())
    metrics = server.request("GET", "/metrics")
    record("end", f"alive, /healthz {response.status}; RSS {server.rss_kib() // 1024} MiB, {server.fds()} fds", response)
    assert response.status == 200 and response.json() == {"status": "ok"}
    assert metrics.status == 200
    # Metrics labels stay bounded: every hostile path was counted as route="other".
    routes = {line.split('route="')[1].split('"')[0] for line in metrics.body.decode().splitlines()
              if line.startswith("american_http_requests_total{")}
    assert routes <= {"predict", "batch", "explain", "healthz", "readyz", "version", "metrics", "openapi", "page",
                      "other"}, routes
