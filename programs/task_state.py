"""A task's status, progress and last update date are those of its latest update (date, then entry order), or
"not started", no progress (None) and no date when it has no update. An update may report its status without a
measured progress (None): the task then has none either, whatever an earlier update measured.

The services keep this on every recorded update; bulk loads (the programmes' recorded facts, demo data) write
updates without them and then call `task_states_sync` for the tasks they touched.
"""

from django.db.models import OuterRef, Subquery

from programs.models import Task, TaskUpdate

BATCH_SIZE = 2000

# The order that makes one update later than another: its date, then when it was entered.
LATEST_FIRST = ("-date", "-created_at", "-id")


def task_states_sync(*, task_ids: list[int] | None = None) -> int:
    """Copy each task's latest update (or none) into status, progress and last_update_on; returns the count."""
    latest = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by(*LATEST_FIRST)
    tasks = Task.objects.annotate(
        latest_id=Subquery(latest.values("id")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_progress=Subquery(latest.values("progress")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
    )
    if task_ids is not None:
        tasks = tasks.filter(id__in=task_ids)
    changed = []
    for task in tasks:
        if task.latest_id is None:
            state = (Task.Status.NOT_STARTED, None, None)
        else:
            state = (task.latest_status, task.latest_progress, task.latest_date)
        if (task.status, task.progress, task.last_update_on) != state:
            task.status, task.progress, task.last_update_on = state
            changed.append(task)
    Task.objects.bulk_update(changed, ["status", "progress", "last_update_on"], batch_size=BATCH_SIZE)
    return len(changed)
