"""Demo recognition rounds run the way the portal runs them, and dossiers in every status of the workflow.

Each city's staff set up and open their rounds through the round services (demo/rounds.py). Each dossier is made
through the products services, step by step, by the person who would take that step: the enterprise creates it,
gives its figures for the three years before the round, claims its certifications, uploads and submits; the
city's staff review it, ask for a supplement and send it to the council; each council member scores the criteria
assigned to them, starting from the score the figures suggest; the chair closes scoring; the staff publish the
round's result list for comment, enter a comment received on paper, answer or note each comment, record the
city UBND's decision with its (demo) signer, mark the Top 10 from the ranking and suspend a recognition. So the
events, scores, ranks, comments and certificates are the ones the portal itself would have written.

The rounds of each city (dates count from today, so the open round is open and a comment window is running):
- an open round of this year in each city: dossiers from the draft to the council's scoring;
- Hanoi, last year's round: scored as assigned, ranked, its result published with comments still being taken
  (the Top 10 is for staff to mark);
- Hanoi, the round of two years ago: decided by the UBND, Top 10 marked, one recognition suspended;
- HCMC, last year's round (average rule): published, its comment deadline over, every comment handled: ready
  for the UBND's decision.
Everything else comes from one random.Random.
"""

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo import rounds as round_demo
from demo.products import PRODUCT_NAMES, demo_product
from enterprises.models import Certification, Enterprise, Sector
from products import comments as comment_services
from products import decision as decision_services
from products import dossier as dossier_services
from products import lifecycle, scoring, services
from products import rounds as round_services
from products.models import (
    Application,
    ApplicationEvent,
    CouncilMember,
    DocumentType,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
)
from products.selectors import active_signers, recognition_committee
from programs.models import Program
from programs.seed_data import HANOI_KEY_PRODUCTS_2022, HCM_RUBBER_PLASTICS

S = Application.Status
H = PublicComment.Handling
DEMO_MARK = "(minh họa)"

OPEN, PUBLISHED, TO_DECIDE, DECIDED = "open", "published", "to_decide", "decided"


@dataclass(frozen=True)
class Dossier:
    """One demo dossier: whose it is (0 = the demo login's enterprise) and how far it goes."""

    owner: int
    goal: str
    via_supplement: bool = False


# An open round: in the order they are made; the last made is the first of every list (newest change first), so
# the dossiers a newcomer acts on come first on the enterprise's and the staff's lists.
OPEN_DOSSIERS = (
    Dossier(3, "rejected_at_review"),
    Dossier(1, "scored", via_supplement=True),
    Dossier(2, "partly_scored"),
    Dossier(3, "unscored"),
    Dossier(1, "resubmitted"),
    Dossier(2, "under_review"),
    Dossier(3, "submitted"),
    Dossier(1, "submitted"),
    Dossier(2, "draft"),
    Dossier(0, "withdrawn"),
    Dossier(0, "submitted"),
    Dossier(0, "supplement_requested"),
    Dossier(0, "draft_ready"),
)
# A past round: every dossier reaches the council and is scored; the failing ones stay off the published list.
HANOI_DECIDED_DOSSIERS = (
    *(Dossier(n % 4, "passing", via_supplement=n in (2, 7)) for n in range(1, 12)),
    Dossier(3, "failing"),
)
HANOI_PUBLISHED_DOSSIERS = (
    *(Dossier(n % 4, "passing", via_supplement=n == 3) for n in range(1, 11)),
    Dossier(1, "failing"),
)
HCM_PAST_DOSSIERS = (
    *(Dossier(n % 4, "passing", via_supplement=n == 2) for n in range(1, 6)),
    Dossier(2, "failing"),
)


@dataclass(frozen=True)
class RoundPlan:
    city: str
    program_slug: str
    years_back: int
    stage: str
    dossiers: tuple[Dossier, ...]


