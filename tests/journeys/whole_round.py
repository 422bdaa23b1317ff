"""The round that tests/journeys/test_staff_runs_a_whole_round.py runs, stage by stage: what each stage enters (the
same values the browser types), and the same stage taken through the services, so that a test about a later stage
starts from the earlier ones without clicking through them again. Every stage is also done in the browser, in order,
by one test of that file.

The round is Hanoi's, for the year after the last round of the programme the demo rounds use: no demo round holds
that year."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from products import comments, decision, dossier, lifecycle, rounds, scoring, services
from products.models import Application, CouncilMember, Recognition, RecognitionRound, ScoringRule, SuggestMetric
from programs.models import Program, Signer

S = Application.Status
STAFF = "demo.canbo.hanoi"
ENTERPRISE = "demo.doanhnghiep.hanoi"
CHAIR = "demo.chutich.hanoi"
MEMBER = "demo.hoidong"
INDUSTRY = "Sở Công Thương"
PLANNING = "Sở Kế hoạch và Đầu tư"

PASS_THRESHOLD = "70"
COMMENT_DAYS = 10
VALID_YEARS = 3
CALL_NUMBER = "27/TB-SCT"
CALL_TEXT = "Sở Công Thương Hà Nội mời doanh nghiệp đăng ký xét chọn sản phẩm công nghiệp chủ lực."
TOP_DECISION = "145/QĐ-SCT"
DECISION = "6210/QĐ-UBND"
SUSPENSION = "Doanh nghiệp vi phạm quy định về nhãn hàng hóa (kiểm thử)."
ONLINE_AUTHOR = "Nguyễn Thị Góp Ý"
ONLINE_BODY = "Tôi đồng ý với danh sách đề xuất: sản phẩm này có thị trường xuất khẩu ổn định."
PAPER_AUTHOR = "Hiệp hội Doanh nghiệp nhỏ và vừa Hà Nội"
PAPER_ADDRESS = "Số 8 phố Trần Hưng Đạo, Hoàn Kiếm, Hà Nội"
PAPER_BODY = "Đề nghị Hội đồng xem lại số liệu lao động năm gần nhất của sản phẩm."
ANSWER = "Sở đã đối chiếu số liệu lao động với báo cáo tài chính của doanh nghiệp: số liệu khớp."


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    points: int
    parent: str = ""  # the parent's code
    metric: str = ""
    bands: str = ""  # as typed in the form: "từ mức; điểm" per line
    member: str = ""  # the username of the seat that scores it
    agency: str = ""  # or the agency that scores it
    score: str = ""  # the points the council gives our dossier


# The sheet: one criterion with two sub-criteria, criteria with a suggestion rule; the top level adds up to 100.
PARENTS = (("1", "Thị trường và tăng trưởng", 40),)
CRITERIA = (
    Leaf("1.1", "Doanh thu", 25, "1", SuggestMetric.REVENUE, "0; 5\n50.000; 15\n100.000; 25", member=CHAIR,
         score="25"),
    Leaf("1.2", "Tăng trưởng xuất khẩu", 15, "1", member=CHAIR, score="12"),
    Leaf("2", "Năng suất lao động", 30, metric=SuggestMetric.LABOUR_PRODUCTIVITY, bands="0; 10\n300; 20\n600; 30",
         agency=PLANNING, score="27.5"),
    Leaf("3", "Chất lượng và quản lý", 30, member=MEMBER, score="24"),
)  # fmt: skip
TOTAL = Decimal("88.5")  # 25 + 12 + 27.5 + 24: the sum of the assigned parts
DOCUMENTS = (
    # name, required, max MB, extensions
    ("Đơn đăng ký xét chọn sản phẩm", True, 5, "pdf"),
    ("Báo cáo tài chính và số liệu sản xuất, kinh doanh 3 năm gần nhất", True, 10, "pdf, xlsx"),
    ("Chứng nhận hệ thống quản lý chất lượng", False, 10, "pdf, jpg"),
)
SEATS = ((CHAIR, CouncilMember.Role.CHAIR, "Chủ tịch Hội đồng", INDUSTRY), (MEMBER, CouncilMember.Role.MEMBER,
         "Ủy viên", PLANNING))  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def figures(years: list[int]) -> dict[int, dict]:
    """The product's figures for the round's three years, growing (revenue in million đồng, export in thousand USD)."""
    rows = {}
    for n, year in enumerate(years):
        rows[year] = {
            "output_quantity": Decimal(1_200_000 + 100_000 * n),
            "output_unit": "chiếc",
            "revenue": Decimal(90_000 + 10_000 * n),
            "export_value": Decimal(4_000 + 500 * n),
            "workers": 200 + 10 * n,
        }
    return rows


def user(username: str):
    return get_user_model().objects.get(username=username)


def program() -> Program:
    """The Hanoi programme the demo rounds run."""
    return (
        RecognitionRound.objects.filter(program__city__code="hanoi", is_demo=True)
        .select_related("program")
        .latest("year")
        .program
    )


def year() -> int:
    return max(program().rounds.values_list("year", flat=True)) + 1


def title(year: int) -> str:
    return f"Xét chọn sản phẩm công nghiệp chủ lực Hà Nội năm {year} (kiểm thử)"


def today() -> datetime.date:
    return timezone.localdate()


def the_round() -> RecognitionRound:
    return RecognitionRound.objects.get(program=program(), title=title(year() - 1))


def the_application() -> Application:
    return Application.objects.get(round__title__endswith="(kiểm thử)", enterprise__users__username=ENTERPRISE)


# ------------------------------------------------------------------------------------------------ the stages


def set_up_and_open() -> RecognitionRound:
    staff = user(STAFF)
    round_ = rounds.round_create(
        actor=staff,
        program=program(),
        year=year(),
        title=title(year()),
        scoring_rule=ScoringRule.SUM_ASSIGNED,
        pass_threshold=Decimal(PASS_THRESHOLD),
        comment_days=COMMENT_DAYS,
        valid_years=VALID_YEARS,
    )
    parents = {}
    for code, name, points in PARENTS:
        parents[code] = rounds.criterion_add(
            actor=staff, round=round_, parent=None, code=code, name=name, max_points=Decimal(points)
        )
    leaves = []
    for leaf in CRITERIA:
        bands = [
            {"from": float(start.replace(".", "")), "points": float(points)}
            for start, points in (line.split("; ") for line in leaf.bands.splitlines())
        ]
        leaves.append(
            rounds.criterion_add(
                actor=staff,
                round=round_,
                parent=parents.get(leaf.parent),
                code=leaf.code,
                name=leaf.name,
                max_points=Decimal(leaf.points),
                suggest_metric=leaf.metric,
                suggest_bands=bands,
            )
        )
    for name, required, size, extensions in DOCUMENTS:
        rounds.document_type_add(
            actor=staff,
            round=round_,
            name=name,
            is_required=required,
            max_size_mb=size,
            allowed_extensions=extensions,
        )
    seats = {
        username: rounds.council_member_add(
            actor=staff, round=round_, user=user(username), role=role, title=seat_title, agency=agency
        )
        for username, role, seat_title, agency in SEATS
    }
    for leaf, criterion in zip(CRITERIA, leaves, strict=True):
        rounds.criterion_assign(
            actor=staff,
            criterion=criterion,
            members=[seats[leaf.member]] if leaf.member else [],
            agencies=[leaf.agency] if leaf.agency else [],
        )
    rounds.round_open(
        actor=staff,
        round=round_,
        opens_on=today(),
        closes_on=today() + datetime.timedelta(days=30),
        call_number=CALL_NUMBER,
        call_date=today(),
        call_text=CALL_TEXT,
    )
    round_.refresh_from_db()
    return round_


def apply(round_: RecognitionRound) -> Application:
    enterprise_user = user(ENTERPRISE)
    product = enterprise_user.enterprise.products.order_by("name").first()
    application = services.application_create(
        actor=enterprise_user, product=product, round=round_, kind=Recognition.Kind.KEY
    )
    dossier.figures_save(actor=enterprise_user, application=application, rows=figures(dossier.figure_years(round_)))
    for document_type in round_.document_types.filter(is_required=True):
        services.document_add(
            actor=enterprise_user,
            application=application,
            document_type=document_type,
            file=SimpleUploadedFile("tai-lieu.pdf", PDF, content_type="application/pdf"),
        )
    return services.application_transition(actor=enterprise_user, application=application, to_status=S.SUBMITTED)


def review_and_send_to_council(application: Application) -> Application:
    staff = user(STAFF)
    services.application_transition(actor=staff, application=application, to_status=S.UNDER_REVIEW)
    rounds.round_close(actor=staff, round=application.round)
    return services.application_transition(actor=staff, application=application, to_status=S.COUNCIL_SCORING)


def score_and_close(application: Application) -> None:
    round_ = application.round
    by_name = {c.name: c for c in rounds.criteria_leaves(round_)}
    for username in (MEMBER, CHAIR):
        seat = round_.council_members.get(user__username=username)
        mine = {c.pk for c in scoring.seat_criteria(seat)}
        points = {
            by_name[leaf.name].pk: Decimal(leaf.score.replace(",", "."))
            for leaf in CRITERIA
            if by_name[leaf.name].pk in mine
        }
        services.council_scores_save(actor=seat.user, application=application, points=points)
    scoring.scoring_close(actor=user(CHAIR), round=round_)


def rank_and_publish(round_: RecognitionRound) -> None:
    staff = user(STAFF)
    scoring.top_mark(
        actor=staff,
        round=round_,
        applications=[a.pk for a in scoring.top_candidates(round_)],
        decision_number=TOP_DECISION,
        decision_date=today(),
    )
    comments.result_publish(
        actor=staff,
        round=round_,
        published_on=today(),
        comment_closes_on=today() + datetime.timedelta(days=COMMENT_DAYS - 1),
    )


def comment_and_handle(round_: RecognitionRound, application: Application) -> None:
    round_.refresh_from_db()
    application.refresh_from_db()
    staff = user(STAFF)
    online = comments.comment_submit(
        round=round_, author_name=ONLINE_AUTHOR, author_email="gopy@example.vn", body=ONLINE_BODY,
        application=application,
    )  # fmt: skip
    paper = comments.comment_enter_paper(
        actor=staff, round=round_, received_on=today(), author_name=PAPER_AUTHOR, author_address=PAPER_ADDRESS,
        body=PAPER_BODY, application=application,
    )  # fmt: skip
    comments.comment_handle(actor=staff, comment=online, handling="noted")
    comments.comment_handle(actor=staff, comment=paper, handling="answered", response=ANSWER)


def comment_period_ends(round_: RecognitionRound) -> datetime.date:
    """Time passes: the comment period ends. The only write that is not a user's: the whole period, published today
    with a deadline ahead, is moved back so that its last day was yesterday (the publication date, the round's and
    its dossiers' comment dates, the comments' received dates move back alike). Returns the new deadline."""
    round_.refresh_from_db()
    shift = (round_.comment_closes_on - today()) + datetime.timedelta(days=1)
    RecognitionRound.objects.filter(pk=round_.pk).update(
        result_published_on=round_.result_published_on - shift, comment_closes_on=round_.comment_closes_on - shift
    )
    for application in round_.applications.filter(status=S.PUBLIC_COMMENT):
        Application.objects.filter(pk=application.pk).update(
            comment_opens_on=application.comment_opens_on - shift,
            comment_closes_on=application.comment_closes_on - shift,
        )
    for comment in round_.public_comments.all():
        type(comment).objects.filter(pk=comment.pk).update(received_on=comment.received_on - shift)
    round_.refresh_from_db()
    return round_.comment_closes_on


def signer(round_: RecognitionRound) -> Signer:
    return decision.active_signers(decision.committee_of(round_)).first()


def decide(round_: RecognitionRound):
    round_.refresh_from_db()
    return decision.round_decide(
        actor=user(STAFF), round=round_, decision_number=DECISION, decision_date=today(), signer=signer(round_)
    )


def suspend(recognition) -> None:
    lifecycle.recognition_suspend(actor=user(STAFF), recognition=recognition, reason=SUSPENSION, effective_on=today())
