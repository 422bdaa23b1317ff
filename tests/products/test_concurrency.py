"""Two requests on the same application at the same moment: the row lock lets exactly one win."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from products import services
from products.models import Application, ApplicationEvent, Recognition

S = Application.Status


def _race(action, times: int = 2) -> list:
    """Run `action` in `times` threads with their own database connections, released together."""
    barrier = threading.Barrier(times)
    results: list = []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=10)
            outcome = action()
        except Exception as exc:  # noqa: BLE001 — the losing thread's error is the result under test
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_exactly_one_wins(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.DRAFT))

    results = _race(
        lambda: services.application_transition(
            actor=cast.enterprise_a_user, application=Application.objects.get(pk=application.pk), to_status=S.SUBMITTED
        )
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(results) == 2
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert ApplicationEvent.objects.filter(application=application, to_status=S.SUBMITTED).count() == 1
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_exactly_one_wins(cast, make_application):
    application = make_application(S.PUBLIC_COMMENT)

    results = _race(
        lambda: services.application_decide(
            actor=cast.staff_hcm,
            application=Application.objects.get(pk=application.pk),
            decision_number="1234/QĐ-UBND",
            decision_date=datetime.date.today(),
        )
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert Recognition.objects.filter(application=application).count() == 1
    assert ApplicationEvent.objects.filter(application=application, to_status=S.RECOGNISED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_withdrawal_racing_a_review_never_loses_either_update(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.SUBMITTED))
    actions = iter(
        [
            lambda: services.application_transition(
                actor=cast.staff_hcm, application=Application.objects.get(pk=application.pk), to_status=S.UNDER_REVIEW
            ),
            lambda: services.application_transition(
                actor=cast.enterprise_a_user,
                application=Application.objects.get(pk=application.pk),
                to_status=S.WITHDRAWN,
            ),
        ]
    )
    pick = threading.Lock()

    def next_action():
        with pick:
            action = next(actions)
        return action()

    results = _race(next_action)

    # Both are legal in either order (submitted → under review → withdrawn, or submitted → withdrawn and the
    # review is refused); the recorded history must match the final status either way.
    application.refresh_from_db()
    events = list(application.events.exclude(to_status=S.DRAFT).values_list("from_status", "to_status"))
    assert events[-1][1] == application.status
    for (_, to_status), (from_status, _) in zip(events, events[1:], strict=False):
        assert to_status == from_status
    assert len([r for r in results if isinstance(r, Exception)]) == 2 - len(events)
