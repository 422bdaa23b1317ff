"""seed_demo gives a newcomer every journey to walk: rounds set up and run through the portal's services (an open
round per city; Hanoi's scored as assigned, ranked, published for comment and decided by the UBND; HCMC's last round
awaiting its decision); dossiers in every status, made through the workflow; demo logins whose start pages hold
what each journey needs. Running it again replaces its rows; it refuses, changing nothing, where it would touch
real data."""

import io
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.dates import add_years
from demo import journeys as demo_journeys
from demo.management.commands.seed_demo import ALL_DEMO_USERNAMES, DEMO_GROUP, DEMO_LOGINS
from enterprises.models import Award
from products import comments as comment_services
from products import decision as decision_services
from products import dossier as dossier_services
from products import lifecycle, scoring, services, workflow
from products import rounds as round_services
from products.models import (
    Application,
    ApplicationDocument,
    CouncilMember,
    CriterionAssignment,
    Product,
    ProductCatalogue,
    ProductGroupMember,
    PublicComment,
    Recognition,
    RecognitionRound,
    RecognitionStatusChange,
    RoundEvent,
    Score,
    ScoringRule,
)
from products.selectors import active_signers, open_rounds, recognition_committee
from programs.models import Program
from programs.seed_data import HANOI_KEY_PRODUCTS_2022, HCM_RUBBER_PLASTICS
from tests.factories import EnterpriseFactory, ProductFactory, RecognitionRoundFactory, UserFactory

S = Application.Status
SIZES = {"enterprises": 40, "products": 12, "task_updates": 20}
ROUND_PROGRAMS = {"hcm": HCM_RUBBER_PLASTICS, "hanoi": HANOI_KEY_PRODUCTS_2022}


def seed_demo(*args, **options) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **(SIZES | options))
    return out.getvalue()


def printed_logins() -> dict[str, str]:
    """username -> password, read from the table `demo_logins` prints."""
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    rows = [[cell.strip() for cell in line.split(" | ")] for line in out.getvalue().splitlines() if " | " in line]
    return {row[0]: row[1] for row in rows[1:]}


