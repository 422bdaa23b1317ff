"""The public verification page of issued reports: found by number or by QR token, never a draft; the lookup is
bounded (input and rate)."""

import uuid

import pytest
from django.urls import reverse

from reports import issuance
from tests.reports.test_issuance import body, report, signer, signing_files  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, report, body, signer, signing_files):  # noqa: F811
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    return issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk)


def test_found_by_its_full_number_and_year(client, issued):
    response = client.get(reverse("reports:verify"), {"year": issued.year, "number": "Số: 01/BC-SCT"})
    assert response.status_code == 200
    assert reverse("reports:verify_document", kwargs={"token": issued.verify_token}).encode() in response.content


def test_found_by_body_year_and_bare_number(client, issued, body):  # noqa: F811
    response = client.get(reverse("reports:verify"), {"year": issued.year, "number": "1", "body": body.pk})
    assert issued.number.encode() in response.content


def test_another_year_or_number_is_not_found(client, issued):
    for query in ({"year": issued.year - 1, "number": "01/BC-SCT"}, {"year": issued.year, "number": "02/BC-SCT"},
                  {"year": issued.year, "number": "01/BC-UBND"}):  # fmt: skip
        response = client.get(reverse("reports:verify"), query)
        assert response.status_code == 200
        assert "Không tìm thấy văn bản đã ban hành" in response.content.decode()


def test_a_draft_is_not_found(client, cast, report):  # noqa: F811
    draft, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    assert client.get(reverse("reports:verify_document", kwargs={"token": draft.verify_token})).status_code == 404
    assert client.get(reverse("reports:verify_download", kwargs={"token": draft.verify_token})).status_code == 404
    assert client.get(reverse("reports:verify_document", kwargs={"token": uuid.uuid4()})).status_code == 404


def test_bad_input_is_answered_in_vietnamese(client):
    response = client.get(reverse("reports:verify"), {"year": "abc", "number": "x" * 31})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Năm ban hành phải là một số." in text and "Số văn bản quá dài." in text
    response = client.get(reverse("reports:verify"), {"year": "2026", "number": "12/CV-SCT; DROP"})
    assert "Số văn bản không đúng dạng" in response.content.decode()


def test_lookups_are_rate_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REPORTS_VERIFY_RATE = "3/minute"
    statuses = [client.get(reverse("reports:verify"), {"year": 2026, "number": "1"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()


def test_the_page_shows_provenance_and_the_link_comes_from_site_url(client, issued, settings):
    page = client.get(reverse("reports:verify_document", kwargs={"token": issued.verify_token}))
    text = page.content.decode()
    for expected in (issued.number, issued.sha256, issued.data_fingerprint, issued.template_version, "Chứng thư số"):
        assert expected in text
    assert issuance.verify_url(issued).startswith("https://congthuong.example.vn/")


def test_the_issued_document_page_links_its_own_verification_for_staff_who_also_verify_accounts(client, cast, issued):
    # The site header's own "Xác thực tài khoản" link once overwrote the page's verification address.
    client.force_login(cast.staff_hcm)
    page = client.get(reverse("reports:document", kwargs={"public_id": issued.report.public_id}))
    text = page.content.decode()
    assert f'href="{issuance.verify_url(issued)}"' in text
    assert f'href="{reverse("enterprises:verify_accounts")}"' in text
