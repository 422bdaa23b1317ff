"""The round set-up pages: a staff user with no admin rights creates a round, builds its sheet, documents and
council, assigns criteria and opens it with a call that the public site shows; another city's staff get 404,
enterprise users 403; the round list's query count does not grow with its rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from products import rounds
from products.models import CouncilMember, Criterion, CriterionAssignment, RecognitionRound, RoundEvent
from programs.models import Program
from tests.factories import ProgramFactory, RecognitionRoundFactory, UserFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def program(hcm):
    return ProgramFactory(city=hcm, slug="chu-luc-hcm", short_title="Chủ lực HCM", recognition_valid_years=3)


@pytest.fixture
def staff(login, cast):
    assert not cast.staff_hcm.is_staff and not cast.staff_hcm.is_superuser  # no admin rights
    return login(cast.staff_hcm)


@pytest.fixture
def planned(cast, program):
    return rounds.round_create(actor=cast.staff_hcm, program=program, year=2025, title="Xét chọn năm 2025")


def test_a_staff_user_sets_up_and_opens_a_round_in_the_browser(staff, cast, program, hcm, client):
    response = staff.post(
        reverse("products:round_new"), {"program": program.pk, "year": "2025", "title": "Xét chọn năm 2025"}
    )
    round = RecognitionRound.objects.get(program=program, year=2025)
    assert response.status_code == 302 and response["Location"] == reverse(
        "products:round_setup", kwargs={"round_id": round.id}
    )
    assert round.valid_years == 3 and round.comment_days is None

    criteria_url = reverse("products:round_criteria", kwargs={"round_id": round.id})
    staff.post(criteria_url, {"name": "Thị trường", "max_points": "40", "code": "1"})
    market = Criterion.objects.get(round=round, name="Thị trường")
    staff.post(
        criteria_url,
        {
            "name": "Xuất khẩu",
            "max_points": "40",
            "parent": market.pk,
            "suggest_metric": "export_value",
            "suggest_bands": "0; 0\n1.000; 20\n5.000,5; 40",
        },
    )
    page = staff.get(criteria_url).content.decode()
    assert "Tổng điểm tối đa của các tiêu chí phải là 100 (hiện là 40)." in page
    staff.post(criteria_url, {"name": "Kỹ thuật", "max_points": "60"})
    export = Criterion.objects.get(name="Xuất khẩu")
    assert export.suggest_bands == [
        {"from": 0, "points": 0},
        {"from": 1000, "points": 20},
        {"from": 5000.5, "points": 40},
    ]
    # A band above the maximum is refused beside its field, and nothing changes.
    bad = staff.post(
        criteria_url, {"name": "Vượt", "max_points": "5", "suggest_metric": "revenue", "suggest_bands": "0; 6"}
    )
    assert bad.status_code == 200 and "từ 0 đến điểm tối đa" in bad.content.decode()
    assert not Criterion.objects.filter(name="Vượt").exists()
    page = staff.get(criteria_url).content.decode()
    assert "Phiếu chấm hợp lệ" in page

    staff.post(
        reverse("products:round_documents", kwargs={"round_id": round.id}),
        {"name": "Giấy chứng nhận ĐKDN", "is_required": "on", "max_size_mb": "5", "allowed_extensions": "pdf, png"},
    )
    assert round.document_types.get().allowed_extensions == "pdf, png"

    council_url = reverse("products:round_council", kwargs={"round_id": round.id})
    chair_user, member_user = UserFactory(role="official"), UserFactory(role="staff", city=hcm)
    staff.post(
        council_url, {"user": chair_user.pk, "role": "chair", "title": "Phó Giám đốc", "agency": "Sở Công Thương"}
    )
    staff.post(council_url, {"user": member_user.pk, "role": "member", "agency": "Sở Tài chính"})
    second_chair = staff.post(council_url, {"user": UserFactory(role="official").pk, "role": "chair"})
    assert "một chủ tịch" in second_chair.content.decode()
    outsider = staff.post(council_url, {"user": cast.staff_hanoi.pk, "role": "member"})
    assert outsider.status_code == 200 and round.council_members.count() == 2

    member = CouncilMember.objects.get(round=round, user=member_user)
    leaf = Criterion.objects.get(name="Kỹ thuật")
    matrix_url = reverse("products:round_assignments", kwargs={"round_id": round.id})
    page = staff.get(matrix_url).content.decode()
    assert f'name="m-{leaf.id}-{member.id}"' in page and f'name="a-{export.id}-0"' in page
    staff.post(matrix_url, {f"m-{leaf.id}-{member.id}": "1", f"a-{export.id}-1": "1"})
    assert {(a.criterion_id, a.member_id, a.agency) for a in CriterionAssignment.objects.all()} == {
        (leaf.id, member.id, ""),
        (export.id, None, "Sở Tài chính"),
    }

    lifecycle = reverse("products:round_lifecycle", kwargs={"round_id": round.id})
    call = {
        "action": "open",
        "call_number": "12/TB-SCT",
        "call_date": (TODAY - DAY).isoformat(),
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + 30 * DAY).isoformat(),
        "call_text": "Mời doanh nghiệp nộp hồ sơ.",
    }
    confirm = staff.post(lifecycle, call)
    assert confirm.status_code == 200 and "Xác nhận" in confirm.content.decode()
    round.refresh_from_db()
    assert round.status == RecognitionRound.Status.PLANNED
    assert staff.post(lifecycle, {**call, "confirm": "1"}).status_code == 302
    round.refresh_from_db()
    assert round.status == RecognitionRound.Status.OPEN and round.call_number == "12/TB-SCT"

    extend = {"action": "extend", "closes_on": (TODAY + 40 * DAY).isoformat(), "note": "Đề nghị của doanh nghiệp"}
    assert staff.post(lifecycle, {**extend, "confirm": "1"}).status_code == 302
    earlier = staff.post(lifecycle, {**extend, "closes_on": (TODAY + 35 * DAY).isoformat(), "confirm": "1"})
    assert "phải sau hạn nộp hiện tại" in earlier.content.decode()
    round.refresh_from_db()
    assert round.closes_on == TODAY + 40 * DAY
    page = staff.get(lifecycle).content.decode()
    assert "Gia hạn nhận hồ sơ" in page and "Đề nghị của doanh nghiệp" in page
    steps = round.events.exclude(kind=RoundEvent.Kind.SETUP_CHANGED)
    assert list(steps.values_list("kind", flat=True)) == ["created", "opened", "extended"]
    assert round.events.filter(kind=RoundEvent.Kind.SETUP_CHANGED, note="Phân công chấm điểm.").count() == 1

    # The public call, signed out.
    client.logout()
    public = client.get(reverse("public:round_call", kwargs={"round_id": round.id}))
    html = public.content.decode()
    assert public.status_code == 200
    assert "12/TB-SCT" in html and "Xuất khẩu" in html and "Giấy chứng nhận ĐKDN" in html and "pdf, png" in html
    assert "Đề nghị của doanh nghiệp" in html
    assert round.title in client.get(reverse("public:round_calls")).content.decode()


def test_a_round_is_copied_from_last_years_on_its_page(staff, cast, planned, hcm):
    rounds.criterion_add(actor=cast.staff_hcm, round=planned, name="Thị trường", max_points=Decimal(100))
    url = reverse("products:round_copy", kwargs={"round_id": planned.id})
    page = staff.get(url)
    assert page.context["form"].initial == {"year": 2026, "title": "Xét chọn năm 2026"}
    response = staff.post(url, {"year": "2026", "title": "Xét chọn năm 2026"})
    copy = RecognitionRound.objects.get(year=2026)
    assert response.status_code == 302 and copy.copied_from == planned
    assert copy.criteria.get().pk != planned.criteria.get().pk
    assert copy.events.get().kind == RoundEvent.Kind.COPIED


def test_removing_a_criterion_is_confirmed_first(staff, cast, planned):
    criterion = rounds.criterion_add(actor=cast.staff_hcm, round=planned, name="Thị trường", max_points=Decimal(40))
    url = reverse("products:criterion_delete", kwargs={"round_id": planned.id, "criterion_id": criterion.id})
    assert "Bỏ tiêu chí" in staff.post(url).content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    assert staff.post(url, {"confirm": "1"}).status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


ROUND_PAGES = [
    "round_setup",
    "round_criteria",
    "round_documents",
    "round_council",
    "round_assignments",
    "round_lifecycle",
    "round_copy",
]


@pytest.mark.parametrize("name", ROUND_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_hcm", 200), ("admin", 200), ("staff_hanoi", 404), ("official", 403), ("enterprise_a_user", 403)],
)
def test_who_opens_the_round_pages(login, cast, planned, name, who, status):
    client = login(getattr(cast, who))
    assert client.get(reverse(f"products:{name}", kwargs={"round_id": planned.id})).status_code == status


@pytest.mark.parametrize(("who", "status"), [("staff_hanoi", 404), ("enterprise_a_user", 403)])
def test_others_cannot_post_to_the_round(login, cast, planned, who, status):
    client = login(getattr(cast, who))
    url = reverse("products:round_criteria", kwargs={"round_id": planned.id})
    assert client.post(url, {"name": "Lạ", "max_points": "10"}).status_code == status
    setup = reverse("products:round_setup", kwargs={"round_id": planned.id})
    assert client.post(setup, {"title": "Bị đổi"}).status_code == status
    assert not planned.criteria.exists()
    planned.refresh_from_db()
    assert planned.title == "Xét chọn năm 2025"


def test_another_citys_rounds_are_not_listed_and_anonymous_visitors_sign_in(client, login, cast, planned, hanoi):
    RecognitionRoundFactory(program=ProgramFactory(city=hanoi), title="Đợt Hà Nội")
    url = reverse("products:staff_rounds")
    assert client.get(url).status_code == 302
    html = login(cast.staff_hcm).get(url).content.decode()
    assert "Xét chọn năm 2025" in html and "Đợt Hà Nội" not in html
    assert login(cast.enterprise_a_user).get(url).status_code == 403
    new = login(cast.staff_hanoi).post(
        reverse("products:round_new"), {"program": planned.program_id, "year": "2030", "title": "Không được"}
    )
    assert new.status_code == 200 and not RecognitionRound.objects.filter(year=2030).exists()


@pytest.mark.parametrize("size", [2, 12])
def test_the_round_list_query_count_does_not_grow(staff, cast, hcm, size, django_assert_num_queries):
    for n in range(size):
        program = ProgramFactory(city=hcm)
        round = RecognitionRoundFactory(program=program, year=2020 + n)
        Criterion.objects.create(round=round, name="Tiêu chí", max_points=Decimal(100))
    staff.get(reverse("products:staff_rounds"))  # sessions and the user, warmed
    with django_assert_num_queries(3):
        response = staff.get(reverse("products:staff_rounds"))
    assert len(response.context["page_obj"].object_list) == size


def test_the_staff_navigation_and_the_decision_page_link_to_the_rounds(staff, planned):
    home = staff.get(reverse("products:staff_applications")).content.decode()
    assert reverse("products:staff_rounds") in home
    decision = staff.get(reverse("products:staff_round", kwargs={"round_id": planned.id})).content.decode()
    assert reverse("products:round_setup", kwargs={"round_id": planned.id}) in decision


# ---------------------------------------------------------------- the public call


def test_a_planned_round_without_a_call_answers_404_and_with_one_is_upcoming(client, cast, planned):
    url = reverse("public:round_call", kwargs={"round_id": planned.id})
    assert client.get(url).status_code == 404
    assert planned.title not in client.get(reverse("public:round_calls")).content.decode()
    rounds.round_update(actor=cast.staff_hcm, round=planned, call_number="3/TB-SCT", call_date=TODAY)
    assert client.get(url).status_code == 200
    assert planned.title in client.get(reverse("public:round_calls")).content.decode()


def test_rounds_of_draft_programmes_and_missing_rounds_answer_404(client, hcm):
    draft = ProgramFactory(city=hcm, status=Program.Status.DRAFT)
    round = RecognitionRoundFactory(program=draft, call_number="1/TB", call_date=TODAY)
    assert client.get(reverse("public:round_call", kwargs={"round_id": round.id})).status_code == 404
    assert client.get(reverse("public:round_call", kwargs={"round_id": 999_999})).status_code == 404
    assert round.title not in client.get(reverse("public:round_calls")).content.decode()


def test_a_published_result_is_reached_from_the_calls(client, hcm):
    round = RecognitionRoundFactory(
        program=ProgramFactory(city=hcm),
        status=RecognitionRound.Status.REVIEW,
        title="Đợt đã công bố kết quả",
        result_published_on=TODAY,
        comment_closes_on=TODAY + datetime.timedelta(days=10),
    )
    result = reverse("public:round_result", kwargs={"round_id": round.id})
    listing = client.get(reverse("public:round_calls")).content.decode()
    assert "Kết quả xét chọn đã công bố" in listing and result in listing
    assert result in client.get(reverse("public:round_call", kwargs={"round_id": round.id})).content.decode()
