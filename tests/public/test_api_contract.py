"""The open-data API answers only what its published schema says: statuses, bodies, parameter types.

test_schemathesis_finds_no_failure_with_every_check runs schemathesis from its own command line, with every
check, against a live server on a seeded PostgreSQL database. The other tests pin each rule it relies on.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from pytest_django.live_server_helper import LiveServer
from rest_framework.throttling import AnonRateThrottle

from portal.wsgi import application
from public.api.open_data import MAX_PAGE_SIZE
from tests.factories import TaskFactory, TaskGroupFactory

SCHEMA_URL = "/api/v1/schema/?format=json"
LIST_URLS = [
    "/api/v1/programs/",
    "/api/v1/task-groups/",
    "/api/v1/tasks/",
    "/api/v1/indicators/",
    "/api/v1/indicator-values/",
    "/api/v1/recognised-products/",
    "/api/v1/rounds/",
    "/api/v1/recognitions/",
    "/api/v1/enterprises/",
]
# A whole run of every phase and check stays within about a minute and a half on a small machine.
MAX_EXAMPLES = 8
SEED = 20261201


def _get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT="application/json")


# --- The rules, one by one ------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers_with_their_bodies(client, world):
    schema = _get(client, SCHEMA_URL).json()
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        expected = {"200", "400", "404", "429"} if path in LIST_URLS else {"200", "404", "429"}
        assert set(responses) == expected, path
        assert responses["404"]["content"]["application/json"]["schema"] == error
        assert responses["429"]["content"]["application/json"]["schema"] == error
        assert "Retry-After" in responses["429"]["headers"]
        if "400" in responses:
            assert responses["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ParameterErrors"
            }
    assert schema["components"]["schemas"]["ParameterErrors"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }


@pytest.mark.django_db
def test_filters_are_typed_as_the_api_accepts_them(client, world):
    schema = _get(client, SCHEMA_URL).json()

    def parameters(path):
        return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}

    tasks = parameters("/api/v1/tasks/")
    for name in ("program", "group"):
        assert tasks[name]["schema"]["type"] == "integer" and tasks[name]["schema"]["minimum"] == 1
    assert tasks["overdue"]["schema"] == {"type": "boolean"}
    assert tasks["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert tasks["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
    assert tasks["q"]["schema"]["pattern"] == r"^[^\x00]*$"
    assert all(p["allowEmptyValue"] for p in tasks.values())
    registry = parameters("/api/v1/recognised-products/")
    assert all(registry[name]["schema"]["minimum"] == 1 for name in ("city", "program", "round"))
    assert parameters("/api/v1/programs/")["status"]["schema"]["enum"] == ["active", "completed"]


@pytest.mark.django_db
def test_a_page_out_of_bounds_is_refused_with_its_reason(client, world):
    for params in ({"page": 0}, {"page": "x"}, {"page": -1}, {"page_size": 0}, {"page_size": MAX_PAGE_SIZE + 1}):
        response = _get(client, "/api/v1/tasks/", **params)
        assert response.status_code == 400, params
        assert list(response.json()) == list(params), params
    after_the_last = _get(client, "/api/v1/tasks/", page=2)
    assert after_the_last.status_code == 404
    assert after_the_last.json() == {"detail": "Không có trang 2: danh sách có 1 trang."}
    assert _get(client, "/api/v1/tasks/", page="").json()["count"] == 2  # empty: no page chosen, the first
    assert len(_get(client, "/api/v1/tasks/", page_size=1).json()["results"]) == 1


@pytest.mark.django_db
def test_an_id_filter_takes_ids_from_one_and_an_unknown_id_gives_an_empty_list(client, world):
    for name in ("program", "group"):
        refused = _get(client, "/api/v1/tasks/", **{name: 0})
        assert refused.status_code == 400 and name in refused.json()
        assert _get(client, "/api/v1/tasks/", **{name: 987654}).json()["count"] == 0
    for name in ("city", "program", "round"):
        assert _get(client, "/api/v1/recognised-products/", **{name: 0}).status_code == 400
        assert _get(client, "/api/v1/recognised-products/", **{name: 987654}).json()["count"] == 0
    assert _get(client, "/api/v1/tasks/", program=world.program.pk).json()["count"] == 2


@pytest.mark.django_db
def test_overdue_is_true_or_false_and_nothing_else(client, world):
    assert _get(client, "/api/v1/tasks/", overdue="peut-etre").status_code == 400
    assert _get(client, "/api/v1/tasks/", overdue="1").status_code == 400
    assert _get(client, "/api/v1/tasks/", overdue="false").status_code == 200
    assert _get(client, "/api/v1/tasks/", overdue="").json()["count"] == 2


@pytest.mark.django_db
def test_a_task_without_a_due_date_is_not_overdue_rather_than_null(client, world):
    TaskFactory(group=world.done_task.group, order=9, title="Không có hạn", due_date=None)
    tasks = _get(client, "/api/v1/tasks/").json()["results"]
    assert {t["title"]: t["is_overdue"] for t in tasks}["Không có hạn"] is False
    assert all(isinstance(t["is_overdue"], bool) for t in tasks)


@pytest.mark.django_db
def test_an_unknown_address_under_the_api_answers_a_json_404(client, world):
    for url in ["/api/v1/programs/a.b.c/", "/api/v1/khong-co/", "/api/v1/tasks/x/y/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json" and "detail" in response.json()


@pytest.mark.django_db
def test_a_throttled_answer_matches_its_documentation(world, monkeypatch, keep_test_connection):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    cache.clear()  # the schema's own request is not counted
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    case = schema["/api/v1/programs/"]["GET"].Case()
    assert case.call().status_code == 200
    refused = case.call()
    headers = {name.lower(): values for name, values in refused.headers.items()}
    assert refused.status_code == 429 and int(headers["retry-after"][0]) > 0
    case.validate_response(refused)  # status documented, JSON body of the schema's Error, header as documented


# --- The whole contract, as schemathesis's own command line checks it --------------------------------


@pytest.fixture
def api_server(transactional_db):
    """A live server of the site on 127.0.0.1 (OPEN_DATA_TEST_SERVER_ADDRESS chooses the port), sharing the
    test database, whose rows are committed: the server's threads have connections of their own."""
    server = LiveServer(os.environ.get("OPEN_DATA_TEST_SERVER_ADDRESS", "127.0.0.1:0"))
    yield server
    server.stop()


def test_schemathesis_finds_no_failure_with_every_check(api_server, world, monkeypatch, tmp_path):
    # Besides the world's rows: a task with no due date (its is_overdue was once null) and a second group.
    TaskFactory(group=world.done_task.group, order=9, title="Không có hạn", due_date=None)
    TaskFactory(group=TaskGroupFactory(program=world.program, order=2), order=1)
    # The throttle is documented (429 with its body and Retry-After), so it would fail no check; at the
    # production rate, though, most generated requests would meet it instead of the views they test. Its
    # 429 answer is checked against the schema by test_a_throttled_answer_matches_its_documentation.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})

    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{api_server.url}{SCHEMA_URL}",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--request-timeout",
        "20",
    ]
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    run = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600)

    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    assert "Tested: 18" in summary and "passed" in summary, summary
