"""The dossier's code (mã hồ sơ), given once at the first submission, unique under concurrent submissions; the
deadline of each stage from the round; overdue dossiers flagged to staff."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from products import dossier, selectors, services
from products.models import Application
from tests.factories import ProductFactory, RecognitionRoundFactory
from tests.products.factories import ApplicationFactory, fill_figures

S = Application.Status
TODAY = timezone.localdate()


def _submit(cast, application):
    return services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)


def _complete(with_required_documents, application):
    return with_required_documents(application)


def test_the_first_submission_gives_a_code_kept_on_resubmission(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.DRAFT))
    prefix = f"{application.round.program.city.code.upper()}-2024-"
    _submit(cast, application)
    application.refresh_from_db()
    assert application.code == f"{prefix}00001"

    services.application_transition(actor=cast.staff_hcm, application=application, to_status=S.UNDER_REVIEW)
    services.application_transition(
        actor=cast.staff_hcm, application=application, to_status=S.SUPPLEMENT_REQUESTED, note="Bổ sung báo cáo"
    )
    services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.RESUBMITTED)
    application.refresh_from_db()
    assert (application.status, application.code) == (S.RESUBMITTED, f"{prefix}00001")


def test_codes_follow_each_other_per_city_and_year(cast, make_application, with_required_documents, round_setup):
    first = with_required_documents(make_application(S.DRAFT))
    second = with_required_documents(
        make_application(S.DRAFT, product=ProductFactory(enterprise=cast.enterprise_a, name="Ống nhựa PPR"))
    )
    # Another programme's round of the same city and year shares the prefix, and so the sequence.
    other_round = RecognitionRoundFactory(program__city=round_setup.round.program.city, year=2024, status="open")
    third = ApplicationFactory(
        round=other_round, product=ProductFactory(enterprise=cast.enterprise_a, name="Màng nhựa"), status=S.DRAFT
    )
    fill_figures(third)
    for application in (first, second, third):
        _submit(cast, application)
    codes = list(Application.objects.order_by("submitted_at", "id").values_list("code", flat=True))
    prefix = dossier.code_prefix(round_setup.round)
    assert codes == [f"{prefix}00001", f"{prefix}00002", f"{prefix}00003"]


def test_a_draft_has_no_code(make_application):
    assert make_application(S.DRAFT).code is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_codes(cast, round_setup, with_required_documents):
    applications = [
        with_required_documents(
            ApplicationFactory(
                round=round_setup.round,
                product=ProductFactory(enterprise=cast.enterprise_a, name=f"Sản phẩm {n}"),
                status=S.DRAFT,
            )
        )
        for n in range(6)
    ]
    barrier = threading.Barrier(len(applications))
    errors = []

    def submit(application):
        try:
            barrier.wait(timeout=10)
            _submit(cast, Application.objects.get(pk=application.pk))
        except Exception as exc:  # noqa: BLE001 — any failure is the result under test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    codes = sorted(Application.objects.values_list("code", flat=True))
    prefix = dossier.code_prefix(round_setup.round)
    assert codes == [f"{prefix}{n:05d}" for n in range(1, 7)]


# ---------------------------------------------------------------- stage deadlines


@pytest.fixture
def timed_round(round_setup):
    round = round_setup.round
    round.review_days, round.supplement_days, round.scoring_days = 15, 10, 20
    round.save()
    return round


def test_each_stage_is_dated_and_due_by_the_round(cast, make_application, with_required_documents, timed_round):
    application = with_required_documents(make_application(S.DRAFT))

    def step(actor, status, note=""):
        services.application_transition(actor=actor, application=application, to_status=status, note=note)
        application.refresh_from_db()
        return application.stage_started_on, application.stage_due_on

    day = datetime.timedelta(days=1)
    assert step(cast.enterprise_a_user, S.SUBMITTED) == (TODAY, TODAY + 15 * day)
    assert step(cast.staff_hcm, S.UNDER_REVIEW) == (TODAY, TODAY + 15 * day)
    assert step(cast.staff_hcm, S.SUPPLEMENT_REQUESTED, "Bổ sung") == (TODAY, TODAY + 10 * day)
    assert step(cast.enterprise_a_user, S.RESUBMITTED) == (TODAY, TODAY + 15 * day)
    assert step(cast.staff_hcm, S.UNDER_REVIEW) == (TODAY, TODAY + 15 * day)
    assert step(cast.staff_hcm, S.COUNCIL_SCORING) == (TODAY, TODAY + 20 * day)
    assert step(cast.staff_hcm, S.REJECTED, "Không đạt") == (TODAY, None)


def test_a_round_without_deadlines_leaves_the_stage_undated(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.DRAFT))
    _submit(cast, application)
    application.refresh_from_db()
    assert (application.stage_started_on, application.stage_due_on) == (TODAY, None)


def test_public_comment_is_due_on_its_comment_deadline(make_application):
    application = make_application(S.COUNCIL_SCORING, comment_closes_on=TODAY + datetime.timedelta(days=12))
    assert dossier.stage_due_on(application, S.PUBLIC_COMMENT, TODAY) == TODAY + datetime.timedelta(days=12)


def test_overdue_dossiers_are_listed_and_flagged_to_staff(client, login, cast, make_application):
    late = make_application(S.UNDER_REVIEW, stage_due_on=TODAY - datetime.timedelta(days=1))
    on_time = make_application(
        S.UNDER_REVIEW,
        product=ProductFactory(enterprise=cast.enterprise_a, name="Ống nhựa PPR"),
        stage_due_on=TODAY,
    )
    make_application(
        S.REJECTED,
        product=ProductFactory(enterprise=cast.enterprise_a, name="Màng nhựa"),
        stage_due_on=TODAY - datetime.timedelta(days=30),
    )
    assert list(selectors.overdue_applications(cast.staff_hcm, TODAY)) == [late]
    assert not selectors.overdue_applications(cast.staff_hanoi, TODAY).exists()
    assert dossier.is_overdue(late, TODAY) and not dossier.is_overdue(on_time, TODAY)

    login(cast.staff_hcm)
    page = client.get("/san-pham/quan-ly/ho-so/").content.decode()
    assert "1 hồ sơ quá hạn xử lý" in page
    assert page.count('class="badge badge-overdue"') == 1
    filtered = client.get("/san-pham/quan-ly/ho-so/?deadline=overdue")
    assert [a.pk for a in filtered.context["page_obj"]] == [late.pk]


def test_the_enterprise_sees_its_code_and_due_date(client, login, cast, make_application):
    application = make_application(
        S.SUPPLEMENT_REQUESTED, code="HCM-2024-00042", stage_started_on=TODAY, stage_due_on=datetime.date(2030, 3, 9)
    )
    login(cast.enterprise_a_user)
    page = client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    assert "HCM-2024-00042" in page
    assert "Hạn nộp bổ sung" in page and "09/03/2030" in page
    assert 'href="/tra-cuu-ho-so/"' in page