def sign_in(client, username: str, password: str) -> None:
    """Through the login page, as a person signs in (and past the lockout's checks)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, username
    assert client.session.get("_auth_user_id") == str(user(username).pk), username


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def programs(db):
    call_command("seed_programs", stdout=io.StringIO())
    return {p.slug: p for p in Program.objects.select_related("city")}


@pytest.fixture
def seeded(programs, fast_hashing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    return programs


def open_round(city: str) -> RecognitionRound:
    return RecognitionRound.objects.get(program__slug=ROUND_PROGRAMS[city], status=RecognitionRound.Status.OPEN)


def user(username: str):
    return get_user_model().objects.get(username=username)


def dossier(city: str, status: str, **filters) -> Application:
    return (
        Application.objects.filter(round=open_round(city), status=status, **filters)
        .select_related("round", "product")
        .order_by("-updated_at", "-id")
        .first()
    )


def pdf(name: str = "bo-sung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_journeys.demo_pdf(["Tai lieu bo sung"]), content_type="application/pdf")


# ---------------------------------------------------------------- rounds


def past_round(city: str, years_back: int) -> RecognitionRound:
    year = timezone.localdate().year - years_back
    return RecognitionRound.objects.get(program__slug=ROUND_PROGRAMS[city], year=year, is_demo=True)


class TestSeededRounds:
    """The demo as a newcomer finds it after one seed_demo: each test walks or reads it inside its own transaction,
    rolled back after it, so they share one run (seed_demo takes a while)."""

    @pytest.fixture(scope="class")
    @classmethod
    def seeded_once(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("seeded-media")
        settings_used = override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=FAST_HASHERS)
        with django_db_blocker.unblock(), settings_used, transaction.atomic():
            call_command("seed_programs", stdout=io.StringIO())
            seed_demo()
            yield media
            transaction.set_rollback(True)

    @pytest.fixture
    def seeded(self, seeded_once, db, settings, fast_hashing):
        settings.MEDIA_ROOT = str(seeded_once)
        return {p.slug: p for p in Program.objects.select_related("city")}

    def test_each_city_has_an_open_demo_round_set_up_through_the_round_services(self, seeded):
        today = timezone.localdate()
        for city in ROUND_PROGRAMS:
            round_ = open_round(city)
            assert round_.is_demo and "(minh họa)" in round_.title
            assert round_.opens_on <= today <= round_.closes_on
            assert round_.year == today.year
            # Opened with a dated call, as round_open records it.
            assert round_.call_number.startswith("MH-") and round_.call_date <= round_.opens_on
            assert "(minh họa)" in round_.call_text
            # The steps of its life; each change of its set-up is logged as well (RoundEvent.Kind.SETUP_CHANGED).
            steps = round_.events.exclude(kind=RoundEvent.Kind.SETUP_CHANGED)
            assert list(steps.values_list("kind", flat=True)) == [RoundEvent.Kind.CREATED, RoundEvent.Kind.OPENED]
            assert round_services.round_valid_years(round_) == 3 and round_.program.recognition_valid_years is None
            required = round_.document_types.filter(is_required=True)
            assert required.count() >= 2 and round_.document_types.count() > required.count()
            assert {t.allowed_extensions for t in round_.document_types.all()} > {"pdf"}
            assert services.criteria_total(round_) == Decimal(100)
            assert round_services.criteria_sheet_errors(round_) == []
            assert all("(minh họa)" in c.description for c in round_.criteria.all())
            assert any(c.suggest_metric and c.suggest_bands for c in round_.criteria.all())
            seats = list(round_.council_members.select_related("user"))
            assert "demo.hoidong" in {s.user.username for s in seats}
            assert [s.role for s in seats].count(CouncilMember.Role.CHAIR) == 1
            # The member field's own choice limit: officials and staff only.
            assert {s.user.role for s in seats} <= {"official", "staff"}
        # The enterprise's "Đợt xét chọn" list offers both.
        assert set(open_rounds()) == {open_round(city) for city in ROUND_PROGRAMS}

        hanoi, hcm = open_round("hanoi"), open_round("hcm")
        # Hanoi scores as assigned (phân công chấm điểm): sub-criteria named after its 2021 criteria, each leaf
        # assigned to a member or an agency; HCMC keeps the average of whole sheets.
        assert hanoi.scoring_rule == ScoringRule.SUM_ASSIGNED and hcm.scoring_rule == ScoringRule.AVERAGE
        top = [c.name for c in hanoi.criteria.filter(parent=None).order_by("order")]
        assert top == ["Tăng trưởng", "Quy mô", "Năng suất lao động", "Khả năng xuất khẩu", "Chất lượng"]
        assert hanoi.criteria.exclude(parent=None).exists()
        leaves = round_services.criteria_leaves(hanoi)
        assert all(leaf.assignments.exists() for leaf in leaves)
        assert CriterionAssignment.objects.filter(criterion__round=hanoi, member=None).exists()
        assert CriterionAssignment.objects.filter(criterion__round=hanoi, agency="").exists()
        assert not CriterionAssignment.objects.filter(criterion__round=hcm).exists()
        chair = hanoi.council_members.get(role=CouncilMember.Role.CHAIR)
        assert chair.user.username == "demo.chutich.hanoi"
        council_login = hanoi.council_members.get(user__username="demo.hoidong")
        assert [c.code for c in scoring.seat_criteria(council_login)] == ["1.1", "1.2", "2.1", "2.2"]

        # The past bulk demo round and the seeded round stay apart from them.
        hcm_past = RecognitionRound.objects.get(program__slug=HCM_RUBBER_PLASTICS, year=2024)
        assert hcm_past.is_demo and hcm_past.status == RecognitionRound.Status.CLOSED
        assert hcm_past.recognitions.exists()
        hanoi_2022 = RecognitionRound.objects.get(program__slug=HANOI_KEY_PRODUCTS_2022, year=2022)
        assert hanoi_2022.is_demo is False
        assert not Recognition.objects.filter(is_demo=False).exists()

    def test_hanoi_past_rounds_were_ranked_published_commented_and_decided(self, seeded):
        today = timezone.localdate()
        # Last year's round: scored as assigned, closed by the chair, ranked, published, comments being taken.
        published = past_round("hanoi", 1)
        assert published.scoring_rule == ScoringRule.SUM_ASSIGNED
        assert published.scoring_closed_by.username == "demo.chutich.hanoi"
        ranked = scoring.ranking(published)
        assert [a.rank for a in ranked] == list(range(1, len(ranked) + 1)) and len(ranked) == 11
        assert [a.score_average for a in ranked] == sorted((a.score_average for a in ranked), reverse=True)
        for application in ranked:
            assert application.score_average == scoring.application_result(application).value
            assert len(dossier_services.figures_by_year(application)) == 3
        assert published.result_published_on <= today <= published.comment_closes_on
        assert comment_services.comments_open(published, today)
        proposed = published.applications.filter(status=S.PUBLIC_COMMENT)
        assert proposed.count() == 10 and all(a.passed() for a in proposed)
        assert not published.applications.filter(in_top=True).exists()  # for staff to mark
        comments = list(published.public_comments.order_by("id"))
        paper = [c for c in comments if c.channel == PublicComment.Channel.PAPER]
        assert len(paper) == 1 and paper[0].entered_by.username == "demo.canbo.hanoi" and paper[0].author_address
        assert published.result_published_on <= paper[0].received_on <= today
        assert {c.handling for c in comments} == {"answered", "noted", ""}
        assert all(c.response for c in comments if c.handling == "answered")
        assert comment_services.comments_waiting(published) == 1

        # The round of two years ago: decided by the UBND, with its demo signer; Top 10 marked; one suspended.
        decided = past_round("hanoi", 2)
        assert decided.status == RecognitionRound.Status.CLOSED
        assert decided.decision_number.startswith("MH-") and decided.decision_signer_name.endswith("(minh họa)")
        assert decided.decision_body.kind == "committee"
        assert decided.decision_date > decided.comment_closes_on
        assert comment_services.comments_waiting(decided) == 0
        assert decided.public_comments.filter(channel=PublicComment.Channel.PAPER).count() == 1
        recognitions = list(decided.recognitions.select_related("application"))
        assert len(recognitions) == 11
        for recognition in recognitions:
            assert recognition.is_demo and recognition.logo_use_granted
            assert recognition.decision_number == decided.decision_number
            assert recognition.valid_until == add_years(recognition.decision_date, 3)
            assert recognition.decision_body_name == decided.decision_body.name
        assert decided.applications.filter(status=S.REJECTED).count() == 1
        top = decided.applications.filter(in_top=True)
        assert top.count() == 10 and decided.top_decision_number.startswith("MH-")
        assert set(top.values_list("rank", flat=True)) == set(range(1, 11))
        (suspended,) = [r for r in recognitions if r.status == Recognition.Status.SUSPENDED]
        change = suspended.status_changes.get()
        assert change.reason and "(minh họa)" in change.reason and change.decision_number.startswith("MH-")
        assert change.effective_on <= today
        assert suspended.application.enterprise != user("demo.doanhnghiep.hanoi").enterprise
        # The public verification page shows it.
        page = Client().get(reverse("products:verify", kwargs={"public_id": suspended.public_id}))
        assert page.status_code == 200 and "tạm đình chỉ" in page.content.decode().lower()
        result = Client().get(reverse("public:round_result", args=[published.id]))
        assert result.status_code == 200

    def test_hcm_last_year_round_awaits_the_ubnd_decision(self, seeded):
        round_ = past_round("hcm", 1)
        today = timezone.localdate()
        assert round_.scoring_rule == ScoringRule.AVERAGE and round_.scoring_closed_at
        assert round_.comment_closes_on < today and not round_.decision_date
        assert comment_services.comments_waiting(round_) == 0
        assert round_.public_comments.filter(channel=PublicComment.Channel.PAPER).count() == 1
        for application in round_.applications.exclude(score_average=None):
            totals = list(services.member_totals(application).values())
            assert application.score_count == len(totals) == round_.council_members.count()
            assert application.score_average == (sum(totals) / len(totals)).quantize(Decimal("0.01"))

    def test_hcm_demo_award_and_catalogue_members(self, seeded):
        enterprise = user("demo.doanhnghiep.hcm").enterprise
        award = enterprise.awards.get()
        assert award.kind == Award.Kind.GOLDEN_BRAND_HCMC and award.is_demo
        assert award.decision_number.startswith("MH-") and "(minh họa)" in award.category
        members = ProductGroupMember.objects.all()
        if ProductCatalogue.objects.filter(city__code="hcm").exists():
            assert members.exists()
        assert all(m.is_demo and m.enterprise.is_demo and m.enterprise.province == "TP Hồ Chí Minh" for m in members)

    def test_every_status_occurs_and_was_reached_through_the_workflow(self, seeded):
        """Events chain from the creation to the status; scores, results, windows and certificates agree."""
        for city in ROUND_PROGRAMS:
            statuses = Counter(
                Application.objects.filter(round__is_demo=True, round__program__slug=ROUND_PROGRAMS[city]).values_list(
                    "status", flat=True
                )
            )
            expected = set(S.values) - ({S.RECOGNISED} if city == "hcm" else set())
            assert set(statuses) == expected, city
            assert statuses[S.DRAFT] >= 2 and statuses[S.REJECTED] >= 1 and statuses[S.PUBLIC_COMMENT] >= 3
        today = timezone.localdate()
        applications = Application.objects.filter(round__is_demo=True).select_related("round", "enterprise", "product")
        assert applications.count() == demo_journeys.DOSSIER_COUNT
        for application in applications:
            assert application.enterprise.is_demo and application.product.is_demo
            assert application.enterprise_id == application.product.enterprise_id
            events = list(application.events.order_by("created_at", "id"))
            assert (events[0].from_status, events[0].to_status) == (S.DRAFT, S.DRAFT)
            for before, after in zip(events, events[1:], strict=False):
                assert after.from_status == before.to_status
                assert (after.from_status, after.to_status) == (S.PUBLIC_COMMENT, S.RECOGNISED) or workflow.is_allowed(
                    after.from_status, after.to_status, services.role_of(after.actor, application)
                )
                if after.to_status in workflow.NOTE_REQUIRED:
                    assert after.note
            assert events[-1].to_status == application.status
            # Demo events are not e-mailed.
            assert all(e.notified_at for e in events)
            if application.status != S.DRAFT:
                assert application.submitted_at is not None and application.code
                assert not dossier_services.dossier_missing(application)
            if application.score_average is not None:
                assert application.score_average == scoring.application_result(application).value
            if application.status == S.RECOGNISED:
                recognition = application.recognition
                assert recognition.is_demo and application.passed()
                assert recognition.valid_from == recognition.decision_date
                assert recognition.decision_date > application.comment_closes_on
            if application.status == S.PUBLIC_COMMENT:
                assert application.comment_closes_on == application.round.comment_closes_on
        open_now = [a for a in applications if a.comment_window_open(today)]
        assert {a.round for a in open_now} == {past_round("hanoi", 1)}
        assert not PublicComment.objects.filter(round=None).exists()

        # Demo documents: small generated PDFs, stored where uploads are.
        documents = ApplicationDocument.objects.filter(application__round__is_demo=True)
        assert documents.count() > 50
        for document in documents[:10]:
            assert document.file.name.startswith("dossiers/")
            assert default_storage.exists(document.file.name)
            assert document.content_type == "application/pdf" and document.original_name.endswith(".pdf")
            with document.file.open("rb") as handle:
                reader = PdfReader(handle)
                assert "TAI LIEU MINH HOA" in reader.pages[0].extract_text()
            assert 0 < document.size < 4096

    def test_every_printed_demo_login_signs_in(self, seeded, client):
        logins = printed_logins()
        assert set(logins) == {login.username for login in DEMO_LOGINS}
        assert logins["demo.hoidong"] and logins["demo.chutich.hanoi"]
        for username, password in logins.items():
            sign_in(client, username, password)
            client.logout()
        council = user("demo.hoidong")
        assert council.role == "official" and council.groups.filter(name=DEMO_GROUP).exists()
        assert not any(user(name).has_usable_password() for name in ALL_DEMO_USERNAMES if name not in logins)

    def test_enterprise_logins_can_complete_a_draft_answer_a_supplement_and_apply(self, seeded, client):
        for city in ROUND_PROGRAMS:
            walk_enterprise_journeys(client, city)
            client.logout()

    def test_staff_logins_can_review_send_to_council_and_run_the_past_rounds(self, seeded, client):
        for city in ROUND_PROGRAMS:
            walk_staff_journeys(client, city)
            client.logout()

    def test_council_logins_have_their_criteria_to_score(self, seeded, client):
        login = next(lg for lg in DEMO_LOGINS if lg.username == "demo.hoidong")
        member = user(login.username)
        sign_in(client, login.username, login.password)
        rounds_page = client.get(reverse("products:council_rounds")).content.decode()
        for city in ("hcm", "hanoi"):
            round_ = open_round(city)
            assert round_.title in rounds_page
            listing = client.get(reverse("products:council_round", args=[round_.id]))
            assert listing.status_code == 200
            rows = {a.pk: a for a in listing.context["applications"]}
            to_score = [a for a in rows.values() if a.status == S.COUNCIL_SCORING and not a.scored_by_me]
            assert len(to_score) == 2
            assert any(a.scored_by_me for a in rows.values())
            application = to_score[0]
            sheet = client.get(reverse("products:council_score", args=[round_.id, application.public_id]))
            assert sheet.status_code == 200
            seat = round_.council_members.get(user=member)
            mine = scoring.seat_criteria(seat)
            suggested = scoring.suggestions(mine, application)
            points = {c.id: suggested[c.id].points if suggested[c.id] else c.max_points * Decimal("0.8") for c in mine}
            services.council_scores_save(actor=member, application=application, points=points)
            assert Score.objects.filter(application=application, member=seat).count() == len(mine)
            if city == "hanoi":
                # Phân công chấm điểm: the criteria of the other agencies are not theirs.
                assert len(mine) < len(round_services.criteria_leaves(round_))
                with pytest.raises(ValidationError):
                    other = next(c for c in round_services.criteria_leaves(round_) if c not in mine)
                    services.council_scores_save(actor=member, application=application, points={other.id: Decimal(1)})
        client.logout()

        # Hanoi's chair scores the criterion assigned to them and reads each member's part.
        login = next(lg for lg in DEMO_LOGINS if lg.username == "demo.chutich.hanoi")
        chair = user(login.username)
        sign_in(client, login.username, login.password)
        round_ = open_round("hanoi")
        listing = client.get(reverse("products:council_round", args=[round_.id]))
        assert listing.status_code == 200 and listing.context["is_chair"]
        assert listing.context["blockers"]  # a dossier no one scored yet
        seat = round_.council_members.get(user=chair)
        assert [c.name for c in scoring.seat_criteria(seat)] == ["Khả năng xuất khẩu"]


# ---------------------------------------------------------------- the journeys the demo logins walk


def walk_enterprise_journeys(client, city: str) -> None:
    login = next(lg for lg in DEMO_LOGINS if lg.enterprise_city == city)
    account = user(login.username)
    sign_in(client, login.username, login.password)
    page = client.get(reverse("products:my_applications"))
    assert page.status_code == 200
    mine = Application.objects.filter(enterprise=account.enterprise, round=open_round(city))
    assert {S.DRAFT, S.SUPPLEMENT_REQUESTED, S.SUBMITTED, S.WITHDRAWN} <= set(mine.values_list("status", flat=True))
    for application in mine:
        assert application.product.name in page.content.decode()

    # A draft with its figures for the three years given and one required document left to add, then submitted.
    draft = mine.get(status=S.DRAFT)
    assert sorted(dossier_services.figures_by_year(draft)) == dossier_services.figure_years(draft.round)
    (missing,) = dossier_services.dossier_missing(draft)
    assert missing.kind == "document"
    (document_type,) = services.missing_document_types(draft)
    assert client.get(reverse("products:application_detail", args=[draft.public_id])).status_code == 200
    services.document_add(actor=account, application=draft, document_type=document_type, file=pdf())
    services.application_transition(actor=account, application=draft, to_status=S.SUBMITTED)
    draft.refresh_from_db()
    assert draft.code

    # A supplement request whose reason the enterprise reads, answered with a document.
    supplement = mine.get(status=S.SUPPLEMENT_REQUESTED)
    reason = supplement.events.get(to_status=S.SUPPLEMENT_REQUESTED).note
    assert "bổ sung" in reason
    detail = client.get(reverse("products:application_detail", args=[supplement.public_id]))
    assert reason in detail.content.decode()
    document_type = supplement.round.document_types.get(order=3)
    services.document_add(actor=account, application=supplement, document_type=document_type, file=pdf())
    services.application_transition(actor=account, application=supplement, to_status=S.RESUBMITTED)

    # A new application: the open round and a product with no dossier are offered.
    new = client.get(reverse("products:application_new")).content.decode()
    assert open_round(city).title in new
    spare = Product.objects.filter(enterprise=account.enterprise, applications=None).first()
    assert spare.name in new
    services.application_create(actor=account, product=spare, round=open_round(city), kind="key")

    if city == "hanoi":
        recognised = Application.objects.filter(enterprise=account.enterprise, status=S.RECOGNISED).first()
        certificate = reverse("products:certificate_pdf", args=[recognised.recognition.public_id])
        assert client.get(certificate).status_code == 200
    else:
        assert Application.objects.filter(enterprise=account.enterprise, status=S.PUBLIC_COMMENT).exists()


def walk_staff_journeys(client, city: str) -> None:
    login = next(lg for lg in DEMO_LOGINS if lg.role == "staff" and lg.city == city)
    staff = user(login.username)
    sign_in(client, login.username, login.password)
    page = client.get(reverse("products:staff_applications"))
    assert page.status_code == 200
    round_ = open_round(city)
    assert client.get(reverse("products:staff_round", args=[round_.id])).status_code == 200

    submitted = dossier(city, S.SUBMITTED)
    assert submitted.product.name in page.content.decode()
    services.application_transition(actor=staff, application=submitted, to_status=S.UNDER_REVIEW)
    services.application_transition(actor=staff, application=dossier(city, S.RESUBMITTED), to_status=S.UNDER_REVIEW)
    ready = dossier(city, S.UNDER_REVIEW)
    services.application_transition(actor=staff, application=ready, to_status=S.COUNCIL_SCORING)

    today = timezone.localdate()
    past = past_round(city, 1)
    for name in ("staff_round", "round_ranking", "round_comments"):
        assert client.get(reverse(f"products:{name}", args=[past.id])).status_code == 200, name
    if city == "hanoi":
        # The comments: one waiting to be answered, one more received on paper today.
        waiting = past.public_comments.get(handling="")
        comment_services.comment_handle(actor=staff, comment=waiting, handling="answered", response="Đã trả lời.")
        comment_services.comment_enter_paper(
            actor=staff,
            round=past,
            received_on=today,
            author_name="Ông Nguyễn Văn A",
            author_address="Hà Nội",
            body="Ý kiến bằng văn bản.",
        )
        # The Top 10 from the ranking, with the decision that names it.
        top = list(scoring.top_candidates(past)[:10])
        scoring.top_mark(
            actor=staff, round=past, applications=top, decision_number="MH-99/QĐ-UBND", decision_date=today
        )
        assert past.applications.filter(in_top=True).count() == 10
        # A suspended recognition of the decided round reinstated.
        suspended = Recognition.objects.get(round=past_round(city, 2), status=Recognition.Status.SUSPENDED)
        assert client.get(reverse("products:recognition_manage", args=[suspended.public_id])).status_code == 200
        lifecycle.recognition_reinstate(
            actor=staff, recognition=suspended, reason="Đã được chứng nhận lại.", effective_on=today
        )
    else:
        # Last year's round: the comment deadline is over, every comment handled: the UBND's decision.
        body = recognition_committee(past.program.city_id)
        signer = active_signers(body).get()
        assert signer.full_name.endswith("(minh họa)")
        decided_on = today - timedelta(days=1) if (today.month, today.day) == (2, 29) else today
        outcome = decision_services.round_decide(
            actor=staff, round=past, decision_number="MH-01/QĐ-UBND", decision_date=decided_on, signer=signer
        )
        assert (len(outcome.recognised), len(outcome.rejected)) == (5, 1)
    # Someone else's city is not theirs.
    other = "hanoi" if city == "hcm" else "hcm"
    assert services.role_of(staff, dossier(other, S.SUBMITTED)) is None


# ---------------------------------------------------------------- replacing and refusing


def snapshot() -> dict:
    """The demo dossiers as a newcomer sees them, without ids, keys, timestamps or stored file names."""
    rows = []
    applications = Application.objects.filter(round__is_demo=True).select_related("product", "enterprise", "round")
    for a in applications.order_by("round__program__slug", "product__name"):
        rows.append(
            (
                a.round.title,
                a.product.name,
                a.enterprise.tax_code,
                a.status,
                a.kind,
                a.market_summary,
                a.score_average,
                a.score_count,
                a.comment_opens_on,
                a.comment_closes_on,
                [(e.from_status, e.to_status, e.actor.username, e.note) for e in a.events.order_by("created_at", "id")],
                sorted((d.document_type.name, d.original_name, d.size, d.sha256) for d in a.documents.all()),
                sorted(
                    (s.member.user.username, s.criterion.name, s.points, s.suggested_points) for s in a.scores.all()
                ),
                sorted(a.figures.values_list("year", "revenue", "export_value", "workers", "labour_productivity")),
                a.rank,
                a.in_top,
                a.code,
                getattr(getattr(a, "recognition", None), "status", None),
            )
        )
    seats = sorted(
        CouncilMember.objects.filter(round__is_demo=True).values_list(
            "round__title", "user__username", "role", "agency"
        )
    )
    rounds = sorted(
        (
            r.title,
            r.status,
            r.call_number,
            r.opens_on,
            r.result_published_on,
            r.comment_closes_on,
            r.decision_number,
            r.decision_signer_name,
            r.top_decision_number,
            [e.kind for e in r.events.order_by("created_at", "id")],
            sorted(
                CriterionAssignment.objects.filter(criterion__round=r).values_list(
                    "criterion__code", "member__user__username", "agency"
                ),
                key=str,
            ),
            [(c.channel, c.author_name, c.body, c.received_on, c.handling) for c in r.public_comments.order_by("id")],
        )
        for r in RecognitionRound.objects.filter(is_demo=True)
    )
    changes = sorted(
        RecognitionStatusChange.objects.filter(recognition__is_demo=True).values_list(
            "recognition__product_name", "to_status", "reason", "effective_on"
        )
    )
    return {"dossiers": rows, "seats": seats, "rounds": rounds, "changes": changes}


def table_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def stored_files() -> set[str]:
    return set(default_storage.listdir("dossiers")[1]) if default_storage.exists("dossiers") else set()


def test_running_again_replaces_the_demo_rows_with_the_same_data(seeded, django_capture_on_commit_callbacks):
    first, counts, files = snapshot(), table_counts(), stored_files()
    assert len(files) == ApplicationDocument.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    assert snapshot() == first
    assert table_counts() == counts
    # The previous run's documents left the storage with their rows.
    assert len(stored_files()) == len(files) and not (stored_files() & files)
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(seed=99)
    assert snapshot()["dossiers"] != first["dossiers"]


def refused(match: str, **options) -> None:
    before, files = (table_counts(), snapshot()), stored_files()
    with pytest.raises(CommandError, match=match):
        seed_demo(**options)
    assert (table_counts(), snapshot()) == before
    assert stored_files() == files


def test_refuses_a_real_account_with_a_demo_username(programs, fast_hashing):
    UserFactory(username="demo.hoidong", role="official", email="thu.le@congthuong.gov.vn")
    refused("demo.hoidong")


def test_accepts_the_accounts_of_an_earlier_seed_demo(programs, fast_hashing):
    """Accounts made before the demo group existed carry the address seed_demo gave them."""
    UserFactory(username="demo.lanhdao", role="official", email="demo.lanhdao@example.vn")
    seed_demo()
    assert user("demo.lanhdao").groups.filter(name=DEMO_GROUP).exists()


def test_refuses_a_real_enterprise_holding_a_demo_login_tax_code(programs, fast_hashing):
    EnterpriseFactory(tax_code="0319900005", name="Công ty TNHH Thật")
    refused("0319900005")


@pytest.mark.parametrize("years_back", [0, 2])
def test_refuses_a_real_round_in_the_place_of_a_demo_round(programs, fast_hashing, years_back):
    year = timezone.localdate().year - years_back
    RecognitionRoundFactory(program=programs[HANOI_KEY_PRODUCTS_2022], year=year, title=f"Xét chọn năm {year}")
    refused(f"Xét chọn năm {year}")


def test_refuses_to_take_real_rows_along_with_the_demo_rounds(seeded, django_capture_on_commit_callbacks):
    round_ = open_round("hcm")
    real = ProductFactory(enterprise=EnterpriseFactory(name="Công ty TNHH Nhựa Thật"))
    made = Application.objects.create(round=round_, product=real, enterprise=real.enterprise, kind="key")
    refused("Nhựa Thật")
    made.delete()

    outsider = UserFactory(username="canbo.khac", role="official")
    CouncilMember.objects.create(round=round_, user=outsider, title="Ủy viên")
    refused("canbo.khac")
    CouncilMember.objects.filter(user=outsider).delete()

    linked = UserFactory(username="dn.that", role="enterprise", enterprise=user("demo.doanhnghiep.hcm").enterprise)
    refused("dn.that")
    linked.delete()

    award = Award.objects.create(
        enterprise=user("demo.doanhnghiep.hanoi").enterprise, kind=Award.Kind.OTHER, name="Giải thưởng thật", year=2023
    )
    refused("Giải thưởng thật")
    award.delete()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()


def test_refuses_production_unless_allowed(programs, fast_hashing, settings):
    settings.PRODUCTION = True
    refused("--allow-production")
    seed_demo(allow_production=True)
    assert open_round("hcm").is_demo


def test_needs_the_two_demo_login_enterprises(programs, fast_hashing):
    refused("--enterprises", enterprises=1)


def test_tiny_sizes_still_give_every_status(programs, fast_hashing):
    seed_demo(enterprises=2, products=0, task_updates=0)
    statuses = set(Application.objects.filter(round__is_demo=True).values_list("status", flat=True))
    assert statuses == set(S.values)
    for city in ("hcm", "hanoi"):
        assert Application.objects.filter(round=open_round(city), status=S.DRAFT).exists()


def test_demo_logins_does_not_print_an_account_it_did_not_make(programs, fast_hashing):
    seed_demo()
    get_user_model().objects.filter(username="demo.lanhdao").delete()
    UserFactory(username="demo.lanhdao", role="official", email="that@congthuong.gov.vn")
    assert "demo.lanhdao" not in printed_logins()
    assert PublicComment.objects.exists()
