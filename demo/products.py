"""Demo products, past rounds and recognitions (is_demo=True), drawn from one random.Random; removing the demo
rows of the products app, and finding the rows seed_demo did not make that would stand in its way."""

import random
from datetime import date

from django.db.models import Q

from core.dates import add_years
from demo.rounds import DEMO_VALID_YEARS
from demo.task_updates import delete_files_on_commit
from enterprises.models import Enterprise, Sector
from products.certified import certified_fields
from products.models import (
    Application,
    ApplicationDocument,
    CouncilMember,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
    RecognitionStatusChange,
)
from products.selectors import product_search_text
from programs.models import Program

BATCH_SIZE = 2000
DEMO_DESCRIPTION = "Sản phẩm minh họa do lệnh seed_demo tạo."

PRODUCT_NAMES = {
    Sector.RUBBER_PLASTICS: ("Ống nhựa HDPE", "Bao bì màng PP dệt", "Gioăng cao su chịu nhiệt", "Hạt nhựa tái chế PET",
                             "Chi tiết nhựa ép phun", "Tấm nhựa PVC", "Lốp xe công nghiệp", "Băng tải cao su"),
    Sector.MECHANICAL: ("Khuôn dập kim loại", "Máy đóng gói tự động", "Bánh răng truyền động", "Kết cấu thép tiền chế",
                        "Băng chuyền tự động"),
    Sector.ELECTRONICS: ("Bo mạch điều khiển", "Dây cáp điện", "Bộ nguồn công nghiệp", "Cảm biến nhiệt độ"),
    Sector.COMPONENTS: ("Phụ tùng xe máy", "Linh kiện ô tô bằng nhôm", "Khuôn mẫu ép nhựa", "Ốc vít chính xác"),
    Sector.TEXTILE_LEATHER: ("Vải kỹ thuật", "Đế giày cao su", "Khóa kéo kim loại", "Chỉ may công nghiệp"),
    Sector.FOOD: ("Cà phê rang xay", "Nước mắm truyền thống", "Bánh tráng xuất khẩu", "Thực phẩm đông lạnh"),
    Sector.CHEMICALS: ("Sơn nước nội thất", "Chất tẩy rửa công nghiệp", "Viên nang thảo dược"),
    Sector.MATERIALS: ("Thép cán nguội", "Gạch không nung", "Kính cường lực"),
    Sector.HIGH_TECH: ("Mô-đun IoT", "Thiết bị đo lường thông minh", "Phần mềm điều khiển máy CNC"),
}  # fmt: skip
# A round that no seeded program carries, so that HCMC products can be shown recognised too.
DEMO_ROUNDS = {
    "hcm": (2024, "Xét chọn sản phẩm công nghiệp chủ lực, tiềm năng ngành cao su - nhựa năm 2024 (minh họa)")
}


def demo_applications():
    """The demo dossiers, with any made on demo rows while trying the demo (a demo product, enterprise or round)."""
    return Application.objects.filter(Q(product__is_demo=True) | Q(enterprise__is_demo=True) | Q(round__is_demo=True))


def delete_demo_products() -> None:
    """Removes demo products, recognitions (with their suspensions), dossiers (with their figures and, once
    committed, their stored documents) and demo rounds with their events, document lists, criteria, assignments,
    councils and comments (online and on paper)."""
    applications = demo_applications()
    files = list(ApplicationDocument.objects.filter(application__in=applications).values_list("file", flat=True))
    # A recognition protects the dossier it answered: it goes first.
    Recognition.objects.filter(
        Q(is_demo=True) | Q(product__is_demo=True) | Q(round__is_demo=True) | Q(application__in=applications)
    ).delete()
    applications.delete()
    RecognitionRound.objects.filter(is_demo=True).delete()
    Product.objects.filter(is_demo=True).delete()
    delete_files_on_commit(files)


