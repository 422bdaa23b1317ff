"""The portal as docker-compose.yml serves it: the shipped deploy/nginx.conf in front of gunicorn run with the shipped
portal/gunicorn_conf.py (sync workers), on this machine (tests/deploy/servers.py).

Slow clients that never finish their headers hold a sync worker each when they reach gunicorn; through nginx they
hold only an nginx connection, and /healthz keeps answering.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from core.clientip import client_ip
from tests.deploy.servers import Gunicorn, Nginx, free_port

SLOW_CLIENTS = 6  # twice the shipped gunicorn's 3 workers
ANSWER_WITHIN = 1.0  # seconds: /healthz through nginx, with the slow clients connected
STALLED_FOR = 3.0  # seconds: /healthz straight to gunicorn gets no answer in this long


def _database_url() -> str:
    """The test database pytest-django made, on the server DATABASE_URL names."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    return re.sub(r"/[^/?]*(\?.*)?$", "/" + settings.DATABASES["default"]["NAME"], base, count=1)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    (root / "css").mkdir()
    (root / "css" / "probe.3f2a1b.css").write_text("body { color: #123456; }\n")
    return root


@pytest.fixture(scope="module")
def gunicorn(django_db_setup):
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "run with DATABASE_URL on PostgreSQL"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "WEB_CONCURRENCY"))}
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": _database_url()}
    server = Gunicorn(env).start()
    try:
        deadline = time.monotonic() + 60
        while healthz(server.port, timeout=5)[0] != 200:  # the workers have booted and reach PostgreSQL and Redis
            assert time.monotonic() < deadline, server.log.read_text()[-4000:]
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def nginx(gunicorn, static_root):
    server = Nginx(f"127.0.0.1:{gunicorn.port}", static_root).start()
    yield server
    server.stop()


class Echo(BaseHTTPRequestHandler):
    """An upstream that answers with the request it received: what the portal would be given."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        received = 0
        while received < length:
            received += len(self.rfile.read(min(65536, length - received)))
        body = json.dumps({"headers": dict(self.headers.items()), "body_length": received,
                           "peer": self.client_address[0]}).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def echo_nginx(static_root):
    upstream = ThreadingHTTPServer(("127.0.0.1", free_port()), Echo)
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    server = Nginx(f"127.0.0.1:{upstream.server_address[1]}", static_root).start()
    yield server
    server.stop()
    upstream.shutdown()
    upstream.server_close()


def healthz(port: int, *, timeout: float) -> tuple[int | None, float]:
    """(status, seconds) of GET /healthz on 127.0.0.1:port; status None when no answer came within `timeout`."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    except (TimeoutError, ConnectionError):
        return None, time.monotonic() - started
    finally:
        connection.close()


@contextlib.contextmanager
def slow_clients(port: int, count: int = SLOW_CLIENTS):
    """`count` connections that each send the start of a request's headers and then nothing, until closed."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(sock)
        time.sleep(0.5)  # let the server accept them (gunicorn's workers each take one and wait on it)
        yield
    finally:
        for sock in sockets:
            sock.close()


def request(
    port: int, head: str, body: bytes | list[bytes] = b"", *, source: str = "127.0.0.1", timeout: float = 30
) -> bytes:
    """A raw HTTP/1.1 request from `source` (any 127.0.0.0/8 address); the answer, read up to its Content-Length
    (not until the server closes: nginx, having refused a body, waits a few seconds for it before closing).
    A body given as a list is sent a part at a time, with a pause between parts, as a slow network brings it."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0)) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for number, part in enumerate([body] if isinstance(body, bytes) else body):
                if number:
                    time.sleep(0.3)
                sock.sendall(part)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
                answer += chunk
            length = re.search(rb"\r\ncontent-length: *(\d+)", answer.split(b"\r\n\r\n", 1)[0], re.IGNORECASE)
            while length and len(answer.split(b"\r\n\r\n", 1)[1]) < int(length[1]) and (chunk := sock.recv(65536)):
                answer += chunk
        return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_healthz_answers_through_nginx_while_slow_clients_hold_their_connections(nginx, gunicorn, record_property):
    assert healthz(nginx.port, timeout=10)[0] == 200
    with slow_clients(nginx.port):
        timings = [healthz(nginx.port, timeout=10) for _ in range(3)]
    record_property("healthz_through_nginx_with_slow_clients_s", [round(t, 3) for _, t in timings])
    print(f"/healthz through nginx with {SLOW_CLIENTS} slow clients: {[f'{t:.3f} s' for _, t in timings]}")
    assert all(status == 200 for status, _ in timings), timings
    assert all(seconds < ANSWER_WITHIN for _, seconds in timings), timings


