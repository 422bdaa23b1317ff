"""A small public world in which every staff-only field holds a marker that must never be published."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from enterprises.models import Certification
from products.models import Application
from programs.models import Program, Task, TaskUpdate
from tests.factories import (
    EnrollmentFactory,
    EnterpriseFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ParticipationFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    SupportActivityFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)
from tests.products.factories import ApplicationFactory

# Every private value below contains this marker; no public page, file or API answer may contain it.
SECRET = "BIMAT"

# Staff-only fields, model by model: none may appear on a public page or as a key of the API.
PRIVATE_FIELDS = {
    "enterprise": [
        "contact_email",
        "contact_phone",
        "representative",
        "staff_notes",
        "address",
        "employees",
        "revenue",
        "capital",
        "users",
    ],
    "task": ["note", "evidence", "evidence_name", "author", "updates"],
    "indicator": ["note"],
    "indicator_value": ["note", "recorded_by"],
    "application": ["market_summary", "technical_summary", "social_summary", "score_average", "documents"],
}
ALL_PRIVATE_FIELDS = {name for names in PRIVATE_FIELDS.values() for name in names}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # The anonymous throttle counts requests in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def keep_test_connection():
    """Serve the WSGI app inside the test's transaction, as Django's test client does.

    The WSGI handler closes the database connection when a request finishes; the test's data lives in a
    transaction on that connection, so the closing is switched off for the test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@dataclass
class World:
    program: Program
    draft_program: Program
    done_task: Task
    running_task: Task
    enterprise: object
    other_enterprise: object
    recognition: object
    staff: object


def _private_enterprise(name: str, **kwargs):
    return EnterpriseFactory(
        name=name,
        contact_email=f"{SECRET.lower()}.{name.split()[-1].lower()}@example.vn",
        contact_phone=f"{SECRET} 0909 000 111",
        representative=f"{SECRET} Nguyễn Văn Đại Diện",
        staff_notes=f"{SECRET} ghi chú nội bộ",
        address=f"{SECRET} 12 đường Bí Mật",
        **kwargs,
    )


@pytest.fixture
def world(hcm, hanoi) -> World:
    staff = UserFactory(username="canbo.bimat", role="staff", city=hcm, first_name=SECRET)
    program = ProgramFactory(slug="cao-su-nhua", city=hcm, title="Chương trình cao su - nhựa", short_title="Cao su")
    draft = ProgramFactory(slug="du-thao", city=hanoi, status=Program.Status.DRAFT, title="Dự thảo chưa công bố")
    group = TaskGroupFactory(program=program, order=1, code="1", title="Phát triển thị trường")
    done = TaskFactory(group=group, order=1, title="Hội chợ sản phẩm nhựa", status=Task.Status.DONE, progress=100)
    running = TaskFactory(group=group, order=2, title="Đào tạo kỹ năng", status=Task.Status.IN_PROGRESS, progress=40)
    TaskFactory(group=TaskGroupFactory(program=draft, order=1), title="Nhiệm vụ của bản dự thảo")
    TaskUpdate.objects.create(
        task=done,
        date=datetime.date(2024, 3, 1),
        status=Task.Status.DONE,
        progress=100,
        note=f"{SECRET} ghi chú cập nhật",
        evidence_name=f"{SECRET}-minh-chung.pdf",
        author=staff,
    )
    indicator = IndicatorFactory(program=program, code="doanh-nghiep", note=f"{SECRET} ghi chú chỉ tiêu")
    IndicatorValueFactory(indicator=indicator, period_label="2023", value=Decimal(21), note=f"{SECRET} ghi chú số liệu")
    IndicatorValueFactory(
        indicator=indicator, period_label="2024", period_end=datetime.date(2024, 12, 31), recorded_by=staff
    )

    enterprise = _private_enterprise("Công ty TNHH Nhựa Đồng Tiến", district="Quận 12")
    other = _private_enterprise("Công ty CP Cao su Hà Nội", province="Hà Nội", district="Long Biên", employees=400)
    Certification.objects.create(enterprise=enterprise, standard=Certification.Standard.ISO_9001)
    UserFactory(username="dn.bimat", role="enterprise", enterprise=enterprise, email=f"{SECRET.lower()}@example.vn")
    EnrollmentFactory(enterprise=enterprise, program=program, note=f"{SECRET} ghi chú tham gia")
    activity = SupportActivityFactory(program=program, title="Lớp đào tạo quản trị")
    ParticipationFactory(activity=activity, enterprise=enterprise, became_supplier=True, note=f"{SECRET} ghi chú")
    ParticipationFactory(activity=activity, enterprise=other)

    round_ = RecognitionRoundFactory(program=program, year=2023)
    recognition = RecognitionFactory(product=ProductFactory(enterprise=enterprise, name="Ống nhựa HDPE"), round=round_)
    ApplicationFactory(
        round=round_,
        product=ProductFactory(enterprise=other, name=f"{SECRET} sản phẩm chưa công nhận"),
        status=Application.Status.DRAFT,
        market_summary=f"{SECRET} doanh thu trong hồ sơ nháp",
    )
    return World(program, draft, done, running, enterprise, other, recognition, staff)