# Oldest first, as they happened: the open rounds' dossiers are the newest changes, first on every list.
ROUND_PLANS = (
    RoundPlan("hanoi", HANOI_KEY_PRODUCTS_2022, 2, DECIDED, HANOI_DECIDED_DOSSIERS),
    RoundPlan("hanoi", HANOI_KEY_PRODUCTS_2022, 1, PUBLISHED, HANOI_PUBLISHED_DOSSIERS),
    RoundPlan("hcm", HCM_RUBBER_PLASTICS, 1, TO_DECIDE, HCM_PAST_DOSSIERS),
    RoundPlan("hcm", HCM_RUBBER_PLASTICS, 0, OPEN, OPEN_DOSSIERS),
    RoundPlan("hanoi", HANOI_KEY_PRODUCTS_2022, 0, OPEN, OPEN_DOSSIERS),
)
# The sectors whose enterprises apply in the demo; None: any sector that makes products.
CITY_SECTORS = {"hcm": (Sector.RUBBER_PLASTICS,), "hanoi": None}
APPLICANTS_PER_CITY = 3  # besides the demo login's enterprise
SPARE_PRODUCTS = 1  # products of the demo login's enterprise with no dossier yet: something to apply with
CITIES = ("hcm", "hanoi")
DOSSIER_COUNT = sum(len(plan.dossiers) for plan in ROUND_PLANS)
DOSSIER_PRODUCTS = DOSSIER_COUNT + SPARE_PRODUCTS * len(CITIES)

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
    "passing": S.COUNCIL_SCORING,
    "failing": S.COUNCIL_SCORING,
}
SCORED_GOALS = {"scored", "partly_scored", "passing", "failing"}

SUPPLEMENT_NOTE = (
    "Đề nghị bổ sung báo cáo tài chính năm {year} đã được kiểm toán và giải trình số liệu xuất khẩu nêu trong hồ sơ "
    + DEMO_MARK
    + "."
)
REVIEW_REJECTION_NOTE = "Sản phẩm không thuộc nhóm sản phẩm của đợt xét chọn " + DEMO_MARK + "."
WITHDRAWAL_NOTE = "Doanh nghiệp rút hồ sơ để hoàn thiện số liệu, sẽ đăng ký ở đợt sau " + DEMO_MARK + "."
SUSPENSION_REASON = (
    "Doanh nghiệp không duy trì hệ thống quản lý chất lượng đã kê khai trong hồ sơ xét chọn; tạm đình chỉ đến khi "
    "được chứng nhận lại " + DEMO_MARK + "."
)


@dataclass(frozen=True)
class CommentSpec:
    channel: str
    author: str
    contact: str  # e-mail online, postal address on paper
    body: str
    on_product: bool  # on one proposed product (the first of the list), else on the whole list
    day: int  # days after publication it arrived
    handling: str  # "" = waiting for an answer
    response: str = ""