def test_the_same_slow_clients_straight_to_gunicorn_stall_healthz(gunicorn, record_property):
    """The contrast that shows the test above measures something: the sync workers each wait on a slow client."""
    assert healthz(gunicorn.port, timeout=10)[0] == 200
    with slow_clients(gunicorn.port):
        status, seconds = healthz(gunicorn.port, timeout=STALLED_FOR)
    record_property("healthz_direct_gunicorn_with_slow_clients_s", round(seconds, 3))
    print(f"/healthz straight to gunicorn with {SLOW_CLIENTS} slow clients: {status} after {seconds:.3f} s")
    assert status is None, f"gunicorn answered {status} in {seconds:.3f} s with every worker held by a slow client"
    # Once the slow clients go, the workers are free again.
    assert healthz(gunicorn.port, timeout=10)[0] == 200


def test_nginx_refuses_a_body_over_client_max_body_size_before_the_portal_sees_it(nginx, gunicorn):
    limit = 12 * 1024 * 1024
    # The headers alone: nginx answers from the declared length, without waiting for (or reading) the body.
    answer = request(nginx.port, f"POST /dang-nhap/ HTTP/1.1\nHost: 127.0.0.1\nContent-Length: {limit + 1}\n"
                                 "Content-Type: application/octet-stream\nConnection: close\n", timeout=5)  # fmt: skip
    assert status_of(answer) == 413, answer[:300]
    assert b"<center>nginx</center>" in answer  # nginx's own page: the request never reached a worker
    access_log = gunicorn.dir / "access.log"
    assert "POST /dang-nhap/" not in (access_log.read_text() if access_log.exists() else "")


def test_a_body_of_the_portal_upload_limit_passes_nginx(echo_nginx):
    size = 10 * 1024 * 1024 + 512 * 1024  # a 10 MB file with its multipart form around it
    answer = request(echo_nginx.port, f"POST /tai-lieu/ HTTP/1.1\nHost: 127.0.0.1\nContent-Length: {size}\n"
                                      "Content-Type: application/octet-stream\nConnection: close\n", b"x" * size)  # fmt: skip
    assert status_of(answer) == 200, answer[:300]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["body_length"] == size


def test_a_chunked_body_reaches_the_portal_with_its_length_declared(echo_nginx):
    """The portal refuses a body without Content-Length (411): nginx reads a chunked one in full and declares it."""
    body = [b"%x\r\n%s\r\n" % (len(part), part) for part in (b"a" * 1000, b"b" * 2000)] + [b"0\r\n\r\n"]
    answer = request(echo_nginx.port, "POST /tai-lieu/ HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked\n"
                                      "Connection: close\n", body)  # fmt: skip
    assert status_of(answer) == 200, answer[:300]
    received = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    headers = {k.lower(): v for k, v in received["headers"].items()}
    assert headers["content-length"] == "3000" and "transfer-encoding" not in headers
    assert received["body_length"] == 3000


def test_chunked_body_over_the_limit_is_refused_too(echo_nginx):
    chunk = b"x" * 1024 * 1024
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(13)) + b"0\r\n\r\n"
    answer = request(echo_nginx.port, "POST /tai-lieu/ HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked\n"
                                      "Connection: close\n", body)  # fmt: skip
    assert status_of(answer) == 413, answer[:300]


def test_the_portal_is_told_the_address_nginx_saw_not_the_one_the_client_claims(echo_nginx):
    answer = request(echo_nginx.port, "GET /api/ HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n"
                                      "X-Forwarded-For: 203.0.113.9\nX-Forwarded-Proto: https\n"
                                      "X-Forwarded-Host: evil.example\nX-Real-IP: 203.0.113.9\n",
                     source="127.0.0.2")  # fmt: skip
    assert status_of(answer) == 200, answer[:300]
    received = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    headers = {k.lower(): v for k, v in received["headers"].items()}
    # Appended: the last address, the only one the portal trusts (TRUSTED_PROXY_COUNT=1), is the real client's.
    assert headers["x-forwarded-for"] == "203.0.113.9, 127.0.0.2"
    assert headers["x-real-ip"] == "127.0.0.2"
    assert headers["x-forwarded-proto"] == "http"  # set by nginx from the connection, never the client's
    assert "x-forwarded-host" not in headers
    assert headers["host"] == "127.0.0.1"
    # What the portal makes of it, set as docker-compose.yml sets it.
    forwarded = RequestFactory().get("/", REMOTE_ADDR=received["peer"], HTTP_X_FORWARDED_FOR=headers["x-forwarded-for"])
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(forwarded) == "127.0.0.2"


def test_static_files_are_served_by_nginx_from_the_static_root(nginx, static_root):
    answer = request(nginx.port, "GET /static/css/probe.3f2a1b.css HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert status_of(answer) == 200, answer[:300]
    assert body == (static_root / "css" / "probe.3f2a1b.css").read_bytes()  # only nginx's root holds this file
    assert b"Cache-Control: public, max-age=2592000" in head
    assert b"Content-Type: text/css" in head
    missing = request(nginx.port, "GET /static/css/missing.css HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n")
    assert status_of(missing) == 404
