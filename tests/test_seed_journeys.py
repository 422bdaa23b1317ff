"""seed_demo gives a newcomer every journey to walk: an open round per city with its documents, a 100-point sheet
and a council; dossiers in every status, made through the workflow; demo logins whose start pages hold what each
journey needs. Running it again replaces its rows; it refuses, changing nothing, where it would touch real data."""

import io
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from demo import journeys as demo_journeys
from demo.management.commands.seed_demo import ALL_DEMO_USERNAMES, DEMO_GROUP, DEMO_LOGINS
from products import services, workflow
from products.models import (
    Application,
    ApplicationDocument,
    CouncilMember,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
    Score,
)
from products.selectors import open_rounds
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


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def test_each_city_has_an_open_demo_round_with_documents_criteria_and_council(seeded):
    today = timezone.localdate()
    for city in ROUND_PROGRAMS:
        round_ = open_round(city)
        assert round_.is_demo and "(minh họa)" in round_.title
        assert round_.opens_on <= today <= round_.closes_on
        assert round_.year == today.year
        required = round_.document_types.filter(is_required=True)
        assert required.count() >= 2 and round_.document_types.count() > required.count()
        assert services.criteria_total(round_) == Decimal(100)
        assert all("(minh họa)" in c.description for c in round_.criteria.all())
        seats = list(round_.council_members.select_related("user"))
        assert len(seats) == 3
        assert "demo.hoidong" in {s.user.username for s in seats}
        # The member field's own choice limit: officials and staff only.
        assert {s.user.role for s in seats} <= {"official", "staff"}
    # The enterprise's "Đợt xét chọn" list offers both.
    assert set(open_rounds()) == {open_round(city) for city in ROUND_PROGRAMS}

    # The past demo round and the seeded round stay apart from them.
    hcm_past = RecognitionRound.objects.get(program__slug=HCM_RUBBER_PLASTICS, year=2024)
    assert hcm_past.is_demo and hcm_past.status == RecognitionRound.Status.CLOSED
    assert hcm_past.recognitions.exists()
    hanoi_2022 = RecognitionRound.objects.get(program__slug=HANOI_KEY_PRODUCTS_2022, year=2022)
    assert hanoi_2022.is_demo is False
    assert not Recognition.objects.filter(is_demo=False).exists()


# ---------------------------------------------------------------- dossiers


def test_every_status_occurs_and_was_reached_through_the_workflow(seeded):
    """Events chain from the creation to the status; scores, averages, windows and certificates agree."""
    for city in ROUND_PROGRAMS:
        statuses = Counter(Application.objects.filter(round=open_round(city)).values_list("status", flat=True))
        assert set(statuses) == set(S.values)
        assert statuses[S.DRAFT] >= 2 and statuses[S.REJECTED] >= 2 and statuses[S.PUBLIC_COMMENT] >= 3
    today = timezone.localdate()
    applications = Application.objects.filter(round__is_demo=True).select_related("round", "enterprise", "product")
    assert applications.count() == 2 * len(demo_journeys.DOSSIERS)
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
            assert application.submitted_at is not None
            assert not services.missing_document_types(application)
        totals = list(services.member_totals(application).values())
        assert application.score_count == len(totals)
        if totals:
            assert application.score_average == (sum(totals) / len(totals)).quantize(Decimal("0.01"))
        if application.status == S.RECOGNISED:
            recognition = application.recognition
            assert recognition.is_demo and application.passed()
            assert recognition.valid_from == recognition.decision_date
            assert recognition.decision_date > application.comment_closes_on
        if application.status == S.PUBLIC_COMMENT and application.comment_window_open(today):
            assert application.public_comments.count() == 2
        else:
            assert not application.public_comments.exists()
    open_now = [a for a in applications if a.comment_window_open(today)]
    assert len(open_now) == 2
    closed = applications.filter(status=S.PUBLIC_COMMENT, comment_closes_on__lt=today)
    assert {a.passed() for a in closed} == {True, False}

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


# ---------------------------------------------------------------- demo logins and their journeys


def test_every_printed_demo_login_signs_in(seeded, client):
    logins = printed_logins()
    assert set(logins) == {login.username for login in DEMO_LOGINS}
    assert logins["demo.hoidong"]
    for username, password in logins.items():
        sign_in(client, username, password)
        client.logout()
    council = user("demo.hoidong")
    assert council.role == "official" and council.groups.filter(name=DEMO_GROUP).exists()
    assert not any(user(name).has_usable_password() for name in ALL_DEMO_USERNAMES if name not in logins)


