"""The open-data API: read-only, paginated, filterable like the public pages, throttled for anonymous callers."""

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import AnonRateThrottle

from programs.models import Task
from tests.factories import EnterpriseFactory, TaskFactory, TaskGroupFactory

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_lists_are_paginated(client, world):
    group = TaskGroupFactory(program=world.program, order=2)
    for order in range(60):
        TaskFactory(group=group, order=order)

    first = _get(client, "/api/v1/tasks/")
    second = _get(client, "/api/v1/tasks/", page=2)

    assert first["count"] == 62
    assert len(first["results"]) == 50 and len(second["results"]) == 12
    assert first["next"].endswith("page=2") and second["previous"]
    assert {t["public_id"] for t in first["results"]}.isdisjoint({t["public_id"] for t in second["results"]})


def test_tasks_filter_like_the_public_list(client, world):
    done = _get(client, "/api/v1/tasks/", status=Task.Status.DONE)["results"]
    searched = _get(client, "/api/v1/tasks/", q="đào tạo")["results"]
    by_program = _get(client, "/api/v1/tasks/", program=world.program.pk)["results"]

    assert [t["title"] for t in done] == ["Hội chợ sản phẩm nhựa"]
    assert [t["title"] for t in searched] == ["Đào tạo kỹ năng"]
    assert len(by_program) == 2
    assert done[0]["progress"] == 100 and done[0]["program"] == world.program.slug


def test_an_invalid_filter_is_a_400_with_its_message(client, world):
    response = client.get("/api/v1/tasks/", {"status": "khong-co"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "status" in response.json()


def test_programs_carry_progress_and_filter_by_city(client, world):
    programs = _get(client, "/api/v1/programs/", city="hcm")["results"]

    assert [p["slug"] for p in programs] == [world.program.slug]
    assert programs[0]["progress"] == "70.0"  # (100 + 40) / 2
    assert programs[0]["task_count"] == 2
    assert _get(client, "/api/v1/programs/", city="hanoi")["count"] == 0  # the Hanoi program is a draft


def test_indicators_carry_target_as_written_actual_and_values(client, world):
    indicator = _get(client, "/api/v1/indicators/", program=world.program.slug)["results"][0]

    assert indicator["target"] == "20–25 doanh nghiệp"
    assert indicator["actual"] == "22.0000"
    assert indicator["attainment"] == "within"
    assert [v["period_label"] for v in indicator["values"]] == ["2023", "2024"]
    values = _get(client, "/api/v1/indicator-values/", indicator=indicator["code"])["results"]
    assert [v["value"] for v in values] == ["21.0000", "22.0000"]


def test_recognised_products_and_enterprises_filter_like_their_pages(client, world):
    products = _get(client, "/api/v1/recognised-products/", q="hdpe")["results"]
    assert [p["product"] for p in products] == ["Ống nhựa HDPE"]
    assert products[0]["enterprise"] == str(world.enterprise.public_id)
    assert _get(client, "/api/v1/recognised-products/", q="khong-ton-tai")["count"] == 0

    EnterpriseFactory(name="Công ty Cơ khí Lớn", employees=900, revenue=5000, capital=900)
    hanoi = _get(client, "/api/v1/enterprises/", province="Hà Nội")["results"]
    assert [e["name"] for e in hanoi] == [world.other_enterprise.name]
    found = _get(client, "/api/v1/enterprises/", q="dong tien")["results"]
    assert [e["certifications"] for e in found] == [[{"standard": "iso9001", "name": "ISO 9001"}]]
    # Only recognised products: the other enterprise's product sits in a draft application.
    assert found[0]["recognised_products"] == ["Ống nhựa HDPE"]
    assert [e["recognised_products"] for e in hanoi] == [[]]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, world, method):
    for url in ["/api/v1/tasks/", f"/api/v1/tasks/{world.done_task.public_id}/"]:
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405, (method, url)
    world.done_task.refresh_from_db()
    assert world.done_task.progress == 100


def test_head_and_options_are_answered(client, world):
    assert client.head("/api/v1/programs/").status_code == 200
    assert client.options("/api/v1/programs/").status_code == 200


def test_anonymous_callers_are_throttled(client, world, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [client.get("/api/v1/programs/", HTTP_ACCEPT="application/json").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/programs/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 429 and "Retry-After" in refused


def test_schema_is_valid_openapi_and_docs_are_served_locally(client, world):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    validate_schema(schema)  # against the OpenAPI 3.0 JSON schema; raises on any violation
    paths = schema["paths"]
    assert {"/api/v1/programs/", "/api/v1/tasks/", "/api/v1/indicators/", "/api/v1/enterprises/"} <= set(paths)
    assert all(set(operations) <= {"get", "parameters"} for operations in paths.values())

    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "<script>" not in docs  # the start-up script is a separate file, allowed by the CSP
    assert "<style>" not in docs
