"""No staff-only field reaches a public page, a public export or the open-data API, checked field by field."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.public.conftest import ALL_PRIVATE_FIELDS, PRIVATE_FIELDS, SECRET

pytestmark = pytest.mark.django_db


def _private_values(world) -> dict[str, str]:
    """Each private field of the world with the value it holds."""
    values = {f"enterprise.{name}": str(getattr(world.enterprise, name)) for name in PRIVATE_FIELDS["enterprise"][:5]}
    update = world.done_task.updates.get()
    values |= {
        "task.note": update.note,
        "task.evidence_name": update.evidence_name,
        "task.author": update.author.username,
        "indicator.note": world.program.indicators.get().note,
        "indicator_value.note": world.program.indicators.get().values.exclude(note="").get().note,
        "application.market_summary": world.other_enterprise.applications.get().market_summary,
    }
    assert all(SECRET in v or SECRET.lower() in v for v in values.values()), values
    return values


def _page_urls(world) -> list[str]:
    return [
        reverse("home"),
        reverse("programs:public_detail", kwargs={"slug": world.program.slug}),
        reverse("programs:public_tasks"),
        reverse("products:registry"),
        reverse("products:verify", kwargs={"public_id": world.recognition.public_id}),
        reverse("enterprises:directory"),
        reverse("enterprises:public_detail", kwargs={"public_id": world.enterprise.public_id}),
    ]


def _export_urls() -> list[str]:
    return [
        reverse(name, kwargs={"format": format})
        for name in ("programs:public_tasks_export", "products:registry_export", "enterprise_directory_export")
        for format in ("csv", "xlsx")
    ]


API_LISTS = [
    "programs",
    "task-groups",
    "tasks",
    "indicators",
    "indicator-values",
    "recognised-products",
    "rounds",
    "recognitions",
    "enterprises",
]


def _text_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        return "\n".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row if c is not None)
    return response.content.decode("utf-8-sig")


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in _keys(value)}
    if isinstance(data, list):
        return {k for item in data for k in _keys(item)}
    return set()


def test_public_pages_and_exports_show_no_private_value(client, world):
    private = _private_values(world)
    for url in _page_urls(world) + _export_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text_of(response)
        for field, value in private.items():
            assert value not in text, f"{field} is shown on {url}"
        assert SECRET not in text and SECRET.lower() not in text, url


@pytest.mark.parametrize("endpoint", API_LISTS)
def test_api_names_no_private_field_and_shows_no_private_value(client, world, endpoint):
    private = _private_values(world)
    response = client.get(f"/api/v1/{endpoint}/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] > 0
    assert _keys(data["results"]) & ALL_PRIVATE_FIELDS == set()
    text = json.dumps(data, ensure_ascii=False)
    for field, value in private.items():
        assert value not in text, f"{field} is in /api/v1/{endpoint}/"
    assert SECRET not in text and SECRET.lower() not in text


def test_api_detail_views_show_only_public_fields(client, world):
    for url in [
        f"/api/v1/programs/{world.program.slug}/",
        f"/api/v1/tasks/{world.done_task.public_id}/",
        f"/api/v1/enterprises/{world.enterprise.public_id}/",
        f"/api/v1/recognised-products/{world.recognition.public_id}/",
    ]:
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, url
        assert _keys(response.json()) & ALL_PRIVATE_FIELDS == set()
        assert SECRET.lower() not in response.content.decode().lower()


def test_the_schema_documents_no_private_field(client, world):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for name, component in schema["components"]["schemas"].items():
        assert set(component.get("properties", {})) & ALL_PRIVATE_FIELDS == set(), name


def test_applications_have_no_api_endpoint(client, world):
    root = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert not any("application" in name for name in root)
    assert client.get("/api/v1/applications/", HTTP_ACCEPT="application/json").status_code == 404


def test_draft_programs_stay_unpublished(client, world):
    assert client.get(reverse("programs:public_detail", kwargs={"slug": world.draft_program.slug})).status_code == 404
    assert client.get(f"/api/v1/programs/{world.draft_program.slug}/").status_code == 404
    tasks = client.get("/api/v1/tasks/", HTTP_ACCEPT="application/json").json()["results"]
    assert {t["program"] for t in tasks} == {world.program.slug}
    assert "Nhiệm vụ của bản dự thảo" not in client.get(reverse("programs:public_tasks")).content.decode()
