"""Demo enterprises, enrollments, support activities and participations, a demo Thương hiệu Vàng award and demo
members of HCMC's catalogue groups (is_demo=True).

Everything here is drawn from one random.Random, so a seed always gives the same rows.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from stdnum.vn import mst

from enterprises.models import Award, Enrollment, Enterprise, Participation, Sector, SupportActivity
from enterprises.services import award_record, derive_fields
from enterprises.sme import SectorGroup
from products.catalogue import product_group_member_add
from products.models import ProductCatalogue, ProductGroupMember
from programs.models import City, Program

BATCH_SIZE = 2000

# The first two digits of an MST are the province where the business registered.
TAX_PREFIX = {"hcm": "03", "hanoi": "01"}
CITY_SHARE = (("hcm", 55), ("hanoi", 45))
DISTRICTS = {
    "hcm": (
        "Quận 1", "Quận 3", "Quận 4", "Quận 5", "Quận 6", "Quận 7", "Quận 8", "Quận 10", "Quận 11", "Quận 12",
        "Quận Bình Tân", "Quận Bình Thạnh", "Quận Gò Vấp", "Quận Phú Nhuận", "Quận Tân Bình", "Quận Tân Phú",
        "TP Thủ Đức", "Huyện Bình Chánh", "Huyện Củ Chi", "Huyện Hóc Môn", "Huyện Nhà Bè",
    ),
    "hanoi": (
        "Quận Ba Đình", "Quận Hoàn Kiếm", "Quận Hai Bà Trưng", "Quận Đống Đa", "Quận Cầu Giấy", "Quận Thanh Xuân",
        "Quận Hoàng Mai", "Quận Long Biên", "Quận Nam Từ Liêm", "Quận Bắc Từ Liêm", "Quận Hà Đông",
        "Huyện Đông Anh", "Huyện Gia Lâm", "Huyện Thanh Trì", "Huyện Mê Linh", "Huyện Thạch Thất",
        "Huyện Sóc Sơn", "Huyện Thường Tín", "Huyện Quốc Oai", "Huyện Chương Mỹ",
    ),
}  # fmt: skip
STREETS = (
    "Lê Trọng Tấn", "Nguyễn Văn Linh", "Trường Chinh", "Kinh Dương Vương", "Tân Kỳ Tân Quý", "Phan Văn Trị",
    "Nguyễn Trãi", "Giải Phóng", "Phạm Văn Đồng", "Lê Văn Lương", "Cổ Linh", "Nguyễn Văn Cừ", "Quang Trung",
)  # fmt: skip
SECTOR_WEIGHTS = {
    "hcm": {
        Sector.RUBBER_PLASTICS: 30, Sector.MECHANICAL: 18, Sector.FOOD: 14, Sector.ELECTRONICS: 8,
        Sector.COMPONENTS: 6, Sector.CHEMICALS: 6, Sector.TEXTILE_LEATHER: 6, Sector.MATERIALS: 4,
        Sector.HIGH_TECH: 3, Sector.TRADE: 3, Sector.SERVICES: 2,
    },
    "hanoi": {
        Sector.COMPONENTS: 20, Sector.ELECTRONICS: 16, Sector.MECHANICAL: 15, Sector.TEXTILE_LEATHER: 12,
        Sector.RUBBER_PLASTICS: 8, Sector.HIGH_TECH: 8, Sector.FOOD: 8, Sector.MATERIALS: 5,
        Sector.CHEMICALS: 4, Sector.TRADE: 2, Sector.SERVICES: 2,
    },
}  # fmt: skip
SECTOR_WORDS = {
    Sector.RUBBER_PLASTICS: ("Nhựa", "Cao su", "Bao bì Nhựa"),
    Sector.MECHANICAL: ("Cơ khí", "Cơ khí Chính xác", "Tự động hóa"),
    Sector.ELECTRONICS: ("Điện tử", "Thiết bị Điện"),
    Sector.COMPONENTS: ("Linh kiện", "Phụ tùng", "Khuôn mẫu"),
    Sector.TEXTILE_LEATHER: ("Dệt may", "Da giày", "Phụ liệu May"),
    Sector.FOOD: ("Thực phẩm", "Chế biến Nông sản"),
    Sector.CHEMICALS: ("Hóa chất", "Dược phẩm"),
    Sector.MATERIALS: ("Vật liệu", "Thép"),
    Sector.HIGH_TECH: ("Công nghệ", "Vi mạch"),
    Sector.TRADE: ("Thương mại",),
    Sector.SERVICES: ("Dịch vụ Kỹ thuật",),
}
LEGAL_FORMS = (("Công ty TNHH", 55), ("Công ty Cổ phần", 30), ("Công ty TNHH MTV", 15))
NAME_FIRST = (
    "Tân", "Bình", "Đại", "Hưng", "Phú", "An", "Thành", "Việt", "Minh", "Hòa", "Trường", "Đông", "Nam", "Kim",
    "Hoàng", "Thiên", "Phúc", "Quang", "Sao", "Hồng", "Bảo", "Vĩnh", "Tiến", "Gia",
)  # fmt: skip
NAME_SECOND = (
    "Phú", "Minh", "Đồng", "Thịnh", "Mỹ", "Khang", "Công", "Hưng", "Long", "Phát", "Sơn", "Tiến", "Lợi", "Thuận",
    "Việt", "Á", "Bình", "Dương", "Hải", "Lộc", "Nguyên", "Tài", "Vượng", "Thái",
)  # fmt: skip
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
GIVEN = ("Văn An", "Thị Lan", "Minh Tuấn", "Thu Hà", "Quốc Bảo", "Thanh Hương", "Đức Thắng", "Ngọc Mai", "Hữu Phước")


def _weighted(rng: random.Random, pairs) -> str:
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def demo_tax_code(rng: random.Random, city_code: str, taken: set[str]) -> str:
    """A valid, unused 10-digit MST for the city; serials whose check digit would be "10" do not exist."""
    while True:
        body = f"{TAX_PREFIX[city_code]}{rng.randrange(1, 10_000_000):07d}"
        code = body + mst.calc_check_digit(body)
        if len(code) == 10 and code not in taken:
            taken.add(code)
            return code


def _demo_name(rng: random.Random, sector: str, taken: set[str]) -> str:
    while True:
        brand = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)}"
        name = f"{_weighted(rng, LEGAL_FORMS)} {rng.choice(SECTOR_WORDS[sector])} {brand}"
        if name not in taken and brand.split()[0] != brand.split()[1]:
            taken.add(name)
            return name


def _size_figures(rng: random.Random) -> tuple[int, Decimal, Decimal]:
    """Employees, revenue and capital (billion VND) skewed the way a city's enterprises are: mostly small."""
    employees = int(rng.paretovariate(1.2) * 8)
    revenue = Decimal(str(round(employees * rng.uniform(0.2, 1.5), 2)))
    capital = Decimal(str(round(float(revenue) * rng.uniform(0.2, 0.8), 2)))
    return min(employees, 5000), revenue, capital


