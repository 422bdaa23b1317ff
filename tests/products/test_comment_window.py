"""The public comment window: it opens today or later and lasts at least the programme's minimum number of days
(10 unless the programme says otherwise, from 1 to 90); no decision comes before it is over, nor is dated
within it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from products import selectors, services
from products.models import Application, Recognition
from programs.models import Program
from tests.admin_forms import admin_form_data
from tests.factories import ProductFactory
from tests.products.factories import ApplicationFactory

S = Application.Status
TODAY = datetime.date.today()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def scored(make_application):
    return make_application(S.COUNCIL_SCORING, score_average=Decimal(80), score_count=3)


def _open(cast, application, opens_on, closes_on, **kwargs):
    return services.application_open_comment(
        actor=cast.staff_hcm, application=application, opens_on=opens_on, closes_on=closes_on, **kwargs
    )


def _unchanged(application) -> bool:
    application.refresh_from_db()
    return (application.status, application.comment_opens_on, application.comment_closes_on) == (
        S.COUNCIL_SCORING,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "message"),
    [
        (TODAY - days(10), TODAY - days(1), "không được trước hôm nay"),  # opened and closed already
        (TODAY - days(1), TODAY + days(20), "không được trước hôm nay"),
        (TODAY, TODAY + days(8), "ít nhất 10 ngày"),  # nine days of comment
        (TODAY, TODAY, "ít nhất 10 ngày"),
        (TODAY + days(5), TODAY + days(2), "phải sau ngày bắt đầu"),
    ],
)
def test_a_window_in_the_past_or_too_short_is_refused(cast, scored, opens_on, closes_on, message):
    with pytest.raises(ValidationError, match=message):
        _open(cast, scored, opens_on, closes_on)
    assert _unchanged(scored)


def test_the_message_names_the_earliest_closing_day(cast, scored):
    with pytest.raises(ValidationError) as caught:
        _open(cast, scored, datetime.date(2030, 3, 1), datetime.date(2030, 3, 5))
    assert "bắt đầu ngày 01/03/2030 thì kết thúc sớm nhất ngày 10/03/2030" in caught.value.messages[0]


@pytest.mark.parametrize(("opens_on", "closes_on"), [(TODAY, TODAY + days(9)), (TODAY + days(3), TODAY + days(30))])
def test_a_window_from_today_of_ten_days_or_more_opens(cast, scored, opens_on, closes_on):
    _open(cast, scored, opens_on, closes_on)
    scored.refresh_from_db()
    assert (scored.status, scored.comment_opens_on, scored.comment_closes_on) == (S.PUBLIC_COMMENT, opens_on, closes_on)


def test_the_minimum_is_the_programmes(cast, scored, round_setup):
    program = round_setup.round.program
    program.comment_min_days = 30
    program.save()
    with pytest.raises(ValidationError, match="ít nhất 30 ngày"):
        _open(cast, scored, TODAY, TODAY + days(20))
    assert _unchanged(scored)
    _open(cast, scored, TODAY, TODAY + days(29))


def test_a_programme_starts_with_ten_days():
    assert Program._meta.get_field("comment_min_days").default == 10


def test_the_day_of_publication_can_be_given_for_a_replay(cast, scored):
    """A demo replays a dossier published weeks ago: the window is checked against that day."""
    _open(cast, scored, TODAY - days(20), TODAY - days(2), today=TODAY - days(20))
    scored.refresh_from_db()
    assert scored.status == S.PUBLIC_COMMENT


def test_the_workflow_step_checks_the_stored_window_too(cast, scored):
    Application.objects.filter(pk=scored.pk).update(
        comment_opens_on=TODAY - days(10), comment_closes_on=TODAY - days(1)
    )
    with pytest.raises(ValidationError, match="không được trước hôm nay"):
        services.application_transition(actor=cast.staff_hcm, application=scored, to_status=S.PUBLIC_COMMENT)
    scored.refresh_from_db()
    assert scored.status == S.COUNCIL_SCORING


def test_the_publish_page_refuses_a_past_window_with_its_message(client, login, cast, scored):
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/ho-so/{scored.public_id}/lay-y-kien/",
        {"opens_on": (TODAY - days(10)).isoformat(), "closes_on": (TODAY - days(1)).isoformat(), "confirm": "1"},
        follow=True,
    )
    assert "Ngày bắt đầu lấy ý kiến không được trước hôm nay" in response.content.decode()
    assert _unchanged(scored)


def test_the_publish_form_starts_today_for_the_programmes_minimum(client, login, cast, scored):
    login(cast.staff_hcm)
    form = client.get(f"/san-pham/ho-so/{scored.public_id}/").context["open_comment_form"]
    assert (form["opens_on"].value(), form["closes_on"].value()) == (TODAY, TODAY + days(9))
    assert "ít nhất 10 ngày" in str(form.fields["closes_on"].help_text)


# ---------------------------------------------------------------- decisions


def _decide(cast, application, decision_date=TODAY, **kwargs):
    return services.application_decide(
        actor=cast.staff_hcm,
        application=application,
        decision_number="12/QĐ-UBND",
        decision_date=decision_date,
        **kwargs,
    )


@pytest.mark.parametrize("closes_on", [TODAY, TODAY + days(5)])
def test_no_decision_while_the_window_runs(cast, make_application, closes_on):
    running = make_application(S.PUBLIC_COMMENT, comment_opens_on=TODAY - days(10), comment_closes_on=closes_on)
    with pytest.raises(ValidationError, match="Chưa hết thời gian lấy ý kiến công khai"):
        _decide(cast, running)
    running.refresh_from_db()
    assert running.status == S.PUBLIC_COMMENT
    assert not Recognition.objects.exists()


def test_published_and_recognised_the_same_minute_is_impossible(cast, scored):
    """The review's case: a window opened ten days ago and closed yesterday, then a recognition."""
    with pytest.raises(ValidationError):
        _open(cast, scored, TODAY - days(10), TODAY - days(1))
    with pytest.raises(ValidationError, match="không thể ra quyết định"):
        _decide(cast, scored)
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("decision_date", [TODAY - days(1), TODAY - days(30)])
def test_a_decision_is_dated_after_the_windows_last_day(cast, make_application, decision_date):
    application = make_application(S.PUBLIC_COMMENT)  # window closed yesterday
    with pytest.raises(ValidationError) as caught:
        _decide(cast, application, decision_date=decision_date)
    assert "Ngày quyết định phải sau ngày kết thúc lấy ý kiến công khai" in caught.value.messages[0]
    application.refresh_from_db()
    assert application.status == S.PUBLIC_COMMENT
    assert _decide(cast, application, decision_date=TODAY) is not None


def test_a_failing_dossier_is_not_refused_during_its_window_either(cast, make_application):
    running = make_application(
        S.PUBLIC_COMMENT, comment_opens_on=TODAY, comment_closes_on=TODAY + days(9), score_average=Decimal(40)
    )
    with pytest.raises(ValidationError, match="Chưa hết thời gian"):
        _decide(cast, running)
    with pytest.raises(ValidationError, match="Chưa hết thời gian"):
        services.application_transition(
            actor=cast.staff_hcm, application=running, to_status=S.REJECTED, note="Không đạt."
        )
    running.refresh_from_db()
    assert running.status == S.PUBLIC_COMMENT


def test_the_refusal_button_waits_for_the_end_of_the_window(client, login, cast, make_application):
    running = make_application(S.PUBLIC_COMMENT, comment_opens_on=TODAY, comment_closes_on=TODAY + days(9))
    over = make_application(S.PUBLIC_COMMENT, product=ProductFactory(name="Hạt nhựa tái chế"))
    login(cast.staff_hcm)
    assert 'data-to="rejected"' not in client.get(f"/san-pham/ho-so/{running.public_id}/").content.decode()
    assert 'data-to="rejected"' in client.get(f"/san-pham/ho-so/{over.public_id}/").content.decode()


@pytest.fixture
def round_of_three(cast, make_application, round_setup):
    """Closed two days ago, closed ten days ago, still running: all passed."""

    def make(closes_on, name):
        return ApplicationFactory(
            round=round_setup.round,
            product=ProductFactory(enterprise=cast.enterprise_b, name=name),
            status=S.PUBLIC_COMMENT,
            comment_opens_on=closes_on - days(20),
            comment_closes_on=closes_on,
            score_average=Decimal(90),
            score_count=3,
        )

    return make(TODAY - days(2), "Gioăng A"), make(TODAY - days(10), "Gioăng B"), make(TODAY + days(3), "Gioăng C")


def test_a_rounds_decision_settles_only_windows_over_before_its_date(cast, round_setup, round_of_three):
    recent, older, running = round_of_three
    outcome = services.round_decide(
        actor=cast.staff_hcm, round=round_setup.round, decision_number="7/QĐ-UBND", decision_date=TODAY - days(5)
    )
    assert [r.application_id for r in outcome.recognised] == [older.id]
    assert {a.pk: a.status for a in Application.objects.all()} == {
        recent.pk: S.PUBLIC_COMMENT,
        older.pk: S.RECOGNISED,
        running.pk: S.PUBLIC_COMMENT,
    }


def test_a_rounds_decision_dated_before_every_close_is_refused(cast, round_setup, round_of_three):
    with pytest.raises(ValidationError) as caught:
        services.round_decide(
            actor=cast.staff_hcm, round=round_setup.round, decision_number="7/QĐ", decision_date=TODAY - days(15)
        )
    assert "Ngày quyết định phải sau ngày kết thúc lấy ý kiến công khai" in caught.value.messages[0]
    assert not Recognition.objects.exists()


def test_the_decisions_confirmation_lists_what_it_settles(client, login, cast, round_setup, round_of_three):
    recent, older, running = round_of_three
    assert set(selectors.applications_due_for_decision(round_setup.round, TODAY)) == {recent, older}
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/quan-ly/dot/{round_setup.round.id}/",
        {"decision_number": "7/QĐ-UBND", "decision_date": (TODAY - days(5)).isoformat()},
    )
    assert list(response.context["pending"]) == [older]


# ---------------------------------------------------------------- the programme's setting


@pytest.mark.parametrize("value", [0, 91])
def test_the_minimum_is_bounded_in_the_database(round_setup, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=round_setup.round.program_id).update(comment_min_days=value)


@pytest.mark.parametrize(("value", "saved"), [("0", False), ("91", False), ("1", True), ("90", True)])
def test_the_admin_edits_the_minimum_within_its_bounds(login, cast, round_setup, value, saved):
    program = round_setup.round.program
    client = login(cast.admin)
    url = reverse("admin:programs_program_change", args=[program.pk])
    response = client.post(url, admin_form_data(client.get(url), comment_min_days=value))
    program.refresh_from_db()
    if saved:
        assert response.status_code == 302
        assert program.comment_min_days == int(value)
    else:
        assert response.status_code == 200
        assert "Số ngày lấy ý kiến công khai tối thiểu phải từ 1 đến 90." in response.content.decode()
        assert program.comment_min_days == 10
