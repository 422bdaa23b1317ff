"""A draft programme is staff's working copy: no public page, dropdown, export or API answer shows any of it.

Publication has one rule, Program.objects.published(); every public read goes through it.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from programs.models import Indicator, IndicatorValue, Program, Task, TaskGroup
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    TaskFactory,
    TaskGroupFactory,
)

pytestmark = pytest.mark.django_db

# Every name of the draft holds this word; no public answer may contain it.
MARK = "Bảnnháp"


@dataclass
class Draft:
    program: Program
    group: TaskGroup
    task: Task
    indicator: Indicator
    value: IndicatorValue
    round: object
    recognition: object


@pytest.fixture
def draft(world, hcm) -> Draft:
    program = ProgramFactory(
        slug="ke-hoach-ban-nhap",
        city=hcm,
        status=Program.Status.DRAFT,
        title=f"Kế hoạch {MARK} phát triển cơ khí",
        short_title=f"Cơ khí {MARK}",
    )
    group = TaskGroupFactory(program=program, order=1, code="9", title=f"Nhóm {MARK} chưa công bố")
    task = TaskFactory(group=group, title=f"Nhiệm vụ {MARK}", lead_agency=f"Ban {MARK} cơ khí")
    TaskFactory(group=group, order=2, title=f"Nhiệm vụ {MARK} thứ hai", lead_agency=f"Sở {MARK}")
    indicator = IndicatorFactory(program=program, code="chi-tieu-ban-nhap", name=f"Chỉ tiêu {MARK}")
    value = IndicatorValueFactory(indicator=indicator, period_label="2024", source=f"Nguồn {MARK}")
    round_ = RecognitionRoundFactory(program=program, year=2030, title=f"Đợt {MARK}")
    recognition = RecognitionFactory(
        product=ProductFactory(enterprise=world.enterprise, name=f"Sản phẩm {MARK}"), round=round_
    )
    return Draft(program, group, task, indicator, value, round_, recognition)


def _text(client, url, **params) -> str:
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_home_page_shows_no_draft_card(client, draft):
    html = _text(client, reverse("home"))
    assert "Chương trình cao su - nhựa" in html
    assert MARK not in html


def test_the_public_task_list_offers_no_draft_programme_group_or_agency(client, draft, world):
    html = _text(client, reverse("programs:public_tasks"))

    assert world.done_task.title in html
    # Neither a row nor an option of the programme, group or lead agency dropdowns.
    assert MARK not in html
    # Matched as options: a progress bar's value="100" is not the programme with id 100.
    assert f'<option value="{draft.program.pk}"' not in html and f'<option value="{draft.group.pk}"' not in html
    assert f'<option value="{world.program.pk}"' in html


def test_choosing_a_draft_in_the_public_task_list_shows_nothing_of_it(client, draft):
    for params in ({"program": draft.program.pk}, {"group": draft.group.pk}, {"lead_agency": draft.task.lead_agency}):
        html = _text(client, reverse("programs:public_tasks"), **params)
        # The refused choice is echoed in its error message; nothing of the draft is shown.
        assert f"Nhiệm vụ {MARK}" not in html and draft.group.title not in html, params
        assert f"Cơ khí {MARK}" not in html and f"Sở {MARK}" not in html, params
    export = client.get(reverse("programs:public_tasks_export", kwargs={"format": "csv"}))
    assert MARK not in export.content.decode("utf-8-sig")


def test_the_registry_offers_no_draft_programme_or_round_and_verifies_no_draft_certificate(client, draft):
    html = _text(client, reverse("products:registry"))
    assert MARK not in html
    assert f'value="{draft.program.pk}"' not in html and f'value="{draft.round.pk}"' not in html
    assert MARK not in _text(client, reverse("products:registry"), round=draft.round.pk)
    verify = client.get(reverse("products:verify", kwargs={"public_id": draft.recognition.public_id}))
    assert verify.status_code == 404


def test_no_api_list_names_the_draft(client, draft):
    for url in [
        "/api/v1/programs/",
        "/api/v1/task-groups/",
        "/api/v1/tasks/",
        "/api/v1/indicators/",
        "/api/v1/indicator-values/",
        "/api/v1/recognised-products/",
    ]:
        assert MARK not in _text(client, url), url
    assert MARK not in _text(client, "/api/v1/tasks/", lead_agency=draft.task.lead_agency)
    assert _text(client, "/api/v1/tasks/", program=draft.program.pk).count('"public_id"') == 0


def test_every_api_detail_of_the_draft_is_404(client, draft):
    for url in [
        f"/api/v1/programs/{draft.program.slug}/",
        f"/api/v1/task-groups/{draft.group.pk}/",
        f"/api/v1/tasks/{draft.task.public_id}/",
        f"/api/v1/indicators/{draft.indicator.pk}/",
        f"/api/v1/indicator-values/{draft.value.pk}/",
        f"/api/v1/recognised-products/{draft.recognition.public_id}/",
    ]:
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 404, url
        assert response.json() == {"detail": response.json()["detail"]}


def test_staff_still_see_the_draft_in_the_workspace(client, draft, world):
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")

    assert MARK in _text(client, reverse("programs:overview"))
    tasks = _text(client, reverse("programs:tasks"))
    assert f'value="{draft.program.pk}"' in tasks and f'value="{draft.group.pk}"' in tasks
    assert f"Ban {MARK} cơ khí" in tasks
    assert MARK in _text(client, reverse("programs:tasks"), program=draft.program.pk)
    assert client.get(reverse("programs:dashboard", kwargs={"slug": draft.program.slug})).status_code == 200


def test_published_is_the_one_rule_of_publication(draft, world):
    assert list(Program.objects.published()) == [world.program]
    assert set(TaskGroup.objects.for_published_programs()) == set(world.program.groups.all())
    assert draft.task not in Task.objects.for_published_programs()
    assert draft.value not in IndicatorValue.objects.for_published_programs()