ANSWER = (
    "Sở Công Thương đã đối chiếu số liệu xuất khẩu trong hồ sơ với báo cáo tài chính đã kiểm toán; số liệu khớp "
    "nhau. Trả lời minh họa."
)
COMMENTS = {
    PUBLISHED: (
        CommentSpec(PublicComment.Channel.ONLINE, "Nguyễn Văn Khánh", "khanh.nguyen@example.vn",
                    "Ý kiến minh họa: doanh nghiệp chúng tôi dùng sản phẩm này nhiều năm, chất lượng ổn định; đề nghị "
                    "Hội đồng xem xét công nhận.", True, 1, H.NOTED),
        CommentSpec(PublicComment.Channel.ONLINE, "Hiệp hội doanh nghiệp ngành " + DEMO_MARK, "",
                    "Ý kiến minh họa: đề nghị làm rõ số liệu xuất khẩu năm gần nhất trong hồ sơ.", True, 2, H.ANSWERED,
                    ANSWER),
        CommentSpec(PublicComment.Channel.PAPER, "Công ty TNHH Thương mại Minh Họa", "Số 1 phố Minh Họa, quận Hoàn "
                    "Kiếm, Hà Nội " + DEMO_MARK, "Văn bản minh họa gửi qua bưu điện: đề nghị công bố kèm danh sách "
                    "tổng doanh thu và kim ngạch xuất khẩu của các sản phẩm được đề xuất.", False, 3, H.ANSWERED,
                    "Danh sách công bố đã ghi số liệu của từng sản phẩm; tổng số liệu sẽ nêu trong quyết định công "
                    "nhận. Trả lời minh họa."),
        CommentSpec(PublicComment.Channel.ONLINE, "Trần Thị Mai", "mai.tran@example.vn",
                    "Ý kiến minh họa: đề nghị cho biết thời gian trao giấy chứng nhận.", False, 4, ""),
    ),
    TO_DECIDE: (
        CommentSpec(PublicComment.Channel.ONLINE, "Nguyễn Văn Khánh", "khanh.nguyen@example.vn",
                    "Ý kiến minh họa: đề nghị làm rõ số liệu xuất khẩu năm gần nhất trong hồ sơ.", True, 2, H.ANSWERED,
                    ANSWER),
        CommentSpec(PublicComment.Channel.PAPER, "Hiệp hội doanh nghiệp ngành " + DEMO_MARK, "Số 1 đường Minh Họa, "
                    "Quận 3, Thành phố Hồ Chí Minh " + DEMO_MARK, "Văn bản minh họa: Hiệp hội thống nhất với danh "
                    "sách đề xuất công nhận.", False, 5, H.NOTED),
    ),
    DECIDED: (
        CommentSpec(PublicComment.Channel.ONLINE, "Lê Minh Đức", "duc.le@example.vn",
                    "Ý kiến minh họa: đề nghị làm rõ số liệu xuất khẩu năm gần nhất trong hồ sơ.", True, 2, H.ANSWERED,
                    ANSWER),
        CommentSpec(PublicComment.Channel.PAPER, "Công ty Cổ phần Minh Họa", "Số 2 phố Minh Họa, quận Đống Đa, Hà "
                    "Nội " + DEMO_MARK, "Văn bản minh họa: doanh nghiệp đề nghị được biết tiêu chí xếp hạng sản phẩm "
                    "tiêu biểu.", False, 4, H.ANSWERED,
                    "Thứ hạng theo tổng điểm các phần được phân công chấm; bằng điểm thì xét điểm tiêu chí đứng trước "
                    "trong phiếu chấm. Trả lời minh họa."),
    ),
}  # fmt: skip
MARKETS = ("Nhật Bản", "Hàn Quốc", "Hoa Kỳ", "EU", "ASEAN", "Úc")
STANDARDS = ("ISO 9001:2015", "ISO 9001:2015 và ISO 14001:2015", "IATF 16949", "ISO 9001:2015 và 5S - Kaizen")
UNITS = ("tấn", "sản phẩm", "bộ", "nghìn mét")


@dataclass
class Cast:
    """Who acts: the city's staff, the users seated on the councils, the applicants (enterprise, its user)."""

    staff: dict[str, object]
    users: dict[str, object]  # username -> user, for the council seats
    applicants: dict[str, list[tuple[Enterprise, object]]]  # city code -> [(enterprise, user)], the login's first


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class Dates:
    """A round's timetable, counted from today."""

    timetable: round_demo.Timetable
    published_on: date | None = None
    comment_closes_on: date | None = None
    decided_on: date | None = None


def round_dates(stage: str, today: date) -> Dates:
    days = round_demo.DEMO_COMMENT_DAYS - 1

    def timetable(opens_ago: int, open_days: int) -> round_demo.Timetable:
        opens_on = today - timedelta(days=opens_ago)
        return round_demo.Timetable(opens_on - timedelta(days=2), opens_on, opens_on + timedelta(days=open_days))

    if stage == OPEN:
        return Dates(timetable(45, 75))
    if stage == PUBLISHED:
        published = today - timedelta(days=6)
        return Dates(timetable(150, 50), published, published + timedelta(days=days))
    if stage == TO_DECIDE:
        published = today - timedelta(days=25)
        return Dates(timetable(150, 50), published, published + timedelta(days=days))
    published = today - timedelta(days=400)
    closes = published + timedelta(days=days)
    return Dates(timetable(518, 48), published, closes, _decision_date(closes + timedelta(days=6)))


