"""Round set-up in the portal (products/rounds.py): the criteria sheet adds up to 100 and each parent's
sub-criteria to the parent, a copy of last year's round shares no row with it, a round opens only when it is
ready and every step of its life is recorded, and only the staff of the programme's city set it up."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from products import rounds, services
from products.models import (
    CouncilMember,
    Criterion,
    CriterionAssignment,
    DocumentType,
    RecognitionRound,
    RoundEvent,
    Score,
)
from tests.factories import ProgramFactory, RecognitionRoundFactory, UserFactory
from tests.products.factories import CouncilMemberFactory, CriterionFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def program(hcm):
    return ProgramFactory(city=hcm, slug="chu-luc-hcm", recognition_valid_years=3)


@pytest.fixture
def planned(cast, program):
    return rounds.round_create(actor=cast.staff_hcm, program=program, year=2025, title="Xét chọn năm 2025")


def ready(actor, round, hcm):
    """A complete set-up: a sheet of 100 with sub-criteria, a required document, a council with a chair."""
    market = rounds.criterion_add(actor=actor, round=round, name="Thị trường", max_points=Decimal(40), code="1")
    rounds.criterion_add(actor=actor, round=round, name="Doanh thu", max_points=Decimal(25), parent=market, code="1.1")
    rounds.criterion_add(
        actor=actor,
        round=round,
        name="Xuất khẩu",
        max_points=Decimal(15),
        parent=market,
        code="1.2",
        suggest_metric="export_value",
        suggest_bands=[{"from": 1000, "points": 10}, {"from": 0, "points": 0}],
    )
    rounds.criterion_add(actor=actor, round=round, name="Kỹ thuật", max_points=Decimal(60), code="2")
    rounds.document_type_add(actor=actor, round=round, name="Giấy chứng nhận ĐKDN", allowed_extensions="PDF, .jpg")
    chair = rounds.council_member_add(
        actor=actor, round=round, user=UserFactory(role="official"), role="chair", agency="Sở Công Thương"
    )
    member = rounds.council_member_add(
        actor=actor, round=round, user=UserFactory(role="staff", city=hcm), agency="Sở Tài chính"
    )
    return chair, member


def open_round(actor, round, **overrides):
    data = {
        "opens_on": TODAY,
        "closes_on": TODAY + 30 * DAY,
        "call_number": "12/TB-SCT",
        "call_date": TODAY - DAY,
        "call_text": "Sở Công Thương thông báo mời doanh nghiệp nộp hồ sơ.",
    }
    data.update(overrides)
    return rounds.round_open(actor=actor, round=round, **data)


# ---------------------------------------------------------------- creating


def test_a_new_round_takes_the_programmes_validity_and_leaves_the_comment_days_empty(planned, program):
    assert planned.status == RecognitionRound.Status.PLANNED
    assert planned.valid_years == 3 and planned.comment_days is None
    assert rounds.round_valid_years(planned) == 3
    assert rounds.round_comment_days(planned) == program.comment_min_days
    assert list(planned.events.values_list("kind", flat=True)) == [RoundEvent.Kind.CREATED]


def test_a_second_round_of_the_same_year_is_refused_with_a_message(cast, planned, program):
    with pytest.raises(ValidationError) as error:
        rounds.round_create(actor=cast.staff_hcm, program=program, year=2025, title="Lần hai")
    assert "đã có đợt xét chọn năm 2025" in str(error.value)
    assert RecognitionRound.objects.filter(program=program).count() == 1


@pytest.mark.parametrize("who", ["staff_hanoi", "official", "enterprise_a_user"])
def test_only_the_programmes_city_staff_create_and_change_rounds(cast, program, planned, who):
    actor = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        rounds.round_create(actor=actor, program=program, year=2026, title="Không được")
    with pytest.raises(PermissionDenied):
        rounds.round_update(actor=actor, round=planned, title="Đổi tên")
    with pytest.raises(PermissionDenied):
        rounds.criterion_add(actor=actor, round=planned, name="X", max_points=Decimal(10))
    assert RecognitionRound.objects.filter(program=program).count() == 1


# ---------------------------------------------------------------- the criteria sheet


def test_the_sheet_must_add_up_to_100_and_children_to_their_parent(cast, planned, hcm):
    actor = cast.staff_hcm
    assert rounds.criteria_sheet_errors(planned) == ["Phiếu chấm điểm chưa có tiêu chí nào."]
    market = rounds.criterion_add(actor=actor, round=planned, name="Thị trường", max_points=Decimal(40))
    rounds.criterion_add(actor=actor, round=planned, name="Kỹ thuật", max_points=Decimal(50))
    errors = rounds.criteria_sheet_errors(planned)
    assert errors == ["Tổng điểm tối đa của các tiêu chí phải là 100 (hiện là 90)."]

    rounds.criterion_update(actor=actor, criterion=market, max_points=Decimal(50))
    assert rounds.criteria_sheet_errors(planned) == []
    child = rounds.criterion_add(actor=actor, round=planned, name="Doanh thu", max_points=Decimal(30), parent=market)
    assert services.criteria_total(planned) == Decimal(100)  # the top level only
    (error,) = rounds.criteria_sheet_errors(planned)
    assert "“Thị trường” cộng lại 30 điểm" in error and "50" in error

    rounds.criterion_add(actor=actor, round=planned, name="Xuất khẩu", max_points=Decimal(20), parent=market)
    assert rounds.criteria_sheet_errors(planned) == []
    assert [c.name for c in rounds.criteria_leaves(planned)] == ["Doanh thu", "Xuất khẩu", "Kỹ thuật"]
    assert [c.depth for c in rounds.criteria_tree(planned)] == [0, 1, 1, 0]

    with pytest.raises(ValidationError, match="hai cấp"):
        rounds.criterion_add(actor=actor, round=planned, name="Cấp ba", max_points=Decimal(5), parent=child)


@pytest.mark.parametrize(
    ("metric", "bands", "message"),
    [
        ("", [{"from": 1, "points": 1}], "Chọn số liệu"),
        ("revenue", [], "ít nhất một mức"),
        ("revenue", [{"from": 1}], "đúng hai giá trị"),
        ("revenue", [{"from": "nhiều", "points": 1}], "phải là số"),
        ("revenue", [{"from": 1, "points": 11}], "từ 0 đến điểm tối đa"),
        ("revenue", [{"from": 1, "points": -1}], "từ 0 đến điểm tối đa"),
        ("revenue", [{"from": 1, "points": 1}, {"from": 1, "points": 2}], "cùng giá trị"),
        ("không-có", [{"from": 1, "points": 1}], "hợp lệ"),
        ("revenue", "không phải danh sách", "danh sách"),
    ],
)
def test_a_suggestion_rule_is_checked(cast, planned, metric, bands, message):
    with pytest.raises(ValidationError, match=message):
        rounds.criterion_add(
            actor=cast.staff_hcm,
            round=planned,
            name="Doanh thu",
            max_points=Decimal(10),
            suggest_metric=metric,
            suggest_bands=bands,
        )
    assert not planned.criteria.exists()


def test_a_suggestion_rule_is_stored_in_order(cast, planned):
    criterion = rounds.criterion_add(
        actor=cast.staff_hcm,
        round=planned,
        name="Doanh thu",
        max_points=Decimal(10),
        suggest_metric="revenue",
        suggest_bands=[{"from": "500.5", "points": 10}, {"from": 0, "points": "2.5"}],
    )
    assert criterion.suggest_bands == [{"from": 0, "points": 2.5}, {"from": 500.5, "points": 10}]


def test_the_sheet_is_fixed_once_scoring_has_begun(cast, round_setup, make_application):
    from products.models import Application

    application = make_application(Application.Status.COUNCIL_SCORING)
    criterion = round_setup.criteria[0]
    Score.objects.create(application=application, member=round_setup.members[0], criterion=criterion, points=10)
    round = round_setup.round
    # The round is open: its sheet was published with the call.
    with pytest.raises(ValidationError, match="không thay đổi được"):
        rounds.criterion_update(actor=cast.staff_hcm, criterion=criterion, max_points=Decimal(50))
    with pytest.raises(ValidationError, match="không thay đổi được"):
        rounds.criterion_remove(actor=cast.staff_hcm, criterion=criterion)
    with pytest.raises(ValidationError, match="đã bắt đầu chấm điểm"):
        rounds.round_update(actor=cast.staff_hcm, round=round, pass_threshold=Decimal(50))
    with pytest.raises(ValidationError, match="đã bắt đầu chấm điểm"):
        rounds.criterion_assign(actor=cast.staff_hcm, criterion=criterion, members=[round_setup.members[1]])
    # What does not touch scoring still changes.
    rounds.round_update(actor=cast.staff_hcm, round=round, title="Xét chọn năm 2024 (bổ sung)")
    criterion.refresh_from_db()
    round.refresh_from_db()
    assert criterion.max_points == Decimal(30) and round.pass_threshold == Decimal(70)
    assert round.title == "Xét chọn năm 2024 (bổ sung)"


# ---------------------------------------------------------------- document types


def test_document_types_take_only_the_kinds_the_upload_checker_knows(cast, planned):
    kept = rounds.document_type_add(
        actor=cast.staff_hcm, round=planned, name="Báo cáo tài chính", allowed_extensions="PDF; .jpeg, jpg, xlsx"
    )
    assert kept.allowed_extensions == "pdf, jpg, xlsx"
    for bad in ("exe", "pdf, doc", ""):
        with pytest.raises(ValidationError):
            rounds.document_type_add(actor=cast.staff_hcm, round=planned, name="Khác", allowed_extensions=bad)
    with pytest.raises(ValidationError):
        rounds.document_type_add(actor=cast.staff_hcm, round=planned, name="Lớn", max_size_mb=51)
    assert list(planned.document_types.values_list("name", flat=True)) == ["Báo cáo tài chính"]


# ---------------------------------------------------------------- the council


def test_the_council_has_one_chair_and_only_the_citys_people(cast, planned, hcm, hanoi):
    actor = cast.staff_hcm
    rounds.council_member_add(actor=actor, round=planned, user=cast.official, role="chair")
    with pytest.raises(ValidationError, match="một chủ tịch"):
        rounds.council_member_add(actor=actor, round=planned, user=UserFactory(role="official"), role="chair")
    with pytest.raises(ValidationError, match="đã là thành viên"):
        rounds.council_member_add(actor=actor, round=planned, user=cast.official)
    for outsider in (cast.staff_hanoi, cast.enterprise_a_user, UserFactory(role="official", city=hanoi)):
        with pytest.raises(ValidationError, match="Chỉ cán bộ"):
            rounds.council_member_add(actor=actor, round=planned, user=outsider)
    assert planned.council_members.count() == 1


def test_criteria_are_assigned_to_members_or_agencies_and_replaced(cast, planned, hcm):
    chair, member = ready(cast.staff_hcm, planned, hcm)
    leaf = rounds.criteria_leaves(planned)[0]
    rounds.criterion_assign(actor=cast.staff_hcm, criterion=leaf, members=[chair], agencies=["Sở Tài chính"])
    assert {(a.member_id, a.agency) for a in leaf.assignments.all()} == {(chair.id, ""), (None, "Sở Tài chính")}
    rounds.criterion_assign(actor=cast.staff_hcm, criterion=leaf, members=[member])
    assert {(a.member_id, a.agency) for a in leaf.assignments.all()} == {(member.id, "")}
    with pytest.raises(ValidationError, match="Không có thành viên hội đồng nào thuộc cơ quan"):
        rounds.criterion_assign(actor=cast.staff_hcm, criterion=leaf, agencies=["Sở Xây dựng"])
    parent = planned.criteria.get(name="Thị trường")
    with pytest.raises(ValidationError, match="tiêu chí thành phần"):
        rounds.criterion_assign(actor=cast.staff_hcm, criterion=parent, members=[chair])


# ---------------------------------------------------------------- copying


def test_a_copy_takes_the_set_up_as_new_rows_and_nothing_else(cast, planned, hcm):
    actor = cast.staff_hcm
    chair, member = ready(actor, planned, hcm)
    leaf = rounds.criteria_leaves(planned)[1]
    rounds.criterion_assign(actor=actor, criterion=leaf, members=[member], agencies=["Sở Công Thương"])
    rounds.round_update(actor=actor, round=planned, pass_threshold=Decimal(75), comment_days=15, review_days=20)
    open_round(actor, planned)

    copy = rounds.round_copy(actor=actor, source=planned, year=2026, title="Xét chọn năm 2026")

    assert copy.pk != planned.pk and copy.copied_from == planned
    assert (copy.status, copy.opens_on, copy.closes_on, copy.call_number, copy.call_date) == (
        RecognitionRound.Status.PLANNED,
        None,
        None,
        "",
        None,
    )
    assert (copy.pass_threshold, copy.comment_days, copy.review_days, copy.valid_years) == (Decimal(75), 15, 20, 3)
    old_sheet, new_sheet = rounds.criteria_tree(planned), rounds.criteria_tree(copy)
    assert [(c.name, c.code, c.max_points, c.depth, c.suggest_metric, c.suggest_bands) for c in new_sheet] == [
        (c.name, c.code, c.max_points, c.depth, c.suggest_metric, c.suggest_bands) for c in old_sheet
    ]
    assert not {c.id for c in new_sheet} & {c.id for c in old_sheet}
    assert all(c.round_id == copy.id for c in new_sheet)
    assert all(c.parent is None or c.parent.round_id == copy.id for c in new_sheet)
    assert [(d.name, d.max_size_mb, d.allowed_extensions) for d in copy.document_types.all()] == [
        (d.name, d.max_size_mb, d.allowed_extensions) for d in planned.document_types.all()
    ]
    assert not set(copy.document_types.values_list("id", flat=True)) & set(
        planned.document_types.values_list("id", flat=True)
    )
    seats = {m.user_id: m for m in copy.council_members.all()}
    assert set(seats) == {chair.user_id, member.user_id}
    assert seats[chair.user_id].role == "chair" and seats[chair.user_id].pk != chair.pk
    new_leaf = copy.criteria.get(name=leaf.name)
    assert {(a.member_id, a.agency) for a in new_leaf.assignments.all()} == {
        (seats[member.user_id].id, ""),
        (None, "Sở Công Thương"),
    }
    assert not CriterionAssignment.objects.filter(criterion__round=copy, member__round=planned).exists()
    assert not copy.applications.exists() and not copy.recognitions.exists()
    assert list(copy.events.values_list("kind", flat=True)) == [RoundEvent.Kind.COPIED]
    # The source is untouched.
    assert planned.criteria.count() == 4 and planned.council_members.count() == 2


def test_a_copy_into_a_year_already_taken_changes_nothing(cast, planned, hcm):
    ready(cast.staff_hcm, planned, hcm)
    with pytest.raises(ValidationError, match="đã có đợt"):
        rounds.round_copy(actor=cast.staff_hcm, source=planned, year=2025, title="Trùng năm")
    assert Criterion.objects.count() == 4 and CouncilMember.objects.count() == 2 and DocumentType.objects.count() == 1


# ---------------------------------------------------------------- opening, closing, extending


def test_a_round_opens_only_when_it_is_ready(cast, planned, hcm):
    actor = cast.staff_hcm
    with pytest.raises(ValidationError) as error:
        open_round(actor, planned)
    messages = error.value.messages
    assert "Phiếu chấm điểm chưa có tiêu chí nào." in messages
    assert "Đợt chưa có thành viên hội đồng xét chọn." in messages
    assert "Đợt chưa có loại tài liệu bắt buộc nào trong hồ sơ." in messages
    chair, _member = ready(actor, planned, hcm)
    rounds.council_member_update(actor=actor, member=chair, role="member")
    with pytest.raises(ValidationError, match="chưa có chủ tịch"):
        open_round(actor, planned)
    rounds.council_member_update(actor=actor, member=chair, role="chair")
    for bad, message in (
        ({"call_number": " "}, "số thông báo"),
        ({"closes_on": TODAY - DAY, "opens_on": TODAY - 2 * DAY}, "đã qua"),
        ({"closes_on": TODAY - DAY}, "trước ngày mở"),
        ({"opens_on": TODAY + DAY}, "chưa đến ngày mở"),
        ({"call_date": TODAY + DAY}, "sau ngày mở"),
    ):
        with pytest.raises(ValidationError, match=message):
            open_round(actor, planned, **bad)
    planned.refresh_from_db()
    assert planned.status == RecognitionRound.Status.PLANNED and planned.call_number == ""

    opened = open_round(actor, planned)
    assert opened.status == RecognitionRound.Status.OPEN
    assert (opened.call_number, opened.closes_on) == ("12/TB-SCT", TODAY + 30 * DAY)
    with pytest.raises(ValidationError, match="không thể mở"):
        open_round(actor, planned)


def test_a_round_without_validity_does_not_open(cast, hcm):
    program = ProgramFactory(city=hcm, recognition_valid_years=None)
    round = rounds.round_create(actor=cast.staff_hcm, program=program, year=2025, title="Chưa có thời hạn")
    ready(cast.staff_hcm, round, hcm)
    with pytest.raises(ValidationError, match="thời hạn hiệu lực"):
        open_round(cast.staff_hcm, round)


def test_extend_only_later_and_close_record_their_events(cast, planned, hcm):
    actor = cast.staff_hcm
    ready(actor, planned, hcm)
    open_round(actor, planned)
    deadline = TODAY + 30 * DAY
    with pytest.raises(ValidationError, match="lý do"):
        rounds.round_extend(actor=actor, round=planned, closes_on=deadline + DAY, note=" ")
    for earlier in (deadline, deadline - DAY):
        with pytest.raises(ValidationError, match="phải sau hạn nộp hiện tại"):
            rounds.round_extend(actor=actor, round=planned, closes_on=earlier, note="Nhiều doanh nghiệp đề nghị")
    rounds.round_extend(actor=actor, round=planned, closes_on=deadline + 10 * DAY, note="Nhiều doanh nghiệp đề nghị")
    planned.refresh_from_db()
    assert planned.closes_on == deadline + 10 * DAY
    extended = planned.events.get(kind=RoundEvent.Kind.EXTENDED)
    assert (extended.closes_on_before, extended.closes_on_after, extended.actor) == (
        deadline,
        deadline + 10 * DAY,
        actor,
    )

    rounds.round_close(actor=actor, round=planned, note="Kết thúc sớm")
    planned.refresh_from_db()
    assert planned.status == RecognitionRound.Status.REVIEW and planned.closes_on == TODAY
    closed = planned.events.get(kind=RoundEvent.Kind.CLOSED)
    assert (closed.closes_on_before, closed.closes_on_after) == (deadline + 10 * DAY, TODAY)
    with pytest.raises(ValidationError, match="Chỉ gia hạn"):
        rounds.round_extend(actor=actor, round=planned, closes_on=TODAY + 60 * DAY, note="Muộn")
    with pytest.raises(ValidationError):
        rounds.round_close(actor=actor, round=planned)
    steps = planned.events.exclude(kind=RoundEvent.Kind.SETUP_CHANGED)
    assert list(steps.values_list("kind", flat=True)) == ["created", "opened", "extended", "closed"]
    # Each change of the set-up is in the log too.
    notes = list(planned.events.filter(kind=RoundEvent.Kind.SETUP_CHANGED).values_list("note", flat=True))
    assert "Thêm tiêu chí “Thị trường” (40 điểm)." in notes and "Thêm loại tài liệu “Giấy chứng nhận ĐKDN”." in notes


def test_another_citys_staff_cannot_open_close_or_extend(cast, planned, hcm):
    ready(cast.staff_hcm, planned, hcm)
    with pytest.raises(PermissionDenied):
        open_round(cast.staff_hanoi, planned)
    open_round(cast.staff_hcm, planned)
    with pytest.raises(PermissionDenied):
        rounds.round_extend(actor=cast.staff_hanoi, round=planned, closes_on=TODAY + 90 * DAY, note="x")
    with pytest.raises(PermissionDenied):
        rounds.round_close(actor=cast.enterprise_a_user, round=planned)
    planned.refresh_from_db()
    assert planned.status == RecognitionRound.Status.OPEN


# ---------------------------------------------------------------- the admin


@pytest.fixture
def admin_client(login, cast):
    return login(cast.admin)


def test_the_admin_refuses_a_criterion_whose_suggestion_exceeds_its_maximum(admin_client, cast, planned):
    criterion = rounds.criterion_add(actor=cast.staff_hcm, round=planned, name="Doanh thu", max_points=Decimal(10))
    url = reverse("admin:products_criterion_change", args=[criterion.pk])
    response = admin_client.post(
        url,
        {
            "round": planned.pk,
            "name": "Doanh thu",
            "order": "1",
            "max_points": "10",
            "code": "",
            "suggest_metric": "revenue",
            "suggest_bands": '[{"from": 0, "points": 20}]',
        },
    )
    assert response.status_code == 200
    assert "từ 0 đến điểm tối đa" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.suggest_bands == []


def test_the_admin_refuses_to_open_a_round_with_an_invalid_sheet(admin_client, cast, planned):
    CriterionFactory(round=planned, max_points=Decimal(30))
    CouncilMemberFactory(round=planned, role="chair")
    url = reverse("admin:products_recognitionround_change", args=[planned.pk])
    from tests.admin_forms import admin_form_data

    data = admin_form_data(
        admin_client.get(url),
        status="open",
        opens_on=TODAY.isoformat(),
        closes_on=(TODAY + 30 * DAY).isoformat(),
        call_number="5/TB-SCT",
        call_date=TODAY.isoformat(),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "phải là 100 (hiện là 30)" in html and "chưa có loại tài liệu bắt buộc" in html
    planned.refresh_from_db()
    assert planned.status == RecognitionRound.Status.PLANNED and not planned.events.filter(kind="opened").exists()


def test_a_planned_round_opens_from_the_admin_with_the_same_checks_and_its_event(admin_client, cast, planned, hcm):
    ready(cast.staff_hcm, planned, hcm)
    url = reverse("admin:products_recognitionround_change", args=[planned.pk])
    from tests.admin_forms import admin_form_data

    dates = {"opens_on": TODAY.isoformat(), "closes_on": (TODAY + 30 * DAY).isoformat(), "call_date": TODAY.isoformat()}
    data = admin_form_data(admin_client.get(url), status="open", **dates)
    response = admin_client.post(url, data)
    assert response.context["adminform"].form.errors["call_number"] == ["Vui lòng nhập số thông báo mời nộp hồ sơ."]
    data = admin_form_data(admin_client.get(url), status="open", call_number="5/TB-SCT", **dates)
    assert admin_client.post(url, data).status_code == 302
    planned.refresh_from_db()
    assert planned.status == RecognitionRound.Status.OPEN
    assert planned.events.filter(kind="opened", actor=cast.admin).exists()
    # Once open, the sheet is fixed in the admin too.
    criterion = planned.criteria.first()
    change = reverse("admin:products_criterion_change", args=[criterion.pk])
    assert (
        admin_client.post(change, {"round": planned.pk, "name": "X", "order": "1", "max_points": "5"}).status_code
        == 403
    )


def test_the_sheet_is_fixed_once_the_round_is_open(cast, planned, hcm):
    ready(cast.staff_hcm, planned, hcm)
    open_round(cast.staff_hcm, planned)
    with pytest.raises(ValidationError, match="không thay đổi được"):
        rounds.criterion_add(actor=cast.staff_hcm, round=planned, name="Thêm", max_points=Decimal(5))
    # Assignments still change until the council scores.
    leaf = rounds.criteria_leaves(planned)[0]
    member = planned.council_members.get(role="member")
    rounds.criterion_assign(actor=cast.staff_hcm, criterion=leaf, members=[member])
    assert leaf.assignments.count() == 1


def test_the_admin_refuses_a_second_chair_and_an_unknown_file_kind(admin_client, cast, planned):
    CouncilMemberFactory(round=planned, user=cast.official, role="chair")
    response = admin_client.post(
        reverse("admin:products_councilmember_add"),
        {"round": planned.pk, "user": UserFactory(role="official").pk, "role": "chair", "title": "", "agency": ""},
    )
    assert response.status_code == 200 and "một chủ tịch" in response.content.decode()
    response = admin_client.post(
        reverse("admin:products_documenttype_add"),
        {"round": planned.pk, "name": "Ảnh", "order": "1", "is_required": "on", "max_size_mb": "5",
         "allowed_extensions": "gif"},
    )  # fmt: skip
    assert response.status_code == 200 and "không được hỗ trợ" in response.content.decode()
    assert planned.council_members.count() == 1 and not planned.document_types.exists()
    assert RecognitionRoundFactory  # shared with the view tests


def test_the_call_is_fixed_once_the_round_is_open(cast, planned, hcm):
    rounds.round_update(actor=cast.staff_hcm, round=planned, call_number="1/TB-SCT", call_date=TODAY - DAY)
    ready(cast.staff_hcm, planned, hcm)
    open_round(cast.staff_hcm, planned, call_number="2/TB-SCT")
    with pytest.raises(ValidationError, match="không sửa được nữa"):
        rounds.round_update(actor=cast.staff_hcm, round=planned, call_number="3/TB-SCT")
    planned.refresh_from_db()
    assert planned.call_number == "2/TB-SCT"
