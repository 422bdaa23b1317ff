"""The public comment window: it opens today or later and lasts at least the programme's minimum number of days
(10 unless the programme says otherwise, from 1 to 90); no decision comes before it is over, nor is dated
within it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from products import comments, services
from products.models import Application, Recognition
from programs.models import Program
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
    """Publish the round's list (the dossier on it) with this window: products.comments.result_publish, which
    replaces the per-dossier publication; the council has closed scoring."""
    round = application.round
    round.scoring_closed_at = timezone.now()
    round.save(update_fields=["scoring_closed_at"])
    return comments.result_publish(
        actor=cast.staff_hcm, round=round, published_on=opens_on, comment_closes_on=closes_on, **kwargs
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
    """A demo replays a round published weeks ago: the window is checked against that day."""
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


# The round's whole list is published from its comment page (replacing the per-dossier form, issue 16).


def test_the_publish_page_refuses_a_past_window_with_its_message(client, login, cast, round_setup, scored):
    round_setup.round.scoring_closed_at = timezone.now()
    round_setup.round.save(update_fields=["scoring_closed_at"])
    login(cast.staff_hcm)
    response = client.post(
        reverse("products:round_publish", kwargs={"round_id": round_setup.round.id}),
        {
            "published_on": (TODAY - days(10)).isoformat(),
            "comment_closes_on": (TODAY - days(1)).isoformat(),
            "confirm": "1",
        },
        follow=True,
    )
    assert "Ngày bắt đầu lấy ý kiến không được trước hôm nay" in response.content.decode()
    assert _unchanged(scored)


def test_the_publish_form_starts_today_for_the_programmes_minimum(client, login, cast, round_setup, scored):
    login(cast.staff_hcm)
    url = reverse("products:round_comments", kwargs={"round_id": round_setup.round.id})
    form = client.get(url).context["publish_form"]
    assert (form["published_on"].value(), form["comment_closes_on"].value()) == (TODAY, TODAY + days(9))
    assert "ít nhất 10 ngày" in str(form.fields["comment_closes_on"].help_text)


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
def round_published(cast, round_setup, committee, signer):
    """Two passed dossiers on the round's list, published twenty days ago with one deadline, two days ago."""
    round = round_setup.round
    round.result_published_on, round.comment_closes_on = TODAY - days(20), TODAY - days(2)
    round.save(update_fields=["result_published_on", "comment_closes_on"])
    for name in ("Gioăng A", "Gioăng B"):
        ApplicationFactory(
            round=round,
            product=ProductFactory(enterprise=cast.enterprise_b, name=name),
            status=S.PUBLIC_COMMENT,
            comment_opens_on=round.result_published_on,
            comment_closes_on=round.comment_closes_on,
            score_average=Decimal(90),
            score_count=3,
        )
    return round


def test_a_rounds_decision_dated_within_the_deadline_is_refused(cast, round_published, signer):
    # Replaces the per-dossier windows of a round (each settled by its own close): one deadline for the list.
    with pytest.raises(ValidationError) as caught:
        services.round_decide(
            actor=cast.staff_hcm,
            round=round_published,
            decision_number="7/QĐ-UBND",
            decision_date=TODAY - days(5),
            signer=signer,
        )
    assert "Ngày quyết định phải sau ngày kết thúc lấy ý kiến công khai" in caught.value.messages[0]
    assert not Recognition.objects.exists()


def test_a_rounds_decision_settles_the_whole_list_at_once(cast, round_published, signer):
    outcome = services.round_decide(
        actor=cast.staff_hcm, round=round_published, decision_number="7/QĐ-UBND", decision_date=TODAY, signer=signer
    )
    assert sorted(r.product_name for r in outcome.recognised) == ["Gioăng A", "Gioăng B"]
    assert set(Application.objects.values_list("status", flat=True)) == {S.RECOGNISED}


def test_the_decisions_confirmation_lists_what_it_settles(client, login, cast, round_published, signer):
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/quan-ly/dot/{round_published.id}/",
        {"decision_number": "7/QĐ-UBND", "decision_date": TODAY.isoformat(), "signer": signer.id},
    )
    assert sorted(a.product.name for a in response.context["pending"]) == ["Gioăng A", "Gioăng B"]