def _decision_date(day: date) -> date:
    # Never 29 February: a recognition runs whole years from its decision date.
    return day - timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def plan_year(plan: RoundPlan, today: date) -> int:
    return today.year - plan.years_back


def open_round_year(today: date) -> int:
    return today.year


def round_collisions(programs: list[Program], today: date) -> list[RecognitionRound]:
    """Rounds seed_demo did not make that hold the place (programme, year) of a demo round."""
    by_slug = {p.slug: p for p in programs}
    places = [
        (by_slug[plan.program_slug], plan_year(plan, today)) for plan in ROUND_PLANS if plan.program_slug in by_slug
    ]
    found = []
    for program, year in places:
        found += RecognitionRound.objects.filter(program=program, year=year, is_demo=False).select_related("program")
    return found


def demo_round_years(programs: list[Program], today: date) -> dict[int, set[int]]:
    """The years each programme's journey rounds take: program id -> years."""
    by_slug = {p.slug: p for p in programs}
    years: dict[int, set[int]] = {}
    for plan in ROUND_PLANS:
        if plan.program_slug in by_slug:
            years.setdefault(by_slug[plan.program_slug].id, set()).add(plan_year(plan, today))
    return years


def applicant_enterprises(enterprises: list[Enterprise], *, province: str, city: str, exclude: set[int]) -> list:
    """The generated demo enterprises of the city that apply in its rounds (makers in the rounds' sectors)."""
    sectors = CITY_SECTORS.get(city) or tuple(PRODUCT_NAMES)
    pool = [e for e in enterprises if e.province == province and e.id not in exclude]
    preferred = [e for e in pool if e.sector in sectors]
    makers = [e for e in pool if e.sector in PRODUCT_NAMES and e.sector not in sectors]
    return (preferred + makers)[:APPLICANTS_PER_CITY]


# ---------------------------------------------------------------- rounds and dossiers


@dataclass
class _Context:
    rng: random.Random
    today: date
    round: RecognitionRound
    plan: RoundPlan
    staff: object
    seats: list[CouncilMember]
    stored: list[str]
    counts: Counter
    certifications: dict[int, list[Certification]] = field(default_factory=dict)
    login_enterprise_id: int | None = None
    sheet: object = None  # the round's scoring.SheetPlan, once read


@dataclass
class DemoRounds:
    rounds: list[RecognitionRound] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def by_stage(self, stage: str) -> list[RecognitionRound]:
        return [r for r in self.rounds if getattr(r, "demo_stage", None) == stage]


