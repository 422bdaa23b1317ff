"""The shipped nginx configuration (deploy/nginx.conf) and gunicorn configuration (portal/gunicorn_conf.py), run on
this machine: nginx from the Debian package, gunicorn from the virtualenv, both on free loopback ports.

The nginx configuration is the shipped file with only what differs between a container and this machine replaced:
the upstream address, the listen address, the static root, the pid file, the temporary folders, the access log and
the worker's user. Each replacement must find its text exactly where the file has it, so that a change to the file
the test no longer renders fails here instead of testing something else.

Ports: any free one; TEST_PORT_RANGE=18600-18699 keeps them inside a range.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    span = os.environ.get("TEST_PORT_RANGE", "")
    candidates = range(int(span.split("-")[0]), int(span.split("-")[1]) + 1) if span else [0]
    for port in candidates:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"no free port in {span}")


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode}):\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen | None, grace: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def render_nginx_conf(*, upstream: str, listen: str, static_root: Path, run_dir: Path) -> str:
    text = NGINX_CONF.read_text()
    replacements = [
        ("user nginx;", f"user {pwd.getpwuid(os.getuid()).pw_name};", 1),
        ("pid /var/run/nginx.pid;", f"pid {run_dir}/nginx.pid;", 1),
        ("/var/cache/nginx/", f"{run_dir}/", 5),
        ("access_log /dev/stdout;", f"access_log {run_dir}/access.log;", 1),
        ("server web:8000;", f"server {upstream};", 1),
        ("listen 80 default_server;", f"listen {listen} default_server;", 1),
        ("alias /srv/static/;", f"alias {static_root}/;", 1),
    ]
    for old, new, count in replacements:
        found = text.count(old)
        assert found == count, f"deploy/nginx.conf holds {old!r} {found} times, the test renders {count}"
        text = text.replace(old, new)
    return text


class Nginx:
    """deploy/nginx.conf in front of `upstream` (host:port), listening on a free loopback port."""

    def __init__(self, upstream: str, static_root: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        self.port = free_port()
        self.static_root = static_root
        self.conf = self.dir / "nginx.conf"
        self.conf.write_text(
            render_nginx_conf(
                upstream=upstream, listen=f"127.0.0.1:{self.port}", static_root=static_root, run_dir=self.dir
            )
        )
        self.log = self.dir / "error.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        assert Path(NGINX).exists(), "nginx is not installed: apt-get install nginx-light (tools/test-services.sh)"
        check = subprocess.run([NGINX, "-t", "-p", str(self.dir), "-c", str(self.conf), "-e", str(self.log)],
                               capture_output=True, text=True, timeout=30)  # fmt: skip
        assert check.returncode == 0, check.stderr
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [NGINX, "-p", str(self.dir), "-c", str(self.conf), "-e", str(self.log), "-g", "daemon off;"],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for_port(self.port, self.process, self.log)
        return self

    def stop(self) -> None:
        stop(self.process, grace=10)
        shutil.rmtree(self.dir, ignore_errors=True)


class Gunicorn:
    """The portal under gunicorn with the shipped configuration (python:portal.gunicorn_conf)."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="portal-gunicorn-"))
        self.log = self.dir / "gunicorn.log"
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": str(self.dir / "access.log"),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "python:portal.gunicorn_conf", "portal.wsgi:application"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for_port(self.port, self.process, self.log)
        return self

    def stop(self) -> None:
        stop(self.process, grace=40)
        shutil.rmtree(self.dir, ignore_errors=True)
