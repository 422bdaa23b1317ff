"""Two programs, one per city, each with weighted tasks and indicators of every target kind."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from programs.targets import TargetKind
from tests.factories import IndicatorFactory, IndicatorValueFactory, ProgramFactory, TaskFactory, TaskGroupFactory

PAST = datetime.date(2020, 6, 30)
FUTURE = datetime.date(2099, 12, 31)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast's passwords are hashed once per test; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese():
    # A request in English leaves its language active in the thread; messages checked outside requests are Vietnamese.
    with translation.override("vi"):
        yield


@pytest.fixture
def hcm_program(cast, hcm):
    program = ProgramFactory(slug="nhua-cao-su-hcm", city=hcm, short_title="Nhựa - cao su TPHCM")
    group = TaskGroupFactory(program=program, order=1, code="1", title="Phát triển nguồn nhân lực")
    TaskGroupFactory(program=program, order=2, code="2", title="Xúc tiến thương mại")
    TaskFactory(group=group, title="Mở lớp đào tạo kỹ thuật", weight=Decimal("3"), lead_agency="CSID", due_date=FUTURE)
    TaskFactory(group=group, title="Khảo sát nhu cầu nhân lực", weight=Decimal("1"), due_date=PAST)
    IndicatorFactory(
        program=program,
        code="iip",
        name="Chỉ số IIP ngành cao su - nhựa",
        unit="%",
        target_kind=TargetKind.NONE,
        target_low=None,
        target_high=None,
    )
    return program


@pytest.fixture
def hanoi_program(cast, hanoi):
    program = ProgramFactory(slug="cnht-ha-noi-2021", city=hanoi, short_title="CNHT Hà Nội 2021", issuer="UBND Hà Nội")
    group = TaskGroupFactory(program=program, order=1, code="i", title="Kết nối doanh nghiệp CNHT")
    TaskFactory(group=group, title="Hội chợ CNHT Hà Nội năm 2021", lead_agency="Sở Công Thương Hà Nội", due_date=FUTURE)
    indicator = IndicatorFactory(
        program=program,
        code="dn-cnht",
        name="Doanh nghiệp hoạt động trong lĩnh vực CNHT",
        target_kind=TargetKind.APPROXIMATE,
        target_value=Decimal(900),
        target_low=None,
        target_high=None,
    )
    IndicatorValueFactory(indicator=indicator, period_label="Năm 2021", value=Decimal(870))
    return program


@pytest.fixture
def hcm_task(hcm_program):
    return hcm_program.groups.get(order=1).tasks.get(title="Mở lớp đào tạo kỹ thuật")


@pytest.fixture
def hanoi_task(hanoi_program):
    return hanoi_program.groups.get(order=1).tasks.get()
