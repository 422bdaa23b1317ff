"""The demo rounds' set-up, made as a city's staff makes it in the portal: through products/rounds.py (round_create,
criterion_add with sub-criteria and suggestion rules, document_type_add with size and type limits,
council_member_add with the chair and each member's agency, criterion_assign, round_open with a dated call).

Everything here is demo configuration: the articles name the kinds of criteria Hanoi scored in 2021 (growth,
scale, labour productivity, export capability, quality) and say that Hanoi's council rules assign criteria to
members or agencies (phân công chấm điểm, QĐ 2023/QĐ-UBND), but give no points, bands, documents, seats or
timetable. So every title, description and call says "(minh họa)", and the numbers are made up.

A recognition's validity has no sourced value (Program.recognition_valid_years stays empty on the real
programmes): the demo rounds carry their own, DEMO_VALID_YEARS, as demo configuration.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from products import rounds as round_services
from products.models import CouncilMember, RecognitionRound, ScoringRule, SuggestMetric, TieBreak
from programs.models import Program

DEMO_MARK = "(minh họa)"
# How many years a recognition of a demo round stays valid: demo configuration, no source states it.
DEMO_VALID_YEARS = 3
DEMO_COMMENT_DAYS = 15
CHAIR, MEMBER = CouncilMember.Role.CHAIR, CouncilMember.Role.MEMBER
M = SuggestMetric


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    name: str
    hint: str
    points: int
    metric: str = ""
    bands: tuple[tuple[float, float], ...] = ()
    children: tuple["CriterionSpec", ...] = ()
    # Phân công chấm điểm: the usernames of the seats and the agencies that score this leaf (none: every member).
    members: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeatSpec:
    username: str
    role: str
    title: str
    agency: str = ""


@dataclass(frozen=True)
class SetupSpec:
    title: str  # formatted with the year
    scoring_rule: str
    criteria: tuple[CriterionSpec, ...]
    seats: tuple[SeatSpec, ...]
    documents: tuple[tuple[str, str, bool, int, str], ...]  # name, hint, required, max MB, extensions
    settings: dict = field(default_factory=dict)


DOCUMENT_TYPES = (
    ("Đơn đăng ký xét chọn sản phẩm", "Theo mẫu của đợt xét chọn, có chữ ký của người đại diện.", True, 5, "pdf"),
    ("Giấy chứng nhận đăng ký doanh nghiệp", "Bản sao.", True, 5, "pdf, jpg, png"),
    ("Báo cáo tài chính và số liệu sản xuất, kinh doanh 3 năm gần nhất", "Doanh thu, sản lượng, xuất khẩu.", True,
     20, "pdf, xlsx"),
    ("Chứng nhận hệ thống quản lý, chứng nhận chất lượng sản phẩm", "Nếu có (ISO 9001, hợp chuẩn...).", False, 10,
     "pdf, jpg"),
)  # fmt: skip

HANOI_PLANNING = "Sở Kế hoạch và Đầu tư"
HANOI_SCIENCE = "Sở Khoa học và Công nghệ"
HANOI_INDUSTRY = "Sở Công Thương"
HANOI_CHAIR = "demo.chutich.hanoi"
COUNCIL_LOGIN = "demo.hoidong"

# Hanoi's sheet follows the kinds of criteria its 2021 round named; each leaf takes a suggested score from the
# dossier's figures. The points, bands and assignments are made up.
HANOI = SetupSpec(
    title="Xét chọn sản phẩm công nghiệp chủ lực thành phố Hà Nội năm {year} " + DEMO_MARK,
    scoring_rule=ScoringRule.SUM_ASSIGNED,
    criteria=(
        CriterionSpec("1", "Tăng trưởng", "Tốc độ tăng doanh thu và xuất khẩu của sản phẩm qua ba năm.", 20, children=(
            CriterionSpec("1.1", "Tăng trưởng doanh thu", "Tăng trưởng doanh thu bình quân năm (%).", 10,
                          M.REVENUE_GROWTH, ((0, 2), (5, 5), (10, 8), (15, 10)), agencies=(HANOI_PLANNING,)),
            CriterionSpec("1.2", "Tăng trưởng xuất khẩu", "Tăng trưởng kim ngạch xuất khẩu bình quân năm (%).", 10,
                          M.EXPORT_GROWTH, ((0, 2), (5, 5), (10, 8), (20, 10)), agencies=(HANOI_PLANNING,)),
        )),
        CriterionSpec("2", "Quy mô", "Doanh thu và lao động của sản phẩm.", 20, children=(
            CriterionSpec("2.1", "Doanh thu", "Doanh thu năm gần nhất (triệu đồng).", 12, M.REVENUE,
                          ((0, 3), (50_000, 6), (100_000, 9), (200_000, 12)), agencies=(HANOI_PLANNING,)),
            CriterionSpec("2.2", "Lao động", "Số lao động năm gần nhất.", 8, M.WORKERS,
                          ((0, 2), (100, 4), (300, 6), (500, 8)), agencies=(HANOI_PLANNING,)),
        )),
        CriterionSpec("3", "Năng suất lao động", "Doanh thu trên một lao động (triệu đồng/người/năm).", 20,
                      M.LABOUR_PRODUCTIVITY, ((0, 5), (300, 10), (600, 15), (1000, 20)),
                      members=("demo.hoidong.hanoi.2",)),
        CriterionSpec("4", "Khả năng xuất khẩu", "Kim ngạch xuất khẩu năm gần nhất (nghìn USD).", 20, M.EXPORT_VALUE,
                      ((0, 4), (1000, 8), (5000, 12), (10_000, 16), (20_000, 20)), members=(HANOI_CHAIR,)),
        CriterionSpec("5", "Chất lượng", "Hệ thống quản lý chất lượng còn hiệu lực của doanh nghiệp.", 20,
                      M.QUALITY_SYSTEMS, ((0, 4), (1, 12), (2, 16), (3, 20)), agencies=(HANOI_SCIENCE,)),
    ),
    seats=(
        SeatSpec(HANOI_CHAIR, CHAIR, "Chủ tịch Hội đồng", HANOI_INDUSTRY),
        SeatSpec(COUNCIL_LOGIN, MEMBER, "Ủy viên", HANOI_PLANNING),
        SeatSpec("demo.hoidong.hanoi.2", MEMBER, "Ủy viên", HANOI_SCIENCE),
        SeatSpec("demo.hoidong.hanoi.3", MEMBER, "Ủy viên", HANOI_PLANNING),
    ),
    documents=DOCUMENT_TYPES,
    settings={"tie_break": TieBreak.CRITERIA_ORDER, "top_size": 10},
)  # fmt: skip

# HCMC's sheet keeps the three parts of the portal's application form and the average rule: every member scores
# every criterion.
HCM = SetupSpec(
    title="Xét chọn sản phẩm công nghiệp chủ lực, tiềm năng ngành cao su - nhựa năm {year} " + DEMO_MARK,
    scoring_rule=ScoringRule.AVERAGE,
    criteria=(
        CriterionSpec("1", "Thị trường, doanh thu, xuất khẩu", "Doanh thu, thị phần và xuất khẩu của sản phẩm.", 35,
                      M.EXPORT_VALUE, ((0, 10), (1000, 20), (5000, 28), (10_000, 35))),
        CriterionSpec("2", "Kinh tế - kỹ thuật, công nghệ, chất lượng", "Công nghệ sản xuất, tiêu chuẩn áp dụng.", 35,
                      M.QUALITY_SYSTEMS, ((0, 10), (1, 25), (2, 30), (3, 35))),
        CriterionSpec("3", "Quy mô và năng suất lao động", "Sản lượng, số lao động và năng suất lao động.", 15,
                      M.LABOUR_PRODUCTIVITY, ((0, 4), (300, 8), (600, 12), (1000, 15))),
        CriterionSpec("4", "Xã hội - môi trường", "Việc làm, thu nhập người lao động, xử lý chất thải, tái chế.", 15),
    ),
    seats=(
        SeatSpec("demo.hoidong.hcm.1", CHAIR, "Chủ tịch Hội đồng"),
        SeatSpec(COUNCIL_LOGIN, MEMBER, "Ủy viên"),
        SeatSpec("demo.hoidong.hcm.2", MEMBER, "Ủy viên"),
    ),
    documents=DOCUMENT_TYPES,
    settings={"tie_break": TieBreak.CRITERIA_ORDER, "top_size": 10},
)  # fmt: skip
SETUPS = {"hanoi": HANOI, "hcm": HCM}
SEAT_USERNAMES = sorted({seat.username for spec in SETUPS.values() for seat in spec.seats})


@dataclass(frozen=True)
class Timetable:
    call_date: datetime.date
    opens_on: datetime.date
    closes_on: datetime.date


def call_number(city: str, year: int) -> str:
    return f"MH-{year}-{city.upper()}/TB-SCT"


def set_up_round(
    *, staff, program: Program, spec: SetupSpec, year: int, timetable: Timetable, users: dict[str, object]
) -> RecognitionRound:
    """The round as the city's staff set it up and open it, through the round services."""
    round_ = round_services.round_create(
        actor=staff,
        program=program,
        year=year,
        title=spec.title.format(year=year),
        scoring_rule=spec.scoring_rule,
        pass_threshold=Decimal(70),
        comment_days=DEMO_COMMENT_DAYS,
        valid_years=DEMO_VALID_YEARS,
        review_days=15,
        supplement_days=10,
        scoring_days=20,
        **spec.settings,
    )
    RecognitionRound.objects.filter(pk=round_.pk).update(is_demo=True)
    round_.is_demo = True
    for name, hint, required, size, extensions in spec.documents:
        round_services.document_type_add(
            actor=staff,
            round=round_,
            name=name,
            description=f"{hint} {DEMO_MARK}",
            is_required=required,
            max_size_mb=size,
            allowed_extensions=extensions,
        )
    seats = {}
    for seat in spec.seats:
        seats[seat.username] = round_services.council_member_add(
            actor=staff, round=round_, user=users[seat.username], role=seat.role, title=seat.title, agency=seat.agency
        )
    for criterion in spec.criteria:
        _add_criterion(staff, round_, criterion, None, seats)
    round_services.round_open(
        actor=staff,
        round=round_,
        opens_on=timetable.opens_on,
        closes_on=timetable.closes_on,
        call_number=call_number(program.city.code, year),
        call_date=timetable.call_date,
        call_text=(
            f"Sở Công Thương thông báo mời doanh nghiệp đăng ký xét chọn sản phẩm năm {year}: hồ sơ gồm đơn đăng ký, "
            "số liệu sản xuất, kinh doanh ba năm gần nhất và các tài liệu theo danh mục của đợt "
            f"{DEMO_MARK}."
        ),
        today=timetable.opens_on,
    )
    round_.refresh_from_db()
    return round_


def _add_criterion(staff, round_, spec: CriterionSpec, parent, seats) -> None:
    criterion = round_services.criterion_add(
        actor=staff,
        round=round_,
        parent=parent,
        code=spec.code,
        name=spec.name,
        description=f"{spec.hint} {DEMO_MARK}" + (" Mức gợi ý điểm minh họa." if spec.bands else ""),
        max_points=Decimal(spec.points),
        suggest_metric=spec.metric,
        suggest_bands=[{"from": start, "points": points} for start, points in spec.bands],
    )
    for child in spec.children:
        _add_criterion(staff, round_, child, criterion, seats)
    if spec.members or spec.agencies:
        round_services.criterion_assign(
            actor=staff, criterion=criterion, members=[seats[name] for name in spec.members], agencies=spec.agencies
        )