def _demo_enterprise(rng: random.Random, city: City, taken_codes: set[str], taken_names: set[str]) -> Enterprise:
    sector = _weighted(rng, SECTOR_WEIGHTS[city.code].items())
    tax_code = demo_tax_code(rng, city.code, taken_codes)
    name = _demo_name(rng, sector, taken_names)
    district = rng.choice(DISTRICTS[city.code])
    employees, revenue, capital = _size_figures(rng)
    ownership = _weighted(rng, ((Enterprise.Ownership.PRIVATE, 85), (Enterprise.Ownership.FDI, 12),
                                (Enterprise.Ownership.STATE, 3)))  # fmt: skip
    enterprise = Enterprise(
        tax_code=tax_code,
        name=name,
        address=f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, {district}, {city.name}",
        province=city.name,
        district=district,
        ownership=ownership,
        sector=sector,
        employees=employees,
        revenue=revenue,
        capital=capital,
        representative=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        contact_email=f"lienhe.{tax_code}@example.vn",
        contact_phone=f"0{rng.choice('39')}{rng.randint(10_000_000, 99_999_999)}",
        is_demo=True,
    )
    derive_fields(enterprise)
    return enterprise


@dataclass(frozen=True)
class LoginEnterprise:
    """The enterprise a demo enterprise login works for: always the same name and tax code, so that the README and
    the printed logins can name it and a real enterprise holding the code is noticed before anything is written."""

    city: str
    tax_code: str
    name: str
    sector: str
    district: str
    street: str
    representative: str
    employees: int
    revenue: Decimal
    capital: Decimal


LOGIN_ENTERPRISES = (
    LoginEnterprise("hcm", "0319900005", "Công ty TNHH Nhựa Kỹ thuật Minh Họa Sài Gòn", Sector.RUBBER_PLASTICS,
                    "Quận Bình Tân", "Kinh Dương Vương", "Trần Thị Phương", 85, Decimal("120.5"), Decimal("40")),
    LoginEnterprise("hanoi", "0109900009", "Công ty Cổ phần Linh kiện Minh Họa Hà Nội", Sector.COMPONENTS,
                    "Huyện Đông Anh", "Cổ Linh", "Nguyễn Văn Tuấn", 140, Decimal("210"), Decimal("75.2")),
)  # fmt: skip


