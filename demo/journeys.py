"""Demo recognition rounds that are open today, and dossiers in every status of the workflow.

Each dossier is made through the products services, step by step, by the person who would take that step: the
enterprise creates, fills in, uploads and submits; the city's staff review, ask for a supplement, send to the
council, publish for comment and decide; each council member saves a score sheet. So the events, scores,
averages and certificates are the ones the portal itself would have written.

The rounds, their document lists, criteria sheets and councils are demo configuration (the articles give no
such details): every title says "(minh họa)". Dates count from today, so the round is open and one comment
window is running whenever seed_demo runs; everything else comes from one random.Random.
"""

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.products import PRODUCT_NAMES, demo_product
from enterprises.models import Enterprise, Sector
from products import services
from products.models import (
    Application,
    ApplicationEvent,
    CouncilMember,
    Criterion,
    DocumentType,
    Product,
    Recognition,
    RecognitionRound,
)
from programs.models import Program
from programs.seed_data import HANOI_KEY_PRODUCTS_2022, HCM_RUBBER_PLASTICS

S = Application.Status
DEMO_MARK = "(minh họa)"


@dataclass(frozen=True)
class OpenRoundSpec:
    program_slug: str
    title: str  # formatted with the year
    criteria: tuple[tuple[str, str, int], ...]  # name, description, maximum points
    # The sectors whose enterprises apply in the demo; None: any sector that makes products.
    sectors: tuple[str, ...] | None


# Each city's key-product programme: HCMC's rubber-plastics programme (its first task group names the key and
# potential product groups of the industry) and Hanoi's Plan 267/KH-UBND. The sheets are demo sheets: Hanoi's
# follows the kinds of criteria its rounds name (growth, scale, labour productivity, export, quality), HCMC's the
# three parts of the portal's application form; the points are made up and add up to 100.
OPEN_ROUNDS = {
    "hcm": OpenRoundSpec(
        HCM_RUBBER_PLASTICS,
        "Xét chọn sản phẩm công nghiệp chủ lực, tiềm năng ngành cao su - nhựa năm {year} " + DEMO_MARK,
        (
            ("Thị trường, doanh thu, xuất khẩu", "Doanh thu, thị phần và xuất khẩu của sản phẩm qua các năm.", 35),
            ("Kinh tế - kỹ thuật, công nghệ, chất lượng", "Công nghệ sản xuất, tiêu chuẩn chất lượng áp dụng.", 35),
            ("Quy mô và năng suất lao động", "Sản lượng, số lao động và năng suất lao động.", 15),
            ("Xã hội - môi trường", "Việc làm, thu nhập người lao động, xử lý chất thải, tái chế.", 15),
        ),
        (Sector.RUBBER_PLASTICS,),
    ),
    "hanoi": OpenRoundSpec(
        HANOI_KEY_PRODUCTS_2022,
        "Xét chọn sản phẩm công nghiệp chủ lực thành phố Hà Nội năm {year} " + DEMO_MARK,
        (
            ("Tăng trưởng", "Tốc độ tăng doanh thu, sản lượng của sản phẩm qua các năm.", 20),
            ("Quy mô", "Doanh thu, sản lượng và vốn của doanh nghiệp.", 20),
            ("Năng suất lao động", "Giá trị sản xuất trên một lao động.", 20),
            ("Khả năng xuất khẩu", "Kim ngạch và thị trường xuất khẩu.", 20),
            ("Chất lượng", "Tiêu chuẩn, chứng nhận chất lượng của sản phẩm.", 20),
        ),
        None,
    ),
}
DOCUMENT_TYPES = (
    ("Đơn đăng ký xét chọn sản phẩm", "Theo mẫu của đợt xét chọn, có chữ ký của người đại diện.", True),
    ("Giấy chứng nhận đăng ký doanh nghiệp", "Bản sao.", True),
    ("Báo cáo tài chính và số liệu sản xuất, kinh doanh 3 năm gần nhất", "Doanh thu, sản lượng, xuất khẩu.", True),
    ("Chứng nhận hệ thống quản lý, chứng nhận chất lượng sản phẩm", "Nếu có (ISO 9001, hợp chuẩn...).", False),
)


@dataclass(frozen=True)
class Dossier:
    """One demo dossier: whose it is (0 = the demo login's enterprise) and how far it goes."""

    owner: int
    goal: str
    via_supplement: bool = False


