"""Workspace pages run a fixed number of queries whatever the amount of data behind them."""

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import Indicator, IndicatorValue, Task, TaskGroup, TaskUpdate
from programs.targets import TargetKind
from tests.factories import IndicatorFactory

# Session, user, then the page's own reads; the same ceiling holds at both sizes.
# Session and user, then the page's reads (one more per registry metric its indicators count). Both data sizes
# below hold one computed indicator, so the ceilings are the same at both.
# A search of the tasks reads their text once more, to fold it (programs/selectors.py, search_tasks).
MAX_QUERIES = {"overview": 8, "dashboard": 8, "tasks": 7, "tasks_search": 8, "task_detail": 5}


def grow_to_seed_demo_scale(program, author, *, groups=10, tasks=300, updates=2000, indicators=8):
    """Bulk-create a program as large as the demo data: 300 tasks, 2,000 updates, indicator series."""
    rng = random.Random(2023)
    start = program.groups.count() + 1
    created_groups = TaskGroup.objects.bulk_create(
        TaskGroup(program=program, order=start + i, code=str(start + i), title=f"Nhóm mở rộng {i}")
        for i in range(groups)
    )
    created_tasks = Task.objects.bulk_create(
        Task(
            group=created_groups[i % groups],
            order=i,
            title=f"Nhiệm vụ mở rộng {i}",
            lead_agency=f"Đơn vị {i % 12}",
            due_date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i * 7),
            weight=Decimal(1 + i % 3),
            status=rng.choice(Task.Status.values),
            progress=rng.randint(0, 100),
        )
        for i in range(tasks)
    )
    TaskUpdate.objects.bulk_create(
        TaskUpdate(
            task=task,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
            status=Task.Status.IN_PROGRESS,
            progress=min(100, n % 101),
            note=f"Cập nhật {n}",
            author=author,
        )
        for n, task in zip(range(updates), itertools.cycle(created_tasks), strict=False)
    )
    created_indicators = Indicator.objects.bulk_create(
        Indicator(
            program=program,
            order=100 + i,
            code=f"mo-rong-{i}",
            name=f"Chỉ tiêu mở rộng {i}",
            target_kind=TargetKind.RANGE,
            target_low=Decimal(10),
            target_high=Decimal(20),
            metric="enrolled_enterprises" if i % 4 == 0 else "",
        )
        for i in range(indicators)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            period_label=f"Quý {q}",
            period_end=datetime.date(2021, 3, 31) + datetime.timedelta(days=91 * q),
            value=Decimal(q),
            source="Sở Công Thương",
        )
        for indicator in created_indicators
        if not indicator.metric
        for q in range(12)
    )
    return created_tasks


def page_urls(program, task):
    return {
        "overview": reverse("programs:overview"),
        "dashboard": reverse("programs:dashboard", args=[program.slug]),
        "tasks": reverse("programs:tasks") + "?sort=-due_date&overdue=true",
        "tasks_search": reverse("programs:tasks") + "?q=nhi%E1%BB%87m+v%E1%BB%A5+m%E1%BB%9F&overdue=true",
        "task_detail": reverse("programs:task_detail", args=[task.public_id]),
    }


@pytest.mark.parametrize("page", list(MAX_QUERIES))
@pytest.mark.parametrize("scale", ["small", "seed_demo"])
def test_workspace_pages_run_constant_queries(
    login, cast, hcm_program, hanoi_program, hcm_task, django_assert_max_num_queries, page, scale
):
    task = hcm_task
    IndicatorFactory(program=hcm_program, code="dn-tham-gia", metric="enrolled_enterprises")
    if scale == "seed_demo":
        tasks = grow_to_seed_demo_scale(hcm_program, cast.staff_hcm)
        assert TaskUpdate.objects.count() >= 2000 and len(tasks) == 300
        task = tasks[0]
    client = login(cast.staff_hcm)
    url = page_urls(hcm_program, task)[page]
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200
