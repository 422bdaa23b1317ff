"""The three programs the portal starts with, built from the shared factories."""

from decimal import Decimal

import pytest

from programs.models import Program, Task
from tests.factories import ProgramFactory, TaskFactory, TaskGroupFactory

HCM_TITLE = "Chương trình hỗ trợ phát triển doanh nghiệp sản phẩm nhựa, cao su giai đoạn 2020 - 2030"
HANOI_CNHT_TITLE = "Kế hoạch Chương trình phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2021"
HANOI_KEY_TITLE = (
    "Kế hoạch số 267/KH-UBND thực hiện Đề án phát triển sản phẩm công nghiệp chủ lực thành phố Hà Nội năm 2022"
)


def add_groups(program, statuses_per_group):
    """One group per entry; each entry lists the statuses of that group's tasks."""
    for order, statuses in enumerate(statuses_per_group, start=1):
        group = TaskGroupFactory(program=program, order=order, code=str(order))
        for task_order, status in enumerate(statuses, start=1):
            progress = {Task.Status.DONE: 100, Task.Status.IN_PROGRESS: 50}.get(status, 0)
            TaskFactory(group=group, order=task_order, status=status, progress=progress, weight=Decimal("1"))


@pytest.fixture
def three_programs(hcm, hanoi):
    done, running, idle = Task.Status.DONE, Task.Status.IN_PROGRESS, Task.Status.NOT_STARTED
    rubber = ProgramFactory(
        slug="cao-su-nhua-2020-2030",
        city=hcm,
        title=HCM_TITLE,
        short_title="Chương trình cao su - nhựa",
        issuer="UBND TPHCM",
        period_start=2020,
        period_end=2030,
    )
    # 9/9 groups deployed mid-term: every task has started, half of them are done.
    add_groups(rubber, [[done, running]] * 9)
    cnht = ProgramFactory(
        slug="cnht-ha-noi-2021",
        city=hanoi,
        kind=Program.Kind.PLAN,
        title=HANOI_CNHT_TITLE,
        short_title="CNHT Hà Nội 2021",
        issuer="UBND Thành phố Hà Nội",
        period_start=2021,
        period_end=2021,
    )
    # 12 tasks in 5 groups; the last group has not started.
    add_groups(cnht, [[done, done, done], [done, running], [running, running, running], [done, done], [idle, idle]])
    key_products = ProgramFactory(
        slug="san-pham-chu-luc-ha-noi-2022",
        city=hanoi,
        kind=Program.Kind.PLAN,
        title=HANOI_KEY_TITLE,
        short_title="Sản phẩm chủ lực Hà Nội 2022",
        issuer="UBND Thành phố Hà Nội",
        plan_number="267/KH-UBND",
        period_start=2022,
        period_end=2022,
    )
    add_groups(key_products, [[idle]] * 6)
    return rubber, cnht, key_products
