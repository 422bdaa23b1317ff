"""The products admin shows what the workflow wrote and changes none of the state derived from it: an
application's status and average, council scores, recognitions decided on the portal. What it sets up (a
round's criteria, pass mark and council) is fixed once the council has scored."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from products import services
from products.models import Application, ConflictDeclaration, CouncilMember, Criterion, Recognition, Score
from tests.admin_forms import admin_form_data

S = Application.Status


@pytest.fixture
def admin_client(login, cast):
    return login(cast.admin)


@pytest.fixture
def scored(make_application, round_setup):
    """An application in council scoring that two members have scored: totals 80 and 70, average 75."""
    application = make_application(S.COUNCIL_SCORING)
    first, second, _third = (m.user for m in round_setup.members)
    for member, points in ((first, (25, 35, 15, 5)), (second, (20, 30, 15, 5))):
        sheet = {c.id: Decimal(p) for c, p in zip(round_setup.criteria, points, strict=True)}
        services.council_scores_save(actor=member, application=application, points=sheet)
    application.refresh_from_db()
    assert (application.score_average, application.score_count) == (Decimal("75.00"), 2)
    return application


def _unchanged(application, average="75.00", count=2):
    application.refresh_from_db()
    assert (application.score_average, application.score_count) == (Decimal(average), count)


def test_scores_are_shown_but_not_edited_added_or_deleted(admin_client, scored):
    score = Score.objects.filter(application=scored).first()
    url = reverse("admin:products_score_change", args=[score.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url, {"application": scored.pk, "member": score.member_id, "criterion": score.criterion_id, "points": "0"}
    )
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:products_score_add")).status_code == 403
    delete = admin_client.post(reverse("admin:products_score_delete", args=[score.pk]), {"post": "yes"})
    assert delete.status_code == 403
    score.refresh_from_db()
    assert score.points != 0
    _unchanged(scored)


def test_an_application_is_shown_but_its_status_and_average_are_not_edited(admin_client, scored):
    url = reverse("admin:products_application_change", args=[scored.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "75,00" in page.content.decode()

    response = admin_client.post(url, {"status": S.PUBLIC_COMMENT, "score_average": "99", "score_count": "9"})
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:products_application_add")).status_code == 403
    scored.refresh_from_db()
    assert scored.status == S.COUNCIL_SCORING
    _unchanged(scored)


def test_conflicts_and_events_are_declared_and_recorded_on_the_portal_only(admin_client, scored, round_setup):
    assert admin_client.get(reverse("admin:products_conflictdeclaration_add")).status_code == 403
    assert admin_client.get(reverse("admin:products_applicationevent_add")).status_code == 403
    assert not ConflictDeclaration.objects.exists()
    _unchanged(scored)


def test_the_scoring_sheet_and_pass_mark_are_fixed_once_scoring_started(admin_client, scored, round_setup):
    round = round_setup.round
    url = reverse("admin:products_recognitionround_change", args=[round.pk])
    page = admin_client.get(url)
    assert "pass_threshold" not in page.context["adminform"].form.fields
    criteria_inline = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is Criterion)
    assert not criteria_inline.has_add_permission and not criteria_inline.has_change_permission

    data = admin_form_data(page, title="Xét chọn năm 2024 (đã sửa)")
    data.update(
        {"pass_threshold": "50", "criteria-TOTAL_FORMS": "5", "criteria-4-name": "Thêm", "criteria-4-max_points": "5"}
    )
    assert admin_client.post(url, data).status_code == 302

    round.refresh_from_db()
    assert round.title == "Xét chọn năm 2024 (đã sửa)"
    assert round.pass_threshold == Decimal(70)
    assert round.criteria.count() == 4
    criterion = round_setup.criteria[0]
    change = reverse("admin:products_criterion_change", args=[criterion.pk])
    assert (
        admin_client.post(change, {"round": round.pk, "name": "Khác", "order": "1", "max_points": "90"}).status_code
        == 403
    )
    _unchanged(scored)


def test_a_member_who_scored_stays_on_the_council(admin_client, scored, round_setup):
    round = round_setup.round
    url = reverse("admin:products_recognitionround_change", args=[round.pk])
    page = admin_client.get(url)
    data = admin_form_data(page)
    members = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is CouncilMember).formset
    scored_member = round_setup.members[0]
    form = next(f for f in members.forms if f.instance.pk == scored_member.pk)
    data[form.add_prefix("DELETE")] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "đã chấm điểm hồ sơ của đợt này" in response.content.decode()
    assert CouncilMember.objects.filter(pk=scored_member.pk).exists()
    delete = admin_client.post(reverse("admin:products_councilmember_delete", args=[scored_member.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert CouncilMember.objects.filter(pk=scored_member.pk).exists()
    _unchanged(scored)


def test_a_member_who_has_not_scored_may_leave(admin_client, scored, round_setup):
    idle = round_setup.members[2]
    response = admin_client.post(reverse("admin:products_councilmember_delete", args=[idle.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not CouncilMember.objects.filter(pk=idle.pk).exists()
    _unchanged(scored)


def test_a_round_with_applications_keeps_its_program_and_year(admin_client, scored, round_setup):
    round = round_setup.round
    url = reverse("admin:products_recognitionround_change", args=[round.pk])
    page = admin_client.get(url)
    assert {"program", "year"}.isdisjoint(page.context["adminform"].form.fields)
    html = page.content.decode()
    assert "2024" in html and "2.024" not in html


@pytest.fixture
def decided(cast, make_application):
    application = make_application(S.PUBLIC_COMMENT)
    return services.application_decide(
        actor=cast.staff_hcm, application=application, decision_number="12/QĐ-UBND", decision_date=datetime.date.today()
    )


def test_a_recognition_decided_on_the_portal_is_shown_as_decided(admin_client, decided):
    url = reverse("admin:products_recognition_change", args=[decided.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"valid_until": "2099-01-01", "kind": "potential"})
    assert response.status_code == 403
    delete = admin_client.post(reverse("admin:products_recognition_delete", args=[decided.pk]), {"post": "yes"})
    assert delete.status_code == 403
    decided.refresh_from_db()
    assert decided.kind == "key" and decided.valid_until != datetime.date(2099, 1, 1)


def test_a_recognition_recorded_before_the_portal_is_entered_with_its_first_time_derived(
    admin_client, decided, round_setup, product_a
):
    from tests.factories import RecognitionRoundFactory

    later = RecognitionRoundFactory(program=round_setup.round.program, year=2025)
    page = admin_client.get(reverse("admin:products_recognition_add"))
    data = admin_form_data(
        page,
        product=product_a.pk,
        round=later.pk,
        kind="key",
        decision_number="7/QĐ-UBND",
        decision_date="2025-12-01",
        certificate_number="GCN-CU-0007",
        valid_from="2025-12-01",
        valid_until="2028-12-01",
    )
    data["is_first_time"] = "on"  # read-only: ignored

    assert admin_client.post(reverse("admin:products_recognition_add"), data).status_code == 302
    legacy = Recognition.objects.get(certificate_number="GCN-CU-0007")
    assert legacy.application is None
    assert legacy.is_first_time is False  # recognised in the 2024 round already


def test_a_recognition_is_refused_when_its_validity_ends_before_it_starts(admin_client, product_a, round_setup):
    page = admin_client.get(reverse("admin:products_recognition_add"))
    data = admin_form_data(
        page,
        product=product_a.pk,
        round=round_setup.round.pk,
        kind="key",
        decision_number="8/QĐ-UBND",
        decision_date="2024-06-01",
        certificate_number="GCN-CU-0008",
        valid_from="2024-06-01",
        valid_until="2024-01-01",
    )
    response = admin_client.post(reverse("admin:products_recognition_add"), data)
    assert response.status_code == 200
    assert "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực." in response.content.decode()
    assert not Recognition.objects.filter(certificate_number="GCN-CU-0008").exists()


def test_the_product_admin_keeps_the_search_text_of_the_name(admin_client, product_a):
    url = reverse("admin:products_product_change", args=[product_a.pk])
    data = admin_form_data(admin_client.get(url), name="Màng nhựa PE Đồng Tiến")
    assert admin_client.post(url, data).status_code == 302
    product_a.refresh_from_db()
    assert "mang nhua pe" in product_a.search_text
    assert "ong nhua hdpe" not in product_a.search_text