def login_enterprise_tax_codes_taken() -> list[Enterprise]:
    """Real (unmarked) enterprises that hold a tax code of the demo logins' enterprises."""
    codes = [e.tax_code for e in LOGIN_ENTERPRISES]
    return list(Enterprise.objects.filter(tax_code__in=codes, is_demo=False).order_by("tax_code"))


def _login_enterprise(spec: LoginEnterprise, city: City) -> Enterprise:
    enterprise = Enterprise(
        tax_code=spec.tax_code,
        name=spec.name,
        address=f"Số 12 đường {spec.street}, {spec.district}, {city.name}",
        province=city.name,
        district=spec.district,
        ownership=Enterprise.Ownership.PRIVATE,
        sector=spec.sector,
        employees=spec.employees,
        revenue=spec.revenue,
        capital=spec.capital,
        representative=spec.representative,
        contact_email=f"lienhe.{spec.tax_code}@example.vn",
        contact_phone="0900000000",
        staff_notes="Doanh nghiệp minh họa của tài khoản demo (lệnh seed_demo).",
        is_demo=True,
    )
    derive_fields(enterprise)
    return enterprise


def delete_demo_enterprises() -> None:
    """Removes demo activities and enterprises with what hangs off them (their awards and certifications), and the
    demo members of catalogue groups; real rows are left alone."""
    ProductGroupMember.objects.filter(Q(is_demo=True) | Q(enterprise__is_demo=True)).delete()
    Award.objects.filter(is_demo=True).delete()
    SupportActivity.objects.filter(is_demo=True).delete()
    Enterprise.objects.filter(is_demo=True).delete()


def rows_in_the_way() -> list[str]:
    """Real rows that replacing the demo enterprises would take along: awards entered on a demo enterprise, and a
    demo enterprise placed in a catalogue group by someone else."""
    problems = [
        f"giải thưởng “{a.name}” ({a.year}, không phải dữ liệu minh họa) của doanh nghiệp minh họa “{a.enterprise.name}”"
        for a in Award.objects.filter(enterprise__is_demo=True, is_demo=False).select_related("enterprise")
    ]
    problems += [
        f"doanh nghiệp minh họa “{m.enterprise.name}” trong nhóm “{m.group.name}” (không phải dữ liệu minh họa)"
        for m in ProductGroupMember.objects.filter(enterprise__is_demo=True, is_demo=False).select_related(
            "enterprise", "group"
        )
    ]
    return problems


GOLDEN_BRAND_CATEGORY = "Doanh nghiệp sản xuất (minh họa)"
GROUP_MEMBER_NOTE = ""
# The sectors a demo member of a named group comes from (the first group, the 4 key industries, any maker).
GROUP_SECTORS = {"Dược phẩm": {Sector.CHEMICALS}, "Dệt may": {Sector.TEXTILE_LEATHER}}


def create_demo_awards(enterprises: list[Enterprise], *, staff, today: date) -> int:
    """A demo Thương hiệu Vàng TP.HCM on the HCMC demo login's enterprise, recorded by HCMC's staff (the award
    exists, QĐ 4352/QĐ-UBND; this holder, category and decision number are made up)."""
    login = next((e for e in enterprises if e.tax_code == LOGIN_ENTERPRISES[0].tax_code), None)
    if login is None or staff is None:
        return 0
    year = today.year - 1
    award_record(
        actor=staff,
        enterprise=login,
        kind=Award.Kind.GOLDEN_BRAND_HCMC,
        year=year,
        category=GOLDEN_BRAND_CATEGORY,
        decision_number=f"MH-{year}/QĐ-UBND",
        decision_date=date(year, 11, 25),
        is_demo=True,
    )
    return 1


def create_demo_group_members(rng: random.Random, enterprises: list[Enterprise], *, staff, per_group: int = 2) -> int:
    """A couple of demo HCMC enterprises in each of the first groups of HCMC's catalogue, listed by HCMC's staff,
    when the catalogue is seeded (the sources give its size, not its members)."""
    catalogue = ProductCatalogue.objects.filter(city__code="hcm").select_related("city")
    catalogue = catalogue.order_by("-decision_date", "id").first()
    if catalogue is None or staff is None:
        return 0
    pool = [e for e in enterprises if e.province == catalogue.city.name and e.sector != Sector.SERVICES]
    count = 0
    for group in catalogue.groups.order_by("order", "id")[:3]:
        sectors = GROUP_SECTORS.get(group.name)
        makers = [e for e in pool if e.sector in sectors] if sectors else pool
        for enterprise in rng.sample(makers, min(per_group, len(makers))):
            product_group_member_add(
                actor=staff, group=group, tax_code=enterprise.tax_code, note=GROUP_MEMBER_NOTE, is_demo=True
            )
            count += 1
    return count


