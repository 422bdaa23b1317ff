"""Reminders before expiry (issue 16, item 5): a daily Celery beat task e-mails the enterprise of each active
recognition expiring within settings.RECOGNITION_RENEWAL_REMINDER_DAYS, inviting renewal, exactly once."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from products import tasks
from products.models import Recognition
from tests.factories import ProductFactory, RecognitionFactory

TODAY = datetime.date.today()


def _recognition(round_setup, enterprise, days_left, **kwargs):
    return RecognitionFactory(
        product=ProductFactory(enterprise=enterprise),
        round=round_setup.round,
        decision_date=TODAY - datetime.timedelta(days=1000),
        valid_from=TODAY - datetime.timedelta(days=1000),
        valid_until=TODAY + datetime.timedelta(days=days_left),
        **kwargs,
    )


@pytest.fixture(autouse=True)
def _ninety_days(settings):
    settings.RECOGNITION_RENEWAL_REMINDER_DAYS = 90


def test_reminders_are_sent_exactly_once(cast, round_setup):
    due = _recognition(round_setup, cast.enterprise_a, 30)
    _recognition(round_setup, cast.enterprise_b, 200)  # not yet
    _recognition(round_setup, cast.enterprise_b, -5)  # already expired
    assert tasks.remind_expiring_recognitions.delay().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert cast.enterprise_a_user.email in message.to
    assert due.certificate_number in message.body and "công nhận lại" in message.body
    assert "/cua-toi/ho-so/" in message.body
    due.refresh_from_db()
    assert due.renewal_reminded_at is not None
    assert tasks.remind_expiring_recognitions.delay().get() == 0
    assert len(mail.outbox) == 1


def test_suspended_demo_and_renewed_recognitions_are_skipped(cast, round_setup):
    suspended = _recognition(round_setup, cast.enterprise_a, 10)
    Recognition.objects.filter(pk=suspended.pk).update(status=Recognition.Status.SUSPENDED)
    _recognition(round_setup, cast.enterprise_a, 10, is_demo=True)
    renewed = _recognition(round_setup, cast.enterprise_b, 10)
    from tests.factories import RecognitionRoundFactory

    later = RecognitionRoundFactory(program=round_setup.round.program, year=2025)
    RecognitionFactory(
        product=renewed.product,
        round=later,
        decision_date=TODAY,
        valid_from=TODAY,
        valid_until=TODAY + datetime.timedelta(days=1000),
    )
    assert tasks.remind_expiring_recognitions() == 0
    assert not mail.outbox


def test_the_window_is_a_setting(cast, round_setup, settings):
    _recognition(round_setup, cast.enterprise_a, 100)
    assert tasks.remind_expiring_recognitions() == 0
    settings.RECOGNITION_RENEWAL_REMINDER_DAYS = 120
    assert tasks.remind_expiring_recognitions() == 1


def test_the_task_is_on_the_beat_schedule():
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "products.tasks.remind_expiring_recognitions" in entries
    from portal.celery import app

    assert "products.tasks.remind_expiring_recognitions" in app.tasks
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE
