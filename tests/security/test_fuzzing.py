"""Hostile and random input to every form and search that takes user input: never a server error, and an
input the portal rejects changes nothing in the database (every table's content is compared).

Hypothesis draws each form's fields from random text and a list of known troublemakers (NUL bytes, huge
numbers, impossible dates, markup, very long strings, wrong formats); uploads get random bytes under random
names. Examples are bounded and derandomised, so a run takes seconds and fails the same way every time.
"""

import contextlib
from http.cookies import SimpleCookie

import pytest
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enterprises.models import EnterpriseImport
from programs.models import Task
from tests.security.world import PDF_BYTES

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
EDGE_TEXT = [
    "", " ", "0", "-1", "1e309", "NaN", "Infinity", "99999999999999999999999999", "1.2.3", "12,5", "1.234,56",
    "2024-02-30", "31/02/2024", "00/00/0000", "31/12/9999", "1/1/1", "\x00", "a\x00b", "<script>alert(1)</script>",
    "'; DROP TABLE programs_task; --", "../../etc/passwd", "x" * 5000, "ồ" * 400, "\u202e\u200b", "%s%n", "{{ 7*7 }}",
    "0301234562", "0301234562-001", "lienhe@example.vn", "a@b", "https://example.vn", "javascript:alert(1)",
]  # fmt: skip
TEXT = st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=200))
FILE_NAMES = [
    "bien-ban.pdf",
    "anh.jpg",
    "bang.xlsx",
    "van-ban.docx",
    "trang.html",
    "anh.svg",
    "../../x.pdf",
    "khong-duoi",
    ".pdf",
    "a.PDF",
]
FILE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=200).map(lambda tail: PDF_BYTES + tail),
    st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),
    st.sampled_from([b"", b"<html><script>alert(1)</script></html>", b"<svg onload=alert(1)>", PDF_BYTES]),
)
UPLOAD = st.builds(lambda name, content: (name, content), st.sampled_from(FILE_NAMES), FILE_BYTES)

# Tables every request may write whatever the input: the session store and the login-attempt counters.
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
COUNTS = {"inputs": 0, "rejected": 0}


def _snapshot() -> tuple:
    """A digest of every row of every table, in one query."""
    tables = [t for t in connection.introspection.table_names() if t not in IGNORED_TABLES]
    digests = [
        f"(SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM \"{table}\" r)" for table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(digests))
        return tuple(zip(tables, cursor.fetchone(), strict=True))


def _changed(before: tuple, after: tuple) -> list[str]:
    return [table for (table, old), (_, new) in zip(before, after, strict=True) if old != new]


def _accepted(response) -> bool:
    """A redirect without an error message is the portal saying "saved"; everything else is a rejection."""
    if response.status_code != 302:
        return False
    messages = getattr(response.wsgi_request, "_messages", None)
    return not any(message.level >= message_levels.ERROR for message in (messages or []))


@pytest.fixture(scope="module")
def clients(world) -> dict:
    signed_in = {}
    for role in ("anonymous", "enterprise_a", "staff_hcm"):
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        signed_in[role] = client
    return signed_in


@pytest.fixture
def _media_root(settings, world_media):
    settings.MEDIA_ROOT = world_media


@contextlib.contextmanager
def _isolated(client):
    """Each example in a savepoint rolled back afterwards; the client keeps its session cookie."""
    savepoint = transaction.savepoint()
    cookies = SimpleCookie(client.cookies)
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies


def _submit(client, method: str, url: str, data: dict, *, record_tables: frozenset = frozenset()):
    """Send one input; `record_tables` may gain a row on rejection (the import keeps its error report)."""
    with _isolated(client):
        before = _snapshot()
        response = client.post(url, data) if method == "POST" else client.get(url, data)
        after = _snapshot()
    COUNTS["inputs"] += 1
    assert response.status_code < 500, f"{method} {url} {data!r} → {response.status_code}"
    if method == "GET" or not _accepted(response):
        COUNTS["rejected"] += 1
        assert set(_changed(before, after)) <= record_tables, f"rejected {method} {url} {data!r} still wrote"
    return response


def _file(upload) -> SimpleUploadedFile:
    name, content = upload
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@FUZZ
@given(full_name=TEXT, email=TEXT, phone=TEXT, tax_code=TEXT, password=TEXT, same=st.booleans(), again=TEXT)
def test_signup(clients, full_name, email, phone, tax_code, password, same, again):
    data = {"full_name": full_name, "email": email, "phone": phone, "tax_code": tax_code, "password": password,
            "password_again": password if same else again}  # fmt: skip
    _submit(clients["anonymous"], "POST", reverse("enterprises:signup"), data)


PROFILE_FIELDS = ["english_name", "address", "district", "website", "employees", "revenue", "capital",
                  "representative", "contact_email", "contact_phone"]  # fmt: skip


@FUZZ
@given(values=st.fixed_dictionaries(dict.fromkeys(PROFILE_FIELDS, TEXT)))
def test_enterprise_profile(world, clients, values):
    url = reverse("enterprises:profile_edit", kwargs={"public_id": world.enterprise_a.public_id})
    _submit(clients["enterprise_a"], "POST", url, values)


@FUZZ
@given(date=TEXT, status=st.sampled_from([*Task.Status.values, "", "xong"]), progress=TEXT, note=TEXT,
       evidence=st.none() | UPLOAD)  # fmt: skip
def test_task_update(world, clients, date, status, progress, note, evidence):
    data = {"date": date, "status": status, "progress": progress, "note": note}
    if evidence:
        data["evidence"] = _file(evidence)
    url = reverse("programs:task_update", kwargs={"public_id": world.hcm_task.public_id})
    _submit(clients["staff_hcm"], "POST", url, data)


