"""factory-boy factories for every app, shared by all tests."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from stdnum.vn import mst

from enterprises.models import Enrollment, Enterprise, Participation, Sector, SupportActivity
from enterprises.services import derive_fields
from products.certified import certified_fields
from products.models import Product, Recognition, RecognitionRound
from products.selectors import product_search_text
from programs.models import City, Indicator, IndicatorValue, Program, Task, TaskGroup
from programs.targets import TargetKind


def valid_tax_code(n: int) -> str:
    """A valid 10-digit MST built from a serial number (the 10th digit is the check digit).

    Some 9-digit bodies have no single check digit (the remainder gives "10"); the next serial is used.
    """
    while True:
        body = f"01{n:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check
        n += 100_000


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("code",)

    code = "hcm"
    name = "TP Hồ Chí Minh"
    short_name = "TPHCM"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"chuong-trinh-{n}")
    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Chương trình thử nghiệm số {n}")
    short_title = factory.Sequence(lambda n: f"CT {n}")
    issuer = "UBND TPHCM"
    lead_agency = "Sở Công Thương TPHCM"
    period_start = 2020
    period_end = 2030


class TaskGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskGroup

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: str(o.order))
    title = factory.Sequence(lambda n: f"Nhóm nhiệm vụ {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    group = factory.SubFactory(TaskGroupFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    lead_agency = "Sở Công Thương"
    due_date = datetime.date(2025, 12, 31)
    weight = Decimal("1")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"chi-tieu-{n}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit = "doanh nghiệp"
    target_kind = TargetKind.RANGE
    target_low = Decimal(20)
    target_high = Decimal(25)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period_label = factory.Sequence(lambda n: f"Kỳ {n}")
    period_end = datetime.date(2022, 12, 31)
    value = Decimal(22)
    source = "Sở Công Thương"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    tax_code = factory.Sequence(lambda n: valid_tax_code(n + 1))
    name = factory.Sequence(lambda n: f"Công ty TNHH Nhựa Thử Nghiệm {n}")
    province = "TP Hồ Chí Minh"
    district = "Quận 12"
    ownership = Enterprise.Ownership.PRIVATE
    sector = Sector.RUBBER_PLASTICS
    employees = 80
    revenue = Decimal("40")
    capital = Decimal("15")
    contact_email = factory.Sequence(lambda n: f"lienhe{n}@example.vn")
    contact_phone = "028 3812 3456"
    staff_notes = "Ghi chú nội bộ — không công khai"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The same derived columns the enterprise services write: SME size and folded search text.
        enterprise = model_class(*args, **kwargs)
        derive_fields(enterprise)
        enterprise.save()
        return enterprise


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    enterprise = factory.SubFactory(EnterpriseFactory)
    program = factory.SubFactory(ProgramFactory)
    enrolled_on = datetime.date(2022, 3, 1)


class SupportActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportActivity

    program = factory.SubFactory(ProgramFactory)
    kind = SupportActivity.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp đào tạo số {n}")
    start_date = datetime.date(2022, 5, 10)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    activity = factory.SubFactory(SupportActivityFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Ống nhựa HDPE loại {n}")
    sector = Sector.RUBBER_PLASTICS
    description = ""
    search_text = factory.LazyAttribute(
        lambda o: product_search_text(name=o.name, description=o.description, sector=o.sector)
    )


class RecognitionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognitionRound

    program = factory.SubFactory(ProgramFactory)
    year = factory.Sequence(lambda n: 2021 + n)
    title = factory.LazyAttribute(lambda o: f"Đợt xét chọn năm {o.year}")
    status = RecognitionRound.Status.OPEN


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    product = factory.SubFactory(ProductFactory)
    round = factory.SubFactory(RecognitionRoundFactory)
    kind = Recognition.Kind.KEY
    decision_number = "123/QĐ-UBND"
    decision_date = datetime.date(2022, 12, 1)
    certificate_number = factory.Sequence(lambda n: f"GCN-{n:05d}")
    valid_from = datetime.date(2022, 12, 1)
    valid_until = datetime.date(2025, 12, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the decision does: what the recognition certifies is copied from the product.
        for name, value in certified_fields(kwargs["product"]).items():
            kwargs.setdefault(name, value)
        return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("mat-khau-thu-nghiem-2024")
    role = "enterprise"