def create_demo_rounds(
    rng: random.Random, *, programs: list[Program], cast: Cast, today: date, stored: list[str]
) -> DemoRounds:
    """Every round of ROUND_PLANS with its dossiers, plus a spare product per demo login to apply with.

    `stored` receives the name of every file written, so that the caller can remove them if it rolls back."""
    by_slug = {p.slug: p for p in programs}
    made = DemoRounds()
    certifications = _demo_certifications(cast, today)
    products = _products(rng, cast)
    for plan in ROUND_PLANS:
        program = by_slug.get(plan.program_slug)
        applicants = cast.applicants.get(plan.city) or []
        staff = cast.staff.get(plan.city)
        if program is None or not applicants or staff is None:
            continue
        dates = round_dates(plan.stage, today)
        round_ = round_demo.set_up_round(
            staff=staff,
            program=program,
            spec=round_demo.SETUPS[plan.city],
            year=plan_year(plan, today),
            timetable=dates.timetable,
            users=cast.users,
        )
        round_.demo_stage = plan.stage
        ctx = _Context(
            rng=rng,
            today=today,
            round=round_,
            plan=plan,
            staff=staff,
            seats=list(round_.council_members.select_related("user").order_by("id")),
            stored=stored,
            counts=made.counts,
            certifications=certifications,
            login_enterprise_id=applicants[0][0].id,
        )
        _run(ctx, dates, applicants, products[plan.city])
        made.rounds.append(round_)
    # Demo events are not announced by e-mail: the notification task finds them already claimed.
    ApplicationEvent.objects.filter(application__round__in=made.rounds, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    Recognition.objects.filter(round__in=made.rounds).update(is_demo=True)
    return made


def _run(ctx: _Context, dates: Dates, applicants, products: list[Product]) -> None:
    built = []
    for dossier in ctx.plan.dossiers:
        enterprise, user = applicants[dossier.owner % len(applicants)]
        product = next(p for p in products if p.enterprise_id == enterprise.id and not getattr(p, "demo_used", False))
        product.demo_used = True
        built.append((dossier, _create(ctx, dossier, product, user), user))
    for dossier, application, user in built:
        if dossier.goal not in ("draft", "draft_ready"):
            _submit(ctx, application, user)
    if ctx.plan.stage != OPEN:
        round_services.round_close(actor=ctx.staff, round=ctx.round, today=dates.timetable.closes_on)
    for dossier, application, user in built:
        _advance(ctx, dossier, application, user)
        application.refresh_from_db()
        if application.status != GOAL_STATUS[dossier.goal]:
            raise RuntimeError(f"The demo dossier meant to be {dossier.goal} ended {application.status}.")
    if ctx.plan.stage != OPEN:
        _past_round(ctx, dates)
    for application in ctx.round.applications.all():
        ctx.counts[application.status] += 1


def _products(rng: random.Random, cast: Cast) -> dict[str, list[Product]]:
    """One product per dossier of each city's rounds (for its owner's enterprise), then the spare products of the
    login's enterprise, every name once in its city."""
    out = {}
    for city in CITIES:
        applicants = cast.applicants.get(city) or []
        if not applicants:
            continue
        owners = [
            applicants[d.owner % len(applicants)][0] for plan in ROUND_PLANS if plan.city == city for d in plan.dossiers
        ]
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
        out[city] = Product.objects.bulk_create(rows)
    return out


def _demo_certifications(cast: Cast, today: date) -> dict[int, list[Certification]]:
    """The applicants' quality and management systems (their enterprise profile), valid beyond today."""
    rows = []
    for applicants in cast.applicants.values():
        for n, (enterprise, _user) in enumerate(applicants):
            rows.append(Certification(enterprise=enterprise, standard=Certification.Standard.ISO_9001,
                                      valid_until=today + timedelta(days=400 + 30 * n)))  # fmt: skip
            if n % 2 == 0:
                rows.append(Certification(enterprise=enterprise, standard=Certification.Standard.ISO_14001,
                                          valid_until=today + timedelta(days=250)))  # fmt: skip
            if enterprise.sector == Sector.COMPONENTS:
                rows.append(Certification(enterprise=enterprise, standard=Certification.Standard.IATF_16949,
                                          valid_until=today + timedelta(days=500)))  # fmt: skip
    by_enterprise: dict[int, list[Certification]] = {}
    for row in Certification.objects.bulk_create(rows):
        by_enterprise.setdefault(row.enterprise_id, []).append(row)
    return by_enterprise


def _create(ctx: _Context, dossier: Dossier, product: Product, user) -> Application:
    goal = dossier.goal
    # Hanoi's programme selects key products only (practice.md); HCMC's names key and potential groups.
    potential = ctx.round.program.city.code != "hanoi" and ctx.rng.random() >= 0.7
    kind = Recognition.Kind.POTENTIAL if potential else Recognition.Kind.KEY
    application = services.application_create(actor=user, product=product, round=ctx.round, kind=kind)
    market, technical, social = _summaries(ctx.rng, ctx.round.year)
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
    if goal != "draft":
        passing = goal != "failing"
        dossier_services.figures_save(actor=user, application=application, rows=_figures(ctx, passing))
        claimed = ctx.certifications.get(application.enterprise_id, []) if passing else []
        if claimed:
            dossier_services.application_certifications_set(actor=user, application=application, certifications=claimed)
    document_types = list(ctx.round.document_types.all())
    required = [t for t in document_types if t.is_required]
    if goal == "draft":
        uploads = []
    elif goal == "draft_ready":
        uploads = required[:-1]  # the last one is the newcomer's to add before submitting
    elif ctx.plan.stage == OPEN:
        uploads = required + [t for t in document_types if not t.is_required and ctx.rng.random() < 0.5]
    else:
        uploads = required
    for document_type in uploads:
        _upload(ctx, user, application, document_type)
    return application


def _submit(ctx: _Context, application: Application, user) -> None:
    services.application_transition(actor=user, application=application, to_status=S.SUBMITTED)


def _advance(ctx: _Context, dossier: Dossier, application: Application, user) -> None:
    goal, staff = dossier.goal, ctx.staff
    if goal in ("draft", "draft_ready", "submitted"):
        return

    def move(actor, status, note=""):
        services.application_transition(actor=actor, application=application, to_status=status, note=note)

    move(staff, S.UNDER_REVIEW)
    if goal in ("supplement_requested", "resubmitted") or dossier.via_supplement:
        move(staff, S.SUPPLEMENT_REQUESTED, SUPPLEMENT_NOTE.format(year=ctx.round.year - 1))
        if goal == "supplement_requested":
            return
        document_types = list(ctx.round.document_types.all())
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
    if goal not in SCORED_GOALS:
        return
    # "partly_scored": every member but the demo council login has scored: theirs to do.
    seats = [s for s in ctx.seats if goal != "partly_scored" or s.user.username != round_demo.COUNCIL_LOGIN]
    _score(ctx, application, seats, passing=goal != "failing")


def _score(ctx: _Context, application: Application, seats: list[CouncilMember], *, passing: bool) -> None:
    """Each seat scores the criteria it is assigned, from the score the figures suggest: a member confirms a
    suggestion that fits their judgement and changes the others."""
    if ctx.sheet is None:
        ctx.sheet = scoring.sheet_plan(ctx.round)
    plan = ctx.sheet
    # The figures suggest the same scores to every member: read them once.
    suggested = scoring.suggestions(plan.leaves, application)
    for seat in seats:
        mine = scoring.seat_criteria(seat, plan)
        if not mine:
            continue
        points = {c.pk: _points(ctx.rng, c.max_points, suggested.get(c.pk), passing) for c in mine}
        services.council_scores_save(actor=seat.user, application=application, points=points)


def _points(rng: random.Random, maximum: Decimal, suggestion, passing: bool) -> Decimal:
    """A passing dossier gets at least 75 % of each criterion (so at least 75 of 100), a failing one at most 60 %."""
    value = suggestion.points if suggestion is not None else None
    if passing and (value is None or value < maximum * Decimal("0.75")):
        value = _halves(maximum * Decimal(str(rng.uniform(0.78, 0.95))))
    elif not passing and (value is None or value > maximum * Decimal("0.6")):
        value = _halves(maximum * Decimal(str(rng.uniform(0.40, 0.58))))
    return min(maximum, max(Decimal(0), value)).quantize(Decimal("0.01"))


def _halves(value: Decimal) -> Decimal:
    return Decimal(round(value * 2)) / 2


def _figures(ctx: _Context, passing: bool) -> dict[int, dict]:
    """The product's figures for the three years before the round: a passing dossier's grow, a failing one's less."""
    rng = ctx.rng
    if passing:
        revenue, growth = rng.uniform(80_000, 350_000), rng.uniform(1.06, 1.20)
        export, export_growth = rng.uniform(2_000, 22_000), rng.uniform(1.05, 1.25)
        workers = rng.randint(150, 600)
    else:
        revenue, growth = rng.uniform(8_000, 40_000), rng.uniform(0.95, 1.03)
        export, export_growth = rng.uniform(0, 500), rng.uniform(0.9, 1.05)
        workers = rng.randint(30, 120)
    unit = rng.choice(UNITS)
    output = revenue / rng.uniform(0.5, 4)
    rows = {}
    for n, year in enumerate(dossier_services.figure_years(ctx.round)):
        factor, export_factor = growth**n, export_growth**n
        rows[year] = {
            "output_quantity": Decimal(str(round(output * factor, 2))),
            "output_unit": unit,
            "revenue": Decimal(str(round(revenue * factor, 2))),
            "export_value": Decimal(str(round(export * export_factor, 2))),
            "workers": workers + 10 * n,
        }
    return rows


# ---------------------------------------------------------------- a past round, after the council has scored


def _chair(ctx: _Context):
    return next(s.user for s in ctx.seats if s.role == CouncilMember.Role.CHAIR)


def _past_round(ctx: _Context, dates: Dates) -> None:
    scoring.scoring_close(actor=_chair(ctx), round=ctx.round)
    comment_services.result_publish(
        actor=ctx.staff,
        round=ctx.round,
        published_on=dates.published_on,
        comment_closes_on=dates.comment_closes_on,
        today=dates.published_on,
    )
    ctx.round.refresh_from_db()
    _comments(ctx, dates)
    if ctx.plan.stage != DECIDED:
        return
    decision_number = f"MH-{ctx.round.year}-{ctx.round.program.city.code.upper()}/QĐ-UBND"
    body = recognition_committee(ctx.round.program.city_id)
    outcome = decision_services.round_decide(
        actor=ctx.staff,
        round=ctx.round,
        decision_number=decision_number,
        decision_date=dates.decided_on,
        signer=active_signers(body).first() if body else None,
        today=ctx.today,
    )
    ctx.round.refresh_from_db()
    top = list(scoring.top_candidates(ctx.round)[: ctx.round.top_size])
    scoring.top_mark(
        actor=ctx.staff,
        round=ctx.round,
        applications=top,
        decision_number=decision_number,
        decision_date=dates.decided_on,
        today=ctx.today,
    )
    # The last-ranked recognition of an enterprise other than the demo login's is suspended.
    others = [r for r in outcome.recognised if r.application.enterprise_id != ctx.login_enterprise_id]
    if others:
        lifecycle.recognition_suspend(
            actor=ctx.staff,
            recognition=max(others, key=lambda r: r.application.rank or 0),
            reason=SUSPENSION_REASON,
            effective_on=ctx.today - timedelta(days=30),
            decision_number=f"MH-{ctx.today.year}-{ctx.round.program.city.code.upper()}-01/QĐ-UBND",
        )


def _comments(ctx: _Context, dates: Dates) -> None:
    """The round's comments: online ones sent from the public page, paper ones entered by staff on the day after
    they arrived; each answered or noted as the spec says."""
    published = list(ctx.round.applications.filter(status=S.PUBLIC_COMMENT).order_by("rank", "id"))
    for spec in COMMENTS[ctx.plan.stage]:
        day = dates.published_on + timedelta(days=spec.day)
        target = published[0] if spec.on_product and published else None
        if spec.channel == PublicComment.Channel.ONLINE:
            comment = comment_services.comment_submit(
                round=ctx.round,
                application=target,
                author_name=spec.author,
                author_email=spec.contact,
                body=spec.body,
                today=day,
            )
        else:
            comment = comment_services.comment_enter_paper(
                actor=ctx.staff,
                round=ctx.round,
                application=target,
                received_on=day,
                author_name=spec.author,
                author_address=spec.contact,
                body=spec.body,
                today=min(ctx.today, day + timedelta(days=1)),
            )
        if spec.handling:
            comment_services.comment_handle(
                actor=ctx.staff, comment=comment, handling=spec.handling, response=spec.response
            )


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