@FUZZ
@given(period_label=TEXT, period_end=TEXT, value=TEXT, source=TEXT, note=TEXT)
def test_indicator_value(world, clients, period_label, period_end, value, source, note):
    url = reverse(
        "programs:indicator_value_add", kwargs={"slug": world.hcm_program.slug, "code": world.hcm_indicator.code}
    )
    data = {"period_label": period_label, "period_end": period_end, "value": value, "source": source, "note": note}
    _submit(clients["staff_hcm"], "POST", url, data)


@FUZZ
@given(name=TEXT, sector=TEXT, description=TEXT)
def test_product_form(clients, name, sector, description):
    _submit(clients["enterprise_a"], "POST", reverse("products:product_new"), {"name": name, "sector": sector,
                                                                                "description": description})  # fmt: skip


@FUZZ
@given(product=TEXT, round=TEXT, kind=st.sampled_from(["key", "potential", "", "khac"]),
       market=TEXT, technical=TEXT, social=TEXT)  # fmt: skip
def test_application_forms(world, clients, product, round, kind, market, technical, social):
    client = clients["enterprise_a"]
    _submit(client, "POST", reverse("products:application_new"), {"product": product, "round": round, "kind": kind})
    edit = reverse("products:application_edit", kwargs={"public_id": world.application_a.public_id})
    _submit(client, "POST", edit, {"kind": kind, "market_summary": market, "technical_summary": technical,
                                   "social_summary": social})  # fmt: skip


@FUZZ
@given(document_type=st.one_of(TEXT, st.just("")), upload=UPLOAD)
def test_dossier_document_upload(world, clients, document_type, upload):
    url = reverse("products:document_upload", kwargs={"public_id": world.application_a.public_id})
    types = list(world.round.document_types.values_list("pk", flat=True))
    chosen = str(types[0]) if document_type == "" else document_type
    _submit(clients["enterprise_a"], "POST", url, {"document_type": chosen, "file": _file(upload)})


@FUZZ
@given(author_name=TEXT, author_email=TEXT, body=TEXT)
def test_public_comment(world, clients, author_name, author_email, body):
    # Comments are taken on the round's published result (issue 16), not per dossier.
    url = reverse("public:round_result", kwargs={"round_id": world.round.id})
    _submit(clients["anonymous"], "POST", url, {"author_name": author_name, "author_email": author_email, "body": body})


@FUZZ
@given(content=FILE_BYTES, name=st.sampled_from(["danh-sach.xlsx", "danh-sach.xls", "danh-sach.csv", "x"]))
def test_enterprise_import(clients, content, name):
    upload = SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    # A rejected file leaves the enterprises untouched; only the failed import's error report is kept.
    before = EnterpriseImport.objects.filter(status=EnterpriseImport.Status.FAILED).count()
    url = reverse("enterprises:import_upload")
    with _isolated(clients["staff_hcm"]):
        _submit(
            clients["staff_hcm"],
            "POST",
            url,
            {"file": upload},
            record_tables=frozenset({"enterprises_enterpriseimport"}),
        )
        assert EnterpriseImport.objects.filter(status=EnterpriseImport.Status.SUCCEEDED).count() == 0
        assert EnterpriseImport.objects.filter(status=EnterpriseImport.Status.FAILED).count() - before <= 1


@FUZZ
@given(kind=st.sampled_from(["midterm", "progress", "summary", "", "khac"]), program=TEXT, period=TEXT)
def test_report_request(world, clients, kind, program, period):
    _submit(
        clients["staff_hcm"], "POST", reverse("reports:request"), {"kind": kind, "program": program, "period": period}
    )


@FUZZ
@given(can_cu=TEXT, recipients=TEXT, filing_unit=TEXT)
def test_report_draft(world, clients, can_cu, recipients, filing_unit):
    url = reverse("reports:document", kwargs={"public_id": world.report.public_id})
    data = {"section__can_cu": can_cu, "recipients": recipients, "filing_unit": filing_unit}
    _submit(clients["staff_hcm"], "POST", url, data)


SEARCHES = [
    ("anonymous", "enterprises:directory", ["q", "province", "sector", "sme_size", "page"]),
    ("anonymous", "products:registry", ["q", "city", "program", "round", "sector", "kind", "page"]),
    ("anonymous", "products:verify_search", ["number"]),
    ("anonymous", "reports:verify", ["body", "year", "number"]),
    ("anonymous", "programs:public_tasks", ["q", "program", "status", "page", "sort"]),
    ("staff_hcm", "enterprises:staff_list", ["q", "province", "sector", "sme_size", "ownership", "program", "page"]),
    ("staff_hcm", "programs:tasks", ["q", "program", "group", "status", "lead_agency", "overdue", "due_after",
                                     "due_before", "sort", "page"]),
    ("staff_hcm", "products:staff_applications", ["status", "round", "page"]),
    ("anonymous", "api:task-list", ["program", "status", "search", "ordering", "page", "page_size", "format"]),
]  # fmt: skip


@FUZZ
@given(search=st.sampled_from(SEARCHES), data=st.data())
def test_search_query_params(clients, search, data):
    role, name, params = search
    chosen = data.draw(st.lists(st.sampled_from(params), unique=True, max_size=len(params)))
    query = {param: data.draw(TEXT) for param in chosen}
    _submit(clients[role], "GET", reverse(name), query)


def test_zz_report_how_many_inputs_were_tried():
    """Not a check: prints the figures of the fuzzing run (kept last in the module)."""
    print(f"\nfuzzing: {COUNTS['inputs']} inputs, {COUNTS['rejected']} rejected (each checked unchanged)")
