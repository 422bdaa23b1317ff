from django.core import mail

from products import workflow
from products.models import Application, ApplicationEvent
from products.tasks import notify_application_event

S = Application.Status


def test_notification_is_sent_once_even_if_delivered_twice(cast, make_application):
    application = make_application(S.SUPPLEMENT_REQUESTED)
    event = ApplicationEvent.objects.create(
        application=application, from_status=S.UNDER_REVIEW, to_status=S.SUPPLEMENT_REQUESTED, note="Thiếu giấy phép"
    )
    assert notify_application_event(event.id) == 1
    assert notify_application_event(event.id) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Yêu cầu bổ sung" in message.subject
    assert "Thiếu giấy phép" in message.body
    assert f"/san-pham/ho-so/{application.public_id}/" in message.body
    assert cast.enterprise_a.contact_email in message.to


def test_the_transition_table_has_no_exit_from_final_statuses():
    for from_status, _to, _role in workflow.TRANSITIONS:
        assert from_status not in workflow.FINAL_STATUSES