# In the order they are made: the last made is the first of every list (newest change first), so the dossiers a
# newcomer acts on come first on the enterprise's and the staff's lists.
DOSSIERS = (
    Dossier(1, "rejected_by_decision"),
    Dossier(2, "recognised"),
    Dossier(3, "rejected_at_review"),
    Dossier(1, "comment_closed_failing"),
    Dossier(2, "comment_closed_passing", via_supplement=True),
    Dossier(3, "comment_open", via_supplement=True),
    Dossier(1, "scored"),
    Dossier(2, "partly_scored"),
    Dossier(3, "unscored"),
    Dossier(1, "resubmitted"),
    Dossier(2, "under_review"),
    Dossier(3, "submitted"),
    Dossier(1, "submitted"),
    Dossier(2, "draft"),
    Dossier(0, "recognised"),
    Dossier(0, "withdrawn"),
    Dossier(0, "submitted"),
    Dossier(0, "supplement_requested"),
    Dossier(0, "draft_ready"),
)
APPLICANTS_PER_CITY = 3  # besides the demo login's enterprise
GOAL_STATUS = {
    "draft": S.DRAFT,
    "draft_ready": S.DRAFT,
    "submitted": S.SUBMITTED,
    "under_review": S.UNDER_REVIEW,
    "supplement_requested": S.SUPPLEMENT_REQUESTED,
    "resubmitted": S.RESUBMITTED,
    "withdrawn": S.WITHDRAWN,
    "rejected_at_review": S.REJECTED,
    "unscored": S.COUNCIL_SCORING,
    "partly_scored": S.COUNCIL_SCORING,
    "scored": S.COUNCIL_SCORING,
    "comment_open": S.PUBLIC_COMMENT,
    "comment_closed_passing": S.PUBLIC_COMMENT,
    "comment_closed_failing": S.PUBLIC_COMMENT,
    "recognised": S.RECOGNISED,
    "rejected_by_decision": S.REJECTED,
}
FAILING_GOALS = {"comment_closed_failing", "rejected_by_decision"}
COUNCIL_GOALS = {"scored", "comment_open", "comment_closed_passing", "comment_closed_failing", "recognised",
                 "rejected_by_decision"}  # fmt: skip
SPARE_PRODUCTS = 1  # products of the demo login's enterprise with no dossier yet: something to apply with
PRODUCTS_PER_ROUND = len(DOSSIERS) + SPARE_PRODUCTS

SUPPLEMENT_NOTE = (
    "Đề nghị bổ sung báo cáo tài chính năm {year} đã được kiểm toán và giải trình số liệu xuất khẩu nêu trong hồ sơ "
    + DEMO_MARK
    + "."
)
REVIEW_REJECTION_NOTE = "Sản phẩm không thuộc nhóm sản phẩm của đợt xét chọn " + DEMO_MARK + "."
WITHDRAWAL_NOTE = "Doanh nghiệp rút hồ sơ để hoàn thiện số liệu, sẽ đăng ký ở đợt sau " + DEMO_MARK + "."
PUBLIC_COMMENTS = (
    ("Nguyễn Văn Khánh", "khanh.nguyen@example.vn",
     "Ý kiến minh họa: doanh nghiệp chúng tôi dùng sản phẩm này nhiều năm, chất lượng ổn định; đề nghị Hội đồng "
     "xem xét công nhận."),
    ("Hiệp hội doanh nghiệp ngành " + DEMO_MARK, "",
     "Ý kiến minh họa: đề nghị làm rõ số liệu xuất khẩu năm gần nhất trong hồ sơ."),
)  # fmt: skip
MARKETS = ("Nhật Bản", "Hàn Quốc", "Hoa Kỳ", "EU", "ASEAN", "Úc")
STANDARDS = ("ISO 9001:2015", "ISO 9001:2015 và ISO 14001:2015", "IATF 16949", "ISO 9001:2015 và 5S - Kaizen")


@dataclass
class Cast:
    """Who acts: the city's staff, the council of the city's round, the applicants (enterprise, its user)."""

    staff: dict[str, object]
    council: dict[str, list[tuple[object, str]]]  # city code -> [(user, title in the council)]
    applicants: dict[str, list[tuple[Enterprise, object]]]  # city code -> [(enterprise, user)], the login's first


# ---------------------------------------------------------------- rounds


def open_round_year(today: date) -> int:
    return today.year


def round_collisions(programs: list[Program], year: int) -> list[RecognitionRound]:
    """Rounds seed_demo did not make that hold the place (programme, year) of a demo open round."""
    slugs = [spec.program_slug for spec in OPEN_ROUNDS.values()]
    return list(
        RecognitionRound.objects.filter(
            program__in=[p for p in programs if p.slug in slugs], year=year, is_demo=False
        ).select_related("program")
    )


def create_open_rounds(
    *, programs: list[Program], today: date, council: dict[str, list[tuple[object, str]]]
) -> dict[str, RecognitionRound]:
    """One open round per city, with its document list, a 100-point sheet and its seated council."""
    by_slug = {p.slug: p for p in programs}
    year = open_round_year(today)
    rounds = {}
    for city, spec in OPEN_ROUNDS.items():
        program = by_slug.get(spec.program_slug)
        if program is None:
            continue
        round_ = RecognitionRound.objects.create(
            program=program,
            year=year,
            title=spec.title.format(year=year),
            opens_on=today - timedelta(days=45),
            closes_on=today + timedelta(days=30),
            status=RecognitionRound.Status.OPEN,
            is_demo=True,
        )
        DocumentType.objects.bulk_create(
            DocumentType(round=round_, order=n, name=name, description=f"{hint} {DEMO_MARK}", is_required=required)
            for n, (name, hint, required) in enumerate(DOCUMENT_TYPES, start=1)
        )
        Criterion.objects.bulk_create(
            Criterion(round=round_, order=n, name=name, description=f"{hint} {DEMO_MARK}", max_points=Decimal(points))
            for n, (name, hint, points) in enumerate(spec.criteria, start=1)
        )
        CouncilMember.objects.bulk_create(
            CouncilMember(round=round_, user=user, title=title) for user, title in council.get(city, [])
        )
        rounds[city] = round_
    return rounds


def applicant_enterprises(enterprises: list[Enterprise], *, province: str, city: str, exclude: set[int]) -> list:
    """The generated demo enterprises of the city that apply in its open round (makers in the round's sectors)."""
    spec = OPEN_ROUNDS.get(city)
    sectors = spec.sectors if spec and spec.sectors else tuple(PRODUCT_NAMES)
    pool = [e for e in enterprises if e.province == province and e.id not in exclude]
    preferred = [e for e in pool if e.sector in sectors]
    makers = [e for e in pool if e.sector in PRODUCT_NAMES and e.sector not in sectors]
    return (preferred + makers)[:APPLICANTS_PER_CITY]


# ---------------------------------------------------------------- dossiers


@dataclass
class _Context:
    rng: random.Random
    today: date
    round: RecognitionRound
    staff: object
    council: list[object]
    city: str
    stored: list[str]
    counts: Counter


