"""Task pages stay up when an update has no author: recorded facts (seed_programs) and authors deleted later."""

import datetime

import pytest
from django.urls import reverse

from programs.models import TaskUpdate
from programs.services import task_update_record


@pytest.fixture
def authorless_update(hcm_task):
    # As seed_programs records a fact from the program's reports: no author.
    return TaskUpdate.objects.create(
        task=hcm_task, date=datetime.date(2022, 6, 30), status="in_progress", progress=40, note="Theo báo cáo."
    )


@pytest.fixture
def deleted_author_update(cast, hcm_task):
    from tests.factories import UserFactory

    leaving = UserFactory(username="canbo.nghiviec", role="staff", city=cast.staff_hcm.city, first_name="Thu")
    update = task_update_record(
        task=hcm_task, actor=leaving, date=datetime.date(2023, 1, 10), status="in_progress", progress=50
    )
    leaving.delete()
    update.refresh_from_db()
    assert update.author is None
    return update


def _pages(task):
    detail = reverse("programs:task_detail", args=[task.public_id])
    update = reverse("programs:task_update", args=[task.public_id])
    return [
        ({}, detail),
        ({}, update),
        ({"HTTP_HX_REQUEST": "true"}, update + "?fragment=panel"),
    ]


@pytest.mark.parametrize("which", ["authorless_update", "deleted_author_update"])
def test_task_pages_answer_for_an_update_without_author(request, login, cast, which):
    update = request.getfixturevalue(which)
    client = login(cast.staff_hcm)
    for headers, url in _pages(update.task):
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        assert "(không rõ)" in response.content.decode(), url


def test_htmx_panel_after_posting_shows_authorless_updates(login, cast, authorless_update):
    task = authorless_update.task
    response = login(cast.staff_hcm).post(
        reverse("programs:task_update", args=[task.public_id]),
        {"date": "2023-05-01", "status": "in_progress", "progress": "60", "note": "", "fragment": "panel"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "(không rõ)" in html
    assert "Lan" in html  # the new update's author
