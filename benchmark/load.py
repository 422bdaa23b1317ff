"""The portal under gunicorn (2 workers) and locust in headless mode against it, both as subprocesses."""

import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WORKERS = 2
SPAWN_RATE = 10


@dataclass(frozen=True)
class LoadFigures:
    scenario: str
    users: int
    seconds: int
    requests: int
    failures: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_page: dict

    def as_dict(self) -> dict:
        return asdict(self)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, media_root: str) -> dict[str, str]:
    """The bench server: the throwaway database, tasks in-process, no login lockout, DEBUG off."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media_root}
    env.update({"AXES_ENABLED": "False", "DEBUG": "False", "LOG_LEVEL": "WARNING"})
    # Persistent connections, as production runs (the development default opens one per request).
    env.setdefault("CONN_MAX_AGE", "60")
    env.pop("CELERY_BROKER_URL", None)
    return env


class Server:
    """gunicorn serving the portal on a free local port until the block ends."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.env = env
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(WORKERS), "--log-level", "warning"]
        # The server's own messages go to a file: they would interleave with the table.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with exit code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz in time:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def run_locust(host: str, scenario: str, *, users: int, seconds: int, env: dict[str, str]) -> LoadFigures:
    with tempfile.TemporaryDirectory(prefix="bench-locust-") as folder:
        prefix = os.path.join(folder, scenario)
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host]
        command += ["-u", str(users), "-r", str(min(users, SPAWN_RATE)), "-t", f"{seconds}s", "--csv", prefix]
        # Statistics start once every user is spawned (and logged in): the figures are of the steady load,
        # not of the password hashing of fifty logins at once or of each worker's first requests.
        command += ["--reset-stats", "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
        # locust exits with 1 when a request failed: the failures are figures, not a crash of the bench.
        finished = subprocess.run(
            command,
            cwd=settings.BASE_DIR,
            env={**env, "BENCH_SCENARIO": scenario},
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
        stats = Path(f"{prefix}_stats.csv")
        if not stats.exists():
            raise RuntimeError(f"locust wrote no statistics:\n{finished.stderr[-2000:]}")
        return _figures(scenario, users, seconds, list(csv.DictReader(stats.open(encoding="utf-8"))))


def _number(row: dict, column: str) -> float:
    value = row.get(column) or "0"
    return float(value) if value != "N/A" else 0.0


def _figures(scenario: str, users: int, seconds: int, rows: list[dict]) -> LoadFigures:
    total = next(row for row in rows if row["Name"] == "Aggregated")
    per_page = {
        row["Name"]: {
            "requests": int(_number(row, "Request Count")),
            "failures": int(_number(row, "Failure Count")),
            "requests_per_second": round(_number(row, "Requests/s"), 1),
            "p95_ms": _number(row, "95%"),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    }
    return LoadFigures(
        scenario=scenario,
        users=users,
        seconds=seconds,
        requests=int(_number(total, "Request Count")),
        failures=int(_number(total, "Failure Count")),
        requests_per_second=round(_number(total, "Requests/s"), 1),
        p50_ms=_number(total, "50%"),
        p95_ms=_number(total, "95%"),
        p99_ms=_number(total, "99%"),
        per_page=per_page,
    )


def measure_load(
    *, database_url: str, media_root: str, users: int, seconds: int, locust_env: dict[str, str]
) -> dict[str, LoadFigures]:
    env = server_environment(database_url, media_root)
    with Server(env) as server:
        return {
            scenario: run_locust(server.url, scenario, users=users, seconds=seconds, env={**env, **locust_env})
            for scenario in ("mix", "dashboard", "healthz")
        }