def rows_in_the_way(demo_user_ids: list[int]) -> list[str]:
    """What replacing the demo rounds would take along that seed_demo did not make: dossiers of real enterprises
    and recognitions of real products in a demo round, and seats of other users on a demo round's council."""
    problems = [
        f"hồ sơ “{a.product.name}” của doanh nghiệp thật “{a.enterprise.name}” trong đợt minh họa “{a.round.title}”"
        for a in Application.objects.filter(round__is_demo=True, enterprise__is_demo=False).select_related(
            "product", "enterprise", "round"
        )
    ]
    problems += [
        f"công nhận “{r.product.name}” (không phải dữ liệu minh họa) trong đợt minh họa “{r.round.title}”"
        for r in Recognition.objects.filter(round__is_demo=True, is_demo=False, product__is_demo=False).select_related(
            "product", "round"
        )
    ]
    problems += [
        f"ý kiến bằng văn bản của “{c.author_name}” do tài khoản “{c.entered_by.username}” nhập trong đợt minh họa "
        f"“{c.round.title}”"
        for c in PublicComment.objects.filter(round__is_demo=True, channel=PublicComment.Channel.PAPER)
        .exclude(entered_by_id__in=demo_user_ids)
        .exclude(entered_by=None)
        .select_related("entered_by", "round")
    ]
    problems += [
        f"thay đổi tình trạng công nhận “{c.recognition.product_name}” do tài khoản “{c.actor.username}” ghi trong "
        f"đợt minh họa “{c.recognition.round.title}”"
        for c in RecognitionStatusChange.objects.filter(recognition__round__is_demo=True)
        .exclude(actor_id__in=demo_user_ids)
        .exclude(actor=None)
        .select_related("actor", "recognition__round")
    ]
    problems += [
        f"tài khoản “{m.user.username}” ngồi trong hội đồng của đợt minh họa “{m.round.title}”"
        for m in CouncilMember.objects.filter(round__is_demo=True)
        .exclude(user_id__in=demo_user_ids)
        .select_related("user", "round")
    ]
    return problems


def create_demo_products(rng: random.Random, *, count: int, enterprises: list[Enterprise]) -> list[Product]:
    makers = [e for e in enterprises if e.sector in PRODUCT_NAMES]
    if not makers:
        return []
    rows = []
    for n in range(1, count + 1):
        enterprise = rng.choice(makers)
        name = f"{rng.choice(PRODUCT_NAMES[enterprise.sector])} {rng.choice('ABCDEHKMST')}{100 + n}"
        rows.append(demo_product(enterprise, name))
    return Product.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def demo_product(enterprise: Enterprise, name: str) -> Product:
    """An unsaved demo product of the enterprise, in its sector."""
    return Product(
        enterprise=enterprise,
        name=name,
        sector=enterprise.sector,
        description=DEMO_DESCRIPTION,
        is_demo=True,
        search_text=product_search_text(name=name, description=DEMO_DESCRIPTION, sector=enterprise.sector),
    )


def demo_rounds(programs: list[Program], taken: dict[int, set[int]] | None = None) -> list[RecognitionRound]:
    """The rounds that get demo recognitions: the seeded rounds, plus a closed demo round for a city that has
    none (unless a round run through the portal takes its year: `taken`, program id -> years). Called after the
    previous demo rounds were removed and before the demo rounds run through the portal are made."""
    taken = taken or {}
    rounds = list(RecognitionRound.objects.filter(program__in=programs, is_demo=False).select_related("program__city"))
    cities_with_round = {r.program.city.code for r in rounds}
    for program in programs:
        spec = DEMO_ROUNDS.get(program.city.code)
        if spec and program.city.code not in cities_with_round and spec[0] not in taken.get(program.id, set()):
            year, title = spec
            rounds.append(
                RecognitionRound.objects.create(
                    program=program,
                    year=year,
                    title=title,
                    status=RecognitionRound.Status.CLOSED,
                    valid_years=DEMO_VALID_YEARS,
                    is_demo=True,
                )
            )
            cities_with_round.add(program.city.code)
    return sorted(rounds, key=lambda r: (r.program.slug, r.year))


def create_demo_recognitions(
    rng: random.Random, *, products: list[Product], rounds: list[RecognitionRound]
) -> list[Recognition]:
    """About as many recognitions per round as the plans aim for (around 30), from products of the round's city."""
    rows = []
    for round_ in rounds:
        city_name = round_.program.city.name
        pool = [p for p in products if p.enterprise.province == city_name]
        decided = date(round_.year, 12, rng.randint(1, 20))
        for n, product in enumerate(rng.sample(pool, min(len(pool), rng.randint(28, 36))), start=1):
            rows.append(
                Recognition(
                    product=product,
                    round=round_,
                    # Hanoi's programme selects key products only; HCMC's names key and potential groups.
                    kind=Recognition.Kind.POTENTIAL
                    if round_.program.city.code != "hanoi" and rng.random() >= 0.7
                    else Recognition.Kind.KEY,
                    is_first_time=rng.random() < 0.55,
                    decision_number=f"MH-{round_.year}/QĐ-UBND",
                    decision_date=decided,
                    certificate_number=f"MH-{round_.program.city.code.upper()}-{round_.year}-{n:04d}",
                    valid_from=decided,
                    valid_until=add_years(decided, DEMO_VALID_YEARS),
                    is_demo=True,
                    **certified_fields(product),
                )
            )
    return Recognition.objects.bulk_create(rows, batch_size=BATCH_SIZE)