def create_demo_enterprises(rng: random.Random, *, count: int, cities: list[City]) -> list[Enterprise]:
    """`count` demo enterprises: first the demo logins' (one per city), then generated ones. Generated tax codes
    avoid every code already in use, so a real enterprise is never matched by a demo one."""
    by_code = {c.code: c for c in cities}
    logins = [_login_enterprise(spec, by_code[spec.city]) for spec in LOGIN_ENTERPRISES if spec.city in by_code]
    taken_codes = set(Enterprise.objects.values_list("tax_code", flat=True)) | {e.tax_code for e in logins}
    taken_names = {e.name for e in logins}
    generated = [
        _demo_enterprise(rng, by_code[_weighted(rng, CITY_SHARE)], taken_codes, taken_names)
        for _ in range(max(0, count - len(logins)))
    ]
    return Enterprise.objects.bulk_create(logins + generated, batch_size=BATCH_SIZE)


def _random_day(rng: random.Random, program: Program) -> date:
    start = date(program.period_start, 1, 10)
    end = min(date(program.period_end, 12, 15), date(2026, 6, 30))
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def create_demo_enrollments(
    rng: random.Random, *, enterprises: list[Enterprise], programs: list[Program], share: float = 0.35
) -> list[Enrollment]:
    """About `share` of each city's industrial enterprises join one of the city's programs."""
    by_province: dict[str, list[Program]] = {}
    for program in programs:
        by_province.setdefault(program.city.name, []).append(program)
    rows = []
    for enterprise in enterprises:
        candidates = by_province.get(enterprise.province, [])
        if candidates and enterprise.sector_group == SectorGroup.INDUSTRY and rng.random() < share:
            program = rng.choice(candidates)
            rows.append(Enrollment(enterprise=enterprise, program=program, enrolled_on=_random_day(rng, program)))
    return Enrollment.objects.bulk_create(rows, batch_size=BATCH_SIZE)


ACTIVITY_TEMPLATES = (
    (SupportActivity.Kind.TRAINING, "Lớp đào tạo nâng cao trình độ kỹ thuật cho cán bộ doanh nghiệp, đợt {n}"),
    (SupportActivity.Kind.CONSULTING, "Tư vấn cải tiến năng suất chất lượng cho doanh nghiệp, đợt {n}"),
    (SupportActivity.Kind.SUPPLIER_CONNECTION, "Hội nghị kết nối cung cầu sản phẩm công nghiệp hỗ trợ, đợt {n}"),
    (SupportActivity.Kind.TRADE_FAIR, "Gian hàng chung tại hội chợ triển lãm ngành công nghiệp, đợt {n}"),
    (SupportActivity.Kind.WORKSHOP, "Hội thảo chuyển giao công nghệ và quản lý chất lượng, đợt {n}"),
    (SupportActivity.Kind.DELEGATION, "Đoàn doanh nghiệp khảo sát công nghệ thiết bị ở nước ngoài, đợt {n}"),
    (SupportActivity.Kind.TECHNOLOGY, "Hỗ trợ dự án đổi mới công nghệ thiết bị, đợt {n}"),
)


def create_demo_activities(rng: random.Random, *, programs: list[Program], per_program: int = 8) -> list:
    rows = []
    for program in programs:
        for n in range(1, per_program + 1):
            kind, title = ACTIVITY_TEMPLATES[(n - 1) % len(ACTIVITY_TEMPLATES)]
            start = _random_day(rng, program)
            rows.append(
                SupportActivity(
                    program=program,
                    kind=kind,
                    title=f"{title.format(n=n)} (minh họa)",
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(0, 3)),
                    location=program.city.name,
                    organizer=program.lead_agency,
                    description="Hoạt động minh họa do lệnh seed_demo tạo.",
                    is_demo=True,
                )
            )
    return SupportActivity.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def create_demo_participations(
    rng: random.Random, *, activities: list[SupportActivity], enterprises: list[Enterprise]
) -> list[Participation]:
    """Each activity draws 10–60 enterprises of its city; some connections end with a supplier contract."""
    by_province: dict[str, list[Enterprise]] = {}
    for enterprise in enterprises:
        by_province.setdefault(enterprise.province, []).append(enterprise)
    rows = []
    for activity in activities:
        pool = by_province.get(activity.program.city.name, [])
        for enterprise in rng.sample(pool, min(len(pool), rng.randint(10, 60))):
            supplier = activity.kind == SupportActivity.Kind.SUPPLIER_CONNECTION and rng.random() < 0.2
            rows.append(Participation(activity=activity, enterprise=enterprise, became_supplier=supplier))
    return Participation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
