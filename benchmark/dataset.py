"""The datasets the bench measures: seed_programs, seed_demo at the asked sizes with applications, and a city's
register at report scale (seed_demo's generator draws unique names, which run out long before 100,000)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from stdnum.vn import mst

from demo.enterprises import (
    ACTIVITY_TEMPLATES,
    DISTRICTS,
    GIVEN,
    LEGAL_FORMS,
    NAME_FIRST,
    NAME_SECOND,
    SECTOR_WEIGHTS,
    SECTOR_WORDS,
    STREETS,
    SURNAMES,
    TAX_PREFIX,
)
from demo.management.commands.seed_demo import refresh_planner_statistics
from demo.products import PRODUCT_NAMES
from enterprises.models import Enrollment, Enterprise, Participation, SupportActivity
from enterprises.services import derive_fields
from products.certified import certified_fields
from products.models import Application, Product, Recognition, RecognitionRound
from products.selectors import product_search_text
from programs.models import Program

APPLICATION_STATUSES = [s for s in Application.Status.values if s != Application.Status.DRAFT]


@dataclass(frozen=True)
class Sizes:
    enterprises: int
    products: int
    task_updates: int

    def scaled(self, factor: float) -> "Sizes":
        return Sizes(*(max(1, round(n * factor)) for n in (self.enterprises, self.products, self.task_updates)))


FULL = Sizes(enterprises=10_000, products=2_000, task_updates=20_000)
QUICK = Sizes(enterprises=1_000, products=200, task_updates=2_000)
# The page section also counts queries on a dataset this much smaller: a list page's count must not grow.
SMALL_FACTOR = 0.1


def prepare_schema() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_programs", verbosity=0, stdout=_Discard())


def seed(sizes: Sizes, *, seed: int = 2024) -> None:
    """Replace the demo data with a dataset of these sizes, and give every demo product an application."""
    call_command(
        "seed_demo",
        enterprises=sizes.enterprises,
        products=sizes.products,
        task_updates=sizes.task_updates,
        seed=seed,
        stdout=_Discard(),
    )
    create_applications(random.Random(seed))


@transaction.atomic
def create_applications(rng: random.Random) -> int:
    """One submitted application per demo product that has none, in a round of its city, in every non-draft status.

    seed_demo, just run, made a few dozen dossiers through the workflow; the staff list needs thousands to read.
    """
    rounds_by_city: dict[str, list[RecognitionRound]] = {}
    for round_ in RecognitionRound.objects.select_related("program__city"):
        rounds_by_city.setdefault(round_.program.city.name, []).append(round_)
    rows = []
    for product in Product.objects.filter(is_demo=True, applications=None).select_related("enterprise").order_by("id"):
        rounds = rounds_by_city.get(product.enterprise.province)
        if rounds:
            rows.append(
                Application(
                    round=rng.choice(rounds),
                    product=product,
                    enterprise=product.enterprise,
                    kind=rng.choice(Recognition.Kind.values),
                    status=rng.choice(APPLICATION_STATUSES),
                    market_summary="Hồ sơ do lệnh bench tạo.",
                )
            )
    return len(Application.objects.bulk_create(rows, batch_size=2000))


# --- The register of a city at report scale -----------------------------------------------------------------

REGISTER_BATCH = 5000
# Serials of the bench's tax codes start here; seed_demo draws its own at random below 10,000,000, so the few it
# might share are skipped (taken_codes).
REGISTER_SERIAL_START = 5_000_000
REGISTER_ACTIVITIES = 12
REGISTER_ROUND_YEARS = (2022, 2024)
REGISTER_LAST_DAY = date(2026, 6, 30)


@dataclass(frozen=True)
class RegisterSizes:
    """The city's enterprises at report scale: how many, how many enrolled in the programme, how many products."""

    enterprises: int
    enrolled: int
    products: int


def _register_tax_codes(city_code: str, count: int) -> list[str]:
    taken = set(Enterprise.objects.values_list("tax_code", flat=True))
    codes, serial = [], REGISTER_SERIAL_START
    while len(codes) < count:
        body = f"{TAX_PREFIX[city_code]}{serial:07d}"
        code = body + mst.calc_check_digit(body)
        serial += 1
        if len(code) == 10 and code not in taken:
            codes.append(code)
    return codes


def _weighted(rng: random.Random, pairs) -> str:
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def _register_enterprise(rng: random.Random, city, tax_code: str) -> Enterprise:
    sector = _weighted(rng, SECTOR_WEIGHTS[city.code].items())
    district = rng.choice(DISTRICTS[city.code])
    brand = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)}"
    employees = min(5000, int(rng.paretovariate(1.2) * 8))
    revenue = Decimal(str(round(employees * rng.uniform(0.2, 1.5), 2)))
    enterprise = Enterprise(
        tax_code=tax_code,
        name=f"{_weighted(rng, LEGAL_FORMS)} {rng.choice(SECTOR_WORDS[sector])} {brand} {district}",
        address=f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, {district}, {city.name}",
        province=city.name,
        district=district,
        ownership=Enterprise.Ownership.PRIVATE if rng.random() < 0.85 else Enterprise.Ownership.FDI,
        sector=sector,
        employees=employees,
        revenue=revenue,
        capital=Decimal(str(round(float(revenue) * rng.uniform(0.2, 0.8), 2))),
        representative=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        contact_email=f"lienhe.{tax_code}@example.vn",
        is_demo=False,
    )
    derive_fields(enterprise)
    return enterprise


