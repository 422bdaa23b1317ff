"""Fixtures of the report tests: a small program with every section filled, and a real Celery worker."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from programs.models import Task, TaskUpdate
from programs.targets import TargetKind
from tests.factories import (
    EnrollmentFactory,
    EnterpriseFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ParticipationFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    SupportActivityFactory,
    TaskFactory,
    TaskGroupFactory,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_TEXTS = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="http://127.0.0.1:{port}/leak">',
    "background: url(http://127.0.0.1:{port}/css) ; @import url(http://127.0.0.1:{port}/import);",
    '<style>@font-face{{src:url("file:///etc/shadow")}}</style><svg><image href="http://127.0.0.1:{port}/svg"/></svg>',
]


def record_update(task, date, status, progress, note="", *, is_demo=False):
    return TaskUpdate.objects.create(task=task, date=date, status=status, progress=progress, note=note, is_demo=is_demo)


def build_program(hcm, *, title="Chương trình hỗ trợ phát triển doanh nghiệp nhựa", enterprise_name=None, size=3):
    program = ProgramFactory(city=hcm, title=title, short_title="CT nhựa", plan_number="123/KH-UBND")
    for g in range(1, size + 1):
        group = TaskGroupFactory(program=program, order=g, code=str(g), title=f"Nhóm nhiệm vụ {g}")
        done = TaskFactory(group=group, title=f"Nhiệm vụ {g}.1", status=Task.Status.DONE, progress=100)
        going = TaskFactory(group=group, title=f"Nhiệm vụ {g}.2", status=Task.Status.IN_PROGRESS, progress=40)
        # The task's state is that of its latest update (a report reads the state as of its period's end).
        record_update(done, datetime.date(2023, 6, 30), Task.Status.DONE, 100, "Đã hoàn thành")
        record_update(going, datetime.date(2023, 6, 30), Task.Status.IN_PROGRESS, 40, "Đang thực hiện")
    iip = IndicatorFactory(
        program=program, name="IIP ngành cao su - nhựa", unit="%", target_kind=TargetKind.NONE, target_low=None,
        target_high=None,
    )  # fmt: skip
    IndicatorValueFactory(indicator=iip, period_label="Năm 2022", period_end=datetime.date(2022, 12, 31),
                          value=Decimal("32.18"))  # fmt: skip
    count = IndicatorFactory(program=program, name="Doanh nghiệp tham gia", unit="doanh nghiệp")
    IndicatorValueFactory(indicator=count, period_label="Năm 2023", period_end=datetime.date(2023, 12, 31),
                          value=Decimal(1234))  # fmt: skip
    activity = SupportActivityFactory(program=program, start_date=datetime.date(2024, 3, 10))
    for n in range(size):
        enterprise = EnterpriseFactory(name=enterprise_name or f"Công ty Nhựa số {n}")
        EnrollmentFactory(program=program, enterprise=enterprise, enrolled_on=datetime.date(2023, 1, 1))
        ParticipationFactory(activity=activity, enterprise=enterprise)
    rnd = RecognitionRoundFactory(program=program, year=2024)
    RecognitionFactory(round=rnd, decision_date=datetime.date(2024, 3, 1), is_first_time=True)
    RecognitionFactory(round=rnd, decision_date=datetime.date(2024, 3, 2), is_first_time=False)
    return program


@pytest.fixture
def report_program(hcm):
    return build_program(hcm)


@pytest.fixture
def seeded(db):
    from django.core.management import call_command

    call_command("seed_programs", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from programs.models import Program

    return Program.objects.get(slug="tphcm-cao-su-nhua-2020-2030")


class TrapServer:
    """A TCP listener on 127.0.0.1 that records every connection: nothing should ever connect to it."""

    def __init__(self):
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def trap_server():
    server = TrapServer()
    yield server
    server.close()


# ---------------------------------------------------------------------------------------------------------
# A real Celery worker against Redis, on the test database
# ---------------------------------------------------------------------------------------------------------


class WorkerProcess:
    def __init__(self, extra_env: dict):
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        database_url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
            "PYTHONPATH": str(ROOT),
            "AXES_ENABLED": "false",
            **extra_env,
        }
        self.process = None
        self.log: list[str] = []

    def start(self, timeout: float = 60) -> "WorkerProcess":
        name = f"reports-test-{uuid.uuid4().hex[:8]}@%h"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "-n", name, "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        ready = threading.Event()

        def pump():
            for line in self.process.stdout:
                self.log.append(line)
                if " ready." in line:
                    ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError("worker did not start:\n" + "".join(self.log[-40:]))
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def broker():
    """My own Redis database, emptied so that no message of an earlier run is delivered."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def start_worker(transactional_db, broker, settings):
    if not settings.CELERY_BROKER_URL:
        pytest.fail("worker tests need CELERY_BROKER_URL (Redis)")
    workers: list[WorkerProcess] = []

    def _start(**extra_env) -> WorkerProcess:
        worker = WorkerProcess({k: str(v) for k, v in extra_env.items()}).start()
        workers.append(worker)
        return worker

    yield _start
    for worker in workers:
        worker.stop()


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def report_files(media_root) -> list[Path]:
    """The reports' PDF files (their annexes, `<id>-phu-luc.pdf` and `.xlsx`, are in annex_files)."""
    folder = Path(media_root) / "reports"
    return sorted(p for p in folder.glob("*.pdf") if not p.stem.endswith("-phu-luc")) if folder.exists() else []


def annex_files(media_root) -> list[Path]:
    folder = Path(media_root) / "reports"
    return sorted(folder.glob("*-phu-luc.*")) if folder.exists() else []