def create_demo_dossiers(
    rng: random.Random, *, rounds: dict[str, RecognitionRound], cast: Cast, today: date, stored: list[str]
) -> Counter:
    """Every dossier of DOSSIERS in each city's open round, plus a spare product for the demo login to apply with.

    `stored` receives the name of every file written, so that the caller can remove them if it rolls back.
    Returns the count of dossiers per final status.
    """
    counts: Counter = Counter()
    for city, round_ in rounds.items():
        applicants = cast.applicants.get(city) or []
        if not applicants:
            continue
        context = _Context(
            rng=rng,
            today=today,
            round=round_,
            staff=cast.staff[city],
            council=[user for user, _title in cast.council.get(city, [])],
            city=city,
            stored=stored,
            counts=counts,
        )
        products = _dossier_products(rng, applicants)
        for dossier, product in zip(DOSSIERS, products, strict=False):
            enterprise, user = applicants[dossier.owner % len(applicants)]
            _build(context, dossier, product, user)
    # Demo events are not announced by e-mail: the notification task finds them already claimed.
    ApplicationEvent.objects.filter(application__round__in=rounds.values(), notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    Recognition.objects.filter(round__in=rounds.values()).update(is_demo=True)
    return counts


def _dossier_products(rng: random.Random, applicants: list[tuple[Enterprise, object]]) -> list[Product]:
    """One product per dossier (for its owner's enterprise), then the spare products of the login's enterprise."""
    owners = [applicants[d.owner % len(applicants)][0] for d in DOSSIERS]
    owners += [applicants[0][0]] * SPARE_PRODUCTS
    taken: set[str] = set()
    rows = []
    for enterprise in owners:
        names = PRODUCT_NAMES.get(enterprise.sector) or PRODUCT_NAMES[Sector.RUBBER_PLASTICS]
        while True:
            name = f"{rng.choice(names)} {rng.choice('ABCDEHKMST')}{rng.randint(10, 99)}"
            if name not in taken:
                taken.add(name)
                break
        rows.append(demo_product(enterprise, name))
    return Product.objects.bulk_create(rows)[: len(DOSSIERS)]


def _build(ctx: _Context, dossier: Dossier, product: Product, user) -> Application:
    goal = dossier.goal
    kind = Recognition.Kind.KEY if ctx.rng.random() < 0.7 else Recognition.Kind.POTENTIAL
    application = services.application_create(actor=user, product=product, round=ctx.round, kind=kind)
    market, technical, social = _summaries(ctx.rng, ctx.today.year)
    if goal == "draft":
        technical = social = ""
    application = services.application_update(
        actor=user,
        application=application,
        kind=kind,
        market_summary=market,
        technical_summary=technical,
        social_summary=social,
    )
    document_types = list(ctx.round.document_types.all())
    required = [t for t in document_types if t.is_required]
    if goal == "draft":
        uploads = []
    elif goal == "draft_ready":
        uploads = required[:-1]  # the last one is the newcomer's to add before submitting
    else:
        uploads = required + [t for t in document_types if not t.is_required and ctx.rng.random() < 0.5]
    for document_type in uploads:
        _upload(ctx, user, application, document_type)
    if goal not in ("draft", "draft_ready"):
        _advance(ctx, dossier, application, user, document_types)
    application.refresh_from_db()
    if application.status != GOAL_STATUS[goal]:
        raise RuntimeError(f"The demo dossier meant to be {goal} ended {application.status}.")
    ctx.counts[application.status] += 1
    return application


def _advance(ctx: _Context, dossier: Dossier, application: Application, user, document_types) -> None:
    goal, staff = dossier.goal, ctx.staff

    def move(actor, status, note=""):
        services.application_transition(actor=actor, application=application, to_status=status, note=note)

    move(user, S.SUBMITTED)
    if goal == "submitted":
        return
    move(staff, S.UNDER_REVIEW)
    if goal in ("supplement_requested", "resubmitted") or dossier.via_supplement:
        move(staff, S.SUPPLEMENT_REQUESTED, SUPPLEMENT_NOTE.format(year=ctx.today.year - 1))
        if goal == "supplement_requested":
            return
        _upload(ctx, user, application, document_types[2])  # the audited report the staff asked for
        move(user, S.RESUBMITTED)
        if goal == "resubmitted":
            return
        move(staff, S.UNDER_REVIEW)
    if goal == "under_review":
        return
    if goal == "withdrawn":
        move(user, S.WITHDRAWN, WITHDRAWAL_NOTE)
        return
    if goal == "rejected_at_review":
        move(staff, S.REJECTED, REVIEW_REJECTION_NOTE)
        return
    move(staff, S.COUNCIL_SCORING)
    if goal == "unscored":
        return
    # "partly_scored": every member but the demo council login (the first seated) has scored: theirs to do.
    members = ctx.council[1:] if goal == "partly_scored" else ctx.council
    passing = goal not in FAILING_GOALS
    for member in members:
        services.council_scores_save(actor=member, application=application, points=_sheet(ctx, passing))
    if goal in ("partly_scored", "scored"):
        return
    window = _comment_window(goal, ctx.today, ctx.round.program.comment_min_days)
    # Published on the window's first day, as staff would have done then: a window opens that day or later.
    application = services.application_open_comment(
        actor=staff, application=application, opens_on=window[0], closes_on=window[1], today=window[0]
    )
    if goal == "comment_open":
        for name, email, body in PUBLIC_COMMENTS:
            services.public_comment_add(application=application, author_name=name, author_email=email, body=body)
    if goal in ("recognised", "rejected_by_decision"):
        services.application_decide(
            actor=staff,
            application=application,
            decision_number=f"MH-{ctx.round.year}-{ctx.city.upper()}/QĐ-UBND",
            decision_date=_decision_date(window[1] + timedelta(days=5)),
            today=ctx.today,
        )


def _comment_window(goal: str, today: date, min_days: int) -> tuple[date, date]:
    """The dossier's comment window: running today, or over (two days ago, or long enough ago to be decided),
    and never shorter than the programme's minimum."""
    shortest = timedelta(days=min_days - 1)
    if goal == "comment_open":
        opens_on = today - timedelta(days=4)
        return opens_on, max(today + timedelta(days=10), opens_on + shortest)
    if goal in ("comment_closed_passing", "comment_closed_failing"):
        opens_on, closes_on = today - timedelta(days=20), today - timedelta(days=2)
    else:
        opens_on, closes_on = today - timedelta(days=35), today - timedelta(days=15)
    return min(opens_on, closes_on - shortest), closes_on


def _decision_date(day: date) -> date:
    # Never 29 February: a recognition runs whole years from its decision date.
    return day - timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def _sheet(ctx: _Context, passing: bool) -> dict[int, Decimal]:
    """One member's points: a passing sheet totals at least 71.75 of 100, a failing one at most 66.25."""
    level = ctx.rng.uniform(0.78, 0.92) if passing else ctx.rng.uniform(0.45, 0.60)
    points = {}
    for criterion in ctx.round.criteria.all():
        share = min(1.0, max(0.0, level + ctx.rng.uniform(-0.05, 0.05)))
        halves = round(float(criterion.max_points) * share * 2)
        points[criterion.id] = min(criterion.max_points, Decimal(halves) / 2)
    return points


def _upload(ctx: _Context, user, application: Application, document_type: DocumentType) -> None:
    name = f"{_slug(document_type.name)}.pdf"
    content = demo_pdf(
        [
            "TAI LIEU MINH HOA - khong co gia tri phap ly",
            f"Tao boi lenh seed_demo cho ho so xet chon: {_ascii(application.product.name)}",
            f"Loai tai lieu: {_ascii(document_type.name)}",
            f"Doanh nghiep: {_ascii(application.enterprise.name)}",
            f"Dot xet chon: {_ascii(ctx.round.title)}",
        ]
    )
    document = services.document_add(
        actor=user,
        application=application,
        document_type=document_type,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )
    ctx.stored.append(document.file.name)


def _summaries(rng: random.Random, year: int) -> tuple[str, str, str]:
    first, growth = rng.uniform(20, 400), rng.uniform(1.04, 1.25)
    export = rng.randint(5, 60)
    market = (
        f"Doanh thu của sản phẩm: {_vn(first)} tỷ đồng năm {year - 2}, {_vn(first * growth)} tỷ đồng năm {year - 1}; "
        f"xuất khẩu {export}% sản lượng, chủ yếu sang {rng.choice(MARKETS)} và {rng.choice(MARKETS)}. "
        f"Số liệu minh họa."
    )
    technical = (
        f"Dây chuyền sản xuất tự động hóa {rng.randint(40, 95)}%; áp dụng {rng.choice(STANDARDS)}; "
        f"tỷ lệ nội địa hóa {rng.randint(35, 90)}%. Số liệu minh họa."
    )
    social = (
        f"{rng.randint(60, 900)} lao động, thu nhập bình quân {_vn(rng.uniform(7, 16))} triệu đồng/tháng; "
        f"tái sử dụng {rng.randint(20, 80)}% phế liệu sản xuất. Số liệu minh họa."
    )
    return market, technical, social


def _vn(value: float) -> str:
    """One decimal, the Vietnamese way: 1.234,5."""
    text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.removesuffix(",0")


# ---------------------------------------------------------------- demo documents


def _ascii(text: str) -> str:
    """The text without Vietnamese marks (the demo PDF uses a standard font): "Đợt xét chọn" → "Dot xet chon"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn" and ord(ch) < 128)


def _slug(text: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in _ascii(text).lower()).split()
    return "-".join(words)[:80] or "tai-lieu"


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with the given lines in Helvetica: small, valid, and the same bytes for the same lines."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"]
    for n, line in enumerate(lines):
        text_ops.append(f"({escape(line)}) {'Tj' if n == 0 else chr(39)}")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (Tai lieu minh hoa) /Producer (seed_demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