def test_enterprise_logins_can_complete_a_draft_answer_a_supplement_and_apply(seeded, client):
    for city in ROUND_PROGRAMS:
        walk_enterprise_journeys(client, city)
        client.logout()


def walk_enterprise_journeys(client, city: str) -> None:
    login = next(lg for lg in DEMO_LOGINS if lg.enterprise_city == city)
    account = user(login.username)
    sign_in(client, login.username, login.password)
    page = client.get(reverse("products:my_applications"))
    assert page.status_code == 200
    mine = Application.objects.filter(enterprise=account.enterprise, round=open_round(city))
    assert {S.DRAFT, S.SUPPLEMENT_REQUESTED, S.SUBMITTED, S.RECOGNISED, S.WITHDRAWN} <= set(
        mine.values_list("status", flat=True)
    )
    for application in mine:
        assert application.product.name in page.content.decode()

    # A draft with its summaries filled in and one required document left to add, then submitted.
    draft = mine.get(status=S.DRAFT)
    assert draft.market_summary and draft.technical_summary and draft.social_summary
    missing = services.missing_document_types(draft)
    assert len(missing) == 1
    assert client.get(reverse("products:application_detail", args=[draft.public_id])).status_code == 200
    services.document_add(actor=account, application=draft, document_type=missing[0], file=pdf())
    services.application_transition(actor=account, application=draft, to_status=S.SUBMITTED)

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

    recognised = mine.get(status=S.RECOGNISED)
    certificate = reverse("products:certificate_pdf", args=[recognised.recognition.public_id])
    assert client.get(certificate).status_code == 200


def test_staff_logins_can_review_send_to_council_open_comment_and_decide(seeded, client):
    for city in ROUND_PROGRAMS:
        walk_staff_journeys(client, city)
        client.logout()


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

    seats = round_.council_members.count()
    complete = dossier(city, S.COUNCIL_SCORING, score_count=seats)
    today = timezone.localdate()
    services.application_open_comment(
        actor=staff, application=complete, opens_on=today, closes_on=today + timedelta(days=15)
    )

    pending = Application.objects.filter(round=round_, status=S.PUBLIC_COMMENT, comment_closes_on__lt=today)
    assert pending.count() == 2
    decided_on = today - timedelta(days=1) if (today.month, today.day) == (2, 29) else today
    outcome = services.round_decide(
        actor=staff, round=round_, decision_number="MH-01/QĐ-UBND", decision_date=decided_on
    )
    assert (len(outcome.recognised), len(outcome.rejected)) == (1, 1)
    # Someone else's city is not theirs.
    other = "hanoi" if city == "hcm" else "hcm"
    assert services.role_of(staff, dossier(other, S.SUBMITTED)) is None


def test_council_login_has_dossiers_to_score_in_both_rounds(seeded, client):
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
        points = {c.id: c.max_points * Decimal("0.8") for c in round_.criteria.all()}
        scored = services.council_scores_save(actor=member, application=application, points=points)
        assert scored.score_count >= 1
        assert Score.objects.filter(application=application, member__user=member).count() == round_.criteria.count()


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
                sorted((s.member.user.username, s.criterion.name, s.points) for s in a.scores.all()),
                [(c.author_name, c.body) for c in a.public_comments.order_by("id")],
            )
        )
    seats = sorted(CouncilMember.objects.filter(round__is_demo=True).values_list("round__title", "user__username"))
    return {"dossiers": rows, "seats": seats}


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


def test_refuses_a_real_round_in_the_place_of_the_open_round(programs, fast_hashing):
    year = timezone.localdate().year
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
    for city in ("hcm", "hanoi"):
        statuses = set(Application.objects.filter(round=open_round(city)).values_list("status", flat=True))
        assert statuses == set(S.values)


def test_demo_logins_does_not_print_an_account_it_did_not_make(programs, fast_hashing):
    seed_demo()
    get_user_model().objects.filter(username="demo.lanhdao").delete()
    UserFactory(username="demo.lanhdao", role="official", email="that@congthuong.gov.vn")
    assert "demo.lanhdao" not in printed_logins()
    assert PublicComment.objects.exists()