def _register_day(rng: random.Random, program: Program) -> date:
    start = date(program.period_start, 1, 10)
    end = min(date(program.period_end, 12, 15), REGISTER_LAST_DAY)
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


@transaction.atomic
def seed_register(program_slug: str, sizes: RegisterSizes, *, seed: int = 2024) -> dict[str, int]:
    """A city's register at report scale for one programme, in bulk inserts (a minute or two for 100,000).

    The rows stand for what a Department records, not for demo data (is_demo False), so that the report shows
    them as it would be issued: a report leaves demo records out. `sizes.enterprises` enterprises of the
    programme's city, the first `sizes.enrolled` of them enrolled in it, each enrolled one taking part in up
    to three of the programme's activities, and `sizes.products` products of enrolled enterprises, each
    recognised in one of the programme's rounds.
    """
    rng = random.Random(f"register:{seed}")
    program = Program.objects.select_related("city").get(slug=program_slug)
    city = program.city
    enrolled_count = min(sizes.enrolled, sizes.enterprises)
    enterprises = [_register_enterprise(rng, city, code) for code in _register_tax_codes(city.code, sizes.enterprises)]
    enterprises = Enterprise.objects.bulk_create(enterprises, batch_size=REGISTER_BATCH)
    enrolled = enterprises[:enrolled_count]
    Enrollment.objects.bulk_create(
        [Enrollment(enterprise=e, program=program, enrolled_on=_register_day(rng, program)) for e in enrolled],
        batch_size=REGISTER_BATCH,
    )
    activities = []
    for n in range(1, REGISTER_ACTIVITIES + 1):
        kind, title = ACTIVITY_TEMPLATES[(n - 1) % len(ACTIVITY_TEMPLATES)]
        start = _register_day(rng, program)
        activities.append(
            SupportActivity(
                program=program,
                kind=kind,
                title=title.format(n=n),
                start_date=start,
                end_date=start + timedelta(days=rng.randint(0, 3)),
                location=city.name,
                organizer=program.lead_agency,
            )
        )
    activities = SupportActivity.objects.bulk_create(activities)
    participations = [
        Participation(
            activity=activity,
            enterprise=enterprise,
            became_supplier=activity.kind == SupportActivity.Kind.SUPPLIER_CONNECTION and rng.random() < 0.2,
        )
        for enterprise in enrolled
        for activity in rng.sample(activities, rng.randint(0, 3))
    ]
    Participation.objects.bulk_create(participations, batch_size=REGISTER_BATCH)
    products = _register_products(rng, enrolled, sizes.products)
    recognitions = _register_recognitions(rng, program, products)
    refresh_planner_statistics()
    return {
        "enterprises": len(enterprises),
        "enrolled": len(enrolled),
        "participations": len(participations),
        "products": len(products),
        "recognitions": recognitions,
    }


def _register_products(rng: random.Random, enrolled: list[Enterprise], count: int) -> list[Product]:
    makers = [e for e in enrolled if e.sector in PRODUCT_NAMES]
    if not makers:
        return []
    rows = []
    for n in range(1, count + 1):
        enterprise = rng.choice(makers)
        name = f"{rng.choice(PRODUCT_NAMES[enterprise.sector])} {rng.choice('ABCDEHKMST')}{100 + n}"
        description = "Sản phẩm của bộ dữ liệu đo hiệu năng."
        rows.append(
            Product(
                enterprise=enterprise,
                name=name,
                sector=enterprise.sector,
                description=description,
                search_text=product_search_text(name=name, description=description, sector=enterprise.sector),
            )
        )
    return Product.objects.bulk_create(rows, batch_size=REGISTER_BATCH)


def _register_recognitions(rng: random.Random, program: Program, products: list[Product]) -> int:
    rounds = list(RecognitionRound.objects.filter(program=program, status=RecognitionRound.Status.CLOSED))
    for year in REGISTER_ROUND_YEARS:
        if not any(r.year == year for r in rounds):
            rounds.append(
                RecognitionRound.objects.create(
                    program=program,
                    year=year,
                    title=f"Xét chọn sản phẩm công nghiệp chủ lực năm {year} (bộ dữ liệu đo hiệu năng)",
                    status=RecognitionRound.Status.CLOSED,
                )
            )
    rows = []
    for n, product in enumerate(products, start=1):
        round_ = rng.choice(rounds)
        decided = date(round_.year, 12, rng.randint(1, 20))
        rows.append(
            Recognition(
                product=product,
                round=round_,
                kind=Recognition.Kind.KEY if rng.random() < 0.7 else Recognition.Kind.POTENTIAL,
                is_first_time=rng.random() < 0.55,
                decision_number=f"{rng.randint(100, 999)}/QĐ-UBND",
                decision_date=decided,
                certificate_number=f"BENCH-{round_.year}-{n:06d}",
                valid_from=decided,
                valid_until=decided + timedelta(days=3 * 365),
                **certified_fields(product),
            )
        )
    return len(Recognition.objects.bulk_create(rows, batch_size=REGISTER_BATCH))


class _Discard:
    """A stdout for the seeding commands: their summaries would break the table (and --json)."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
