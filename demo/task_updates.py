"""Demo task updates over the seeded tasks; after them each task takes the state of its latest update.

Demo updates are the ones written by a demo user (`author_ids`) and are marked `is_demo`, so that a report
can leave them out or mark them; the recorded facts of seed_programs have no author and are never touched
here. Demo progress is always measured: these are illustrations, not facts.
"""

import random
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings

from programs.models import Program, Task, TaskUpdate
from programs.task_state import task_states_sync

BATCH_SIZE = 2000
# Demo history stops at a fixed day so that the same seed gives the same data on any day.
DEMO_HISTORY_END = date(2026, 6, 30)

DEMO_NOTES = (
    "Đã họp triển khai với các đơn vị phối hợp.",
    "Đã gửi văn bản đề nghị các sở, ngành cung cấp số liệu.",
    "Đang tổng hợp danh sách doanh nghiệp đăng ký tham gia.",
    "Đã tổ chức khảo sát nhu cầu của doanh nghiệp.",
    "Đã báo cáo kết quả thực hiện cho UBND Thành phố.",
    "Đang hoàn thiện dự thảo theo góp ý của các đơn vị.",
    "Đã ký kết thỏa thuận phối hợp với hiệp hội ngành nghề.",
    "Đang chuẩn bị hồ sơ, kinh phí thực hiện.",
)


def delete_demo_task_updates(author_ids: list[int]) -> int:
    """Removes the updates written by demo users, and, once that is committed, the evidence files they carried."""
    updates = TaskUpdate.objects.filter(Q(author_id__in=author_ids) | Q(is_demo=True))
    delete_files_on_commit(list(updates.exclude(evidence="").values_list("evidence", flat=True)))
    deleted, _ = updates.delete()
    return deleted


def delete_files_on_commit(names: list[str]) -> None:
    """Delete stored files once the transaction that removed their rows commits (never if it rolls back)."""
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def _demo_window(program: Program, recorded_until: date | None) -> tuple[date, date]:
    """Demo updates fall within the program's years, after anything already recorded for the task."""
    start = date(program.period_start, 1, 5)
    if recorded_until:
        start = max(start, recorded_until + timedelta(days=1))
    end = min(date(program.period_end, 12, 31), DEMO_HISTORY_END)
    return start, max(start, end)


def _task_timeline(rng: random.Random, task: Task, count: int, window: tuple[date, date], started: bool) -> list:
    """`count` updates in date order whose progress never goes back; 100% closes the task."""
    start, end = window
    span = (end - start).days
    dates = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    floor = max(task.progress or 0, 5 if started else 0)
    # About a third of the tasks end done; the rest stop somewhere on the way.
    final = 100 if rng.random() < 0.35 else rng.randint(min(floor + 1, 95), 95)
    progresses = sorted(rng.randint(floor, final) for _ in range(count - 1)) + [final]
    updates = []
    for day, progress in zip(dates, progresses, strict=True):
        if progress >= 100:
            status = Task.Status.DONE
        elif progress == 0:
            status = Task.Status.NOT_STARTED
        else:
            status = Task.Status.IN_PROGRESS
        updates.append((day, status, progress))
    return updates


def create_demo_task_updates(
    rng: random.Random, *, count: int, programs: list[Program], authors_by_city: dict[int, int]
) -> int:
    """Spread `count` updates over the tasks of `programs`; each task then takes the state of its latest one."""
    tasks = list(
        Task.objects.filter(group__program__in=programs)
        .select_related("group__program")
        .order_by("group__program__slug", "group__order", "order")
    )
    if not tasks or count <= 0:
        return 0
    per_task: dict[int, int] = defaultdict(int)
    for _ in range(count):
        per_task[rng.randrange(len(tasks))] += 1
    rows = []
    for index, n in sorted(per_task.items()):
        task = tasks[index]
        program = task.group.program
        window = _demo_window(program, task.last_update_on)
        started = task.status in Task.DEPLOYED_STATUSES
        for day, status, progress in _task_timeline(rng, task, n, window, started):
            rows.append(
                TaskUpdate(
                    task=task,
                    date=day,
                    status=status,
                    progress=progress,
                    note=f"Dữ liệu minh họa. {rng.choice(DEMO_NOTES)}",
                    author_id=authors_by_city[program.city_id],
                    is_demo=True,
                )
            )
    # In date order, so that on a shared day the later id is the later update.
    rows.sort(key=lambda u: (u.date, u.task_id, u.progress))
    TaskUpdate.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    task_states_sync(task_ids=[t.id for t in tasks])
    return len(rows)


@contextmanager
def history_paused():
    """Demo rows are bulk-written without history; replacing them must not write history rows either."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield
