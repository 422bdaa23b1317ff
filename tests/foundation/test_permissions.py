"""core/permissions.py: the role predicates for every role (inactive and unverified accounts included), the one
staff scope, the queryset scopes, and selectors that leave the 404 to the view."""

import pathlib

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from core import permissions
from enterprises import selectors as enterprise_selectors
from enterprises.models import AccountRequest, Enterprise, EnterpriseImport
from products import selectors as product_selectors
from products.models import Application, ApplicationEvent, Product, Recognition, RecognitionRound
from programs import selectors as program_selectors
from programs.models import Task
from reports import selectors as report_selectors
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)
from tests.products.factories import ApplicationFactory, CouncilMemberFactory

pytestmark = pytest.mark.django_db

S = Application.Status


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(cast, hcm):
    """The cast, and the accounts that hold no role: anonymous, disabled, not yet verified."""
    return {
        "anonymous": AnonymousUser(),
        "enterprise_a": cast.enterprise_a_user,
        "unverified": UserFactory(username="dn.moi", role="enterprise"),
        "staff_hcm": cast.staff_hcm,
        "staff_hanoi": cast.staff_hanoi,
        "official": cast.official,
        "admin": cast.admin,
        "inactive_staff": UserFactory(username="canbo.nghi", role="staff", city=hcm, is_active=False),
        "inactive_admin": UserFactory(username="quantri.nghi", role="admin", is_superuser=True, is_active=False),
        "inactive_enterprise": UserFactory(
            username="dn.nghi", role="enterprise", enterprise=cast.enterprise_a, is_active=False
        ),
    }


# role: is_admin, is_department_staff, is_official, is_enterprise_user, is_enterprise_member, is_staff_member,
# can_read_workspace
PREDICATES = {
    "anonymous": "0 0 0 0 0 0 0",
    "enterprise_a": "0 0 0 1 1 0 0",
    "unverified": "0 0 0 1 0 0 0",
    "staff_hcm": "0 1 0 0 0 1 1",
    "staff_hanoi": "0 1 0 0 0 1 1",
    "official": "0 0 1 0 0 0 1",
    "admin": "1 0 0 0 0 1 1",
    "inactive_staff": "0 0 0 0 0 0 0",
    "inactive_admin": "0 0 0 0 0 0 0",
    "inactive_enterprise": "0 0 0 0 0 0 0",
}
PREDICATE_FUNCTIONS = [
    permissions.is_admin,
    permissions.is_department_staff,
    permissions.is_official,
    permissions.is_enterprise_user,
    permissions.is_enterprise_member,
    permissions.is_staff_member,
    permissions.can_read_workspace,
]


@pytest.mark.parametrize("role", PREDICATES)
def test_role_predicates(users, role):
    expected = [flag == "1" for flag in PREDICATES[role].split()]
    assert [check(users[role]) for check in PREDICATE_FUNCTIONS] == expected


def test_the_user_model_offers_templates_the_same_workspace_rule(users):
    for role, user in users.items():
        if role != "anonymous":
            assert user.can_read_workspace is permissions.can_read_workspace(user), role


def test_editable_city_ids_per_role(users, hcm, hanoi):
    assert permissions.editable_city_ids(users["admin"]) is None
    assert permissions.editable_city_ids(users["staff_hcm"]) == frozenset({hcm.id})
    assert permissions.editable_city_ids(users["staff_hanoi"]) == frozenset({hanoi.id})
    for role in ("anonymous", "enterprise_a", "unverified", "official", "inactive_staff", "inactive_admin"):
        assert permissions.editable_city_ids(users[role]) == frozenset(), role


def test_every_staff_scope_follows_editable_city_ids(users, hcm, hanoi):
    hcm_program, hanoi_program = ProgramFactory(city=hcm), ProgramFactory(city=hanoi)
    task = TaskFactory(group=TaskGroupFactory(program=hcm_program))
    hcm_enterprise = EnterpriseFactory(province="Thành phố Hồ Chí Minh")
    round = RecognitionRoundFactory(program=hcm_program)

    staff_hcm, staff_hanoi, admin, official = (users[r] for r in ("staff_hcm", "staff_hanoi", "admin", "official"))
    assert permissions.can_edit_program(staff_hcm, hcm_program)
    assert not permissions.can_edit_program(staff_hcm, hanoi_program)
    assert permissions.can_edit_task(staff_hcm, task) and not permissions.can_edit_task(staff_hanoi, task)
    assert permissions.can_edit_round(staff_hcm, round) and not permissions.can_edit_round(staff_hanoi, round)
    # The enterprise's province names the city: its staff change it, whatever spelling the record uses.
    assert permissions.editable_provinces(staff_hcm) == frozenset({"TP Hồ Chí Minh"})
    assert permissions.editable_provinces(admin) is None
    assert permissions.editable_provinces(official) == frozenset()
    assert permissions.can_edit_enterprise(staff_hcm, hcm_enterprise)
    assert not permissions.can_edit_enterprise(staff_hanoi, hcm_enterprise)
    assert permissions.can_edit_province(staff_hanoi, "TP Hà Nội")
    assert permissions.can_edit_program(admin, hanoi_program) and permissions.can_edit_enterprise(admin, hcm_enterprise)
    for user in (official, users["enterprise_a"], users["inactive_staff"], users["anonymous"]):
        assert not permissions.can_edit_program(user, hcm_program)
        assert not permissions.can_edit_enterprise(user, hcm_enterprise)


def test_require_functions_refuse_with_permission_denied(users, hcm):
    program = ProgramFactory(city=hcm)
    permissions.require_city_editor(users["staff_hcm"], program.city_id)
    with pytest.raises(PermissionDenied, match="thành phố"):
        permissions.require_city_editor(users["staff_hanoi"], program.city_id, "Không có quyền ở thành phố này")
    with pytest.raises(PermissionDenied):
        permissions.require_staff_member(users["official"])
    with pytest.raises(PermissionDenied):
        permissions.require_enterprise_owner(users["unverified"], None)
    permissions.require_enterprise_owner(users["enterprise_a"], users["enterprise_a"].enterprise_id)


# ---------------------------------------------------------------- queryset scopes


@pytest.fixture
def dossiers(cast, hcm, hanoi):
    """Enterprise A's dossiers in an HCMC round at each stage, and a submitted one in a Hanoi round."""
    hcm_round = RecognitionRoundFactory(program=ProgramFactory(city=hcm))
    hanoi_round = RecognitionRoundFactory(program=ProgramFactory(city=hanoi))

    def make(status, round=hcm_round):
        return ApplicationFactory(round=round, product=ProductFactory(enterprise=cast.enterprise_a), status=status)

    made = {
        "draft": make(S.DRAFT),
        "submitted": make(S.SUBMITTED),
        "scoring": make(S.COUNCIL_SCORING),
        "refused_at_review": make(S.REJECTED),
        "rejected_by_council": make(S.REJECTED),
        "hanoi": make(S.SUBMITTED, round=hanoi_round),
        "enterprise_b": ApplicationFactory(
            round=hcm_round, product=ProductFactory(enterprise=cast.enterprise_b), status=S.SUBMITTED
        ),
    }
    ApplicationEvent.objects.create(
        application=made["rejected_by_council"], from_status=S.UNDER_REVIEW, to_status=S.COUNCIL_SCORING
    )
    member = UserFactory(username="hoidong", role="official")
    CouncilMemberFactory(round=hcm_round, user=member)
    made["member"] = member
    return made


def _names(queryset, made) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, application in made.items() if name != "member" and application.pk in ids}


def test_application_scopes(users, cast, dossiers):
    everything = Application.objects.all()
    visible = lambda user: _names(permissions.applications_visible_to(user, everything), dossiers)  # noqa: E731
    submitted_hcm = {"submitted", "scoring", "refused_at_review", "rejected_by_council", "enterprise_b"}

    assert visible(cast.enterprise_a_user) == set(dossiers) - {"member", "enterprise_b"}  # drafts included
    assert visible(cast.enterprise_b_user) == {"enterprise_b"}
    assert visible(cast.staff_hcm) == submitted_hcm
    assert visible(cast.staff_hanoi) == {"hanoi"}
    assert visible(cast.admin) == submitted_hcm | {"hanoi"}
    assert visible(cast.official) == set()
    # The council reads its round's dossiers from the council stage on; one refused at the review never got there.
    assert visible(dossiers["member"]) == {"scoring", "rejected_by_council"}
    for role in ("anonymous", "unverified", "inactive_staff", "inactive_admin", "inactive_enterprise"):
        assert visible(users[role]) == set(), role

    reviewable = lambda user: _names(permissions.applications_reviewable_by(user, everything), dossiers)  # noqa: E731
    assert reviewable(cast.staff_hcm) == submitted_hcm
    assert reviewable(cast.admin) == submitted_hcm | {"hanoi"}
    assert reviewable(dossiers["member"]) == set()  # a council seat is not a staff review


def test_round_product_and_recognition_scopes(users, cast, hcm, hanoi):
    hcm_round = RecognitionRoundFactory(program=ProgramFactory(city=hcm))
    hanoi_round = RecognitionRoundFactory(program=ProgramFactory(city=hanoi))
    product_a, product_b = ProductFactory(enterprise=cast.enterprise_a), ProductFactory(enterprise=cast.enterprise_b)
    recognition_a = RecognitionFactory(product=product_a, round=hcm_round)

    rounds = RecognitionRound.objects.all()
    assert set(permissions.rounds_editable_by(cast.staff_hcm, rounds)) == {hcm_round}
    assert set(permissions.rounds_editable_by(cast.admin, rounds)) == {hcm_round, hanoi_round}
    assert not permissions.rounds_editable_by(cast.official, rounds).exists()

    products = Product.objects.all()
    assert set(permissions.products_visible_to(cast.enterprise_a_user, products)) == {product_a}
    assert set(permissions.products_visible_to(cast.enterprise_b_user, products)) == {product_b}
    for role in ("staff_hcm", "admin", "unverified", "inactive_enterprise", "anonymous"):
        assert not permissions.products_visible_to(users[role], products).exists(), role

    recognitions = Recognition.objects.all()
    for role in ("enterprise_a", "staff_hcm", "staff_hanoi", "official", "admin"):
        assert set(permissions.recognitions_visible_to(users[role], recognitions)) == {recognition_a}, role
    for role in ("unverified", "anonymous", "inactive_staff"):
        assert not permissions.recognitions_visible_to(users[role], recognitions).exists(), role
    assert not permissions.recognitions_visible_to(cast.enterprise_b_user, recognitions).exists()


def test_report_scope(users, hcm):
    program = ProgramFactory(city=hcm)
    private = Report.objects.create(program=program, kind="progress", status=Report.Status.DONE)
    public = Report.objects.create(program=program, kind="progress", status=Report.Status.DONE, is_public=True)
    public_pending = Report.objects.create(program=program, kind="midterm", is_public=True)
    reports = Report.objects.all()

    for role in ("staff_hcm", "staff_hanoi", "official", "admin"):
        assert set(permissions.reports_visible_to(users[role], reports)) == {private, public, public_pending}, role
    assert set(permissions.reports_visible_to(users["enterprise_a"], reports)) == {public}
    assert permissions.can_read_report(users["enterprise_a"], public)
    assert not permissions.can_read_report(users["enterprise_a"], private)
    for role in ("unverified", "anonymous", "inactive_staff", "inactive_enterprise"):
        assert not permissions.reports_visible_to(users[role], reports).exists(), role


def test_enterprise_scopes(users, cast, hcm):
    hanoi_enterprise = EnterpriseFactory(province="Hà Nội")
    enterprises = Enterprise.objects.all()
    everyone = {cast.enterprise_a, cast.enterprise_b, hanoi_enterprise}

    assert set(permissions.enterprises_visible_to(cast.admin, enterprises)) == everyone
    assert set(permissions.enterprises_visible_to(cast.official, enterprises)) == everyone
    assert set(permissions.enterprises_visible_to(cast.staff_hcm, enterprises)) == {
        cast.enterprise_a,
        cast.enterprise_b,
    }
    assert set(permissions.enterprises_visible_to(cast.staff_hanoi, enterprises)) == {hanoi_enterprise}
    assert set(permissions.enterprises_visible_to(cast.enterprise_a_user, enterprises)) == {cast.enterprise_a}
    for role in ("unverified", "anonymous", "inactive_staff", "inactive_enterprise"):
        assert not permissions.enterprises_visible_to(users[role], enterprises).exists(), role
    # Officials read every record and change none.
    assert not any(permissions.can_edit_enterprise(cast.official, enterprise) for enterprise in everyone)


def test_account_request_and_import_scopes(users, cast, hcm):
    hanoi_enterprise = EnterpriseFactory(province="Hà Nội")
    of_hcm = AccountRequest.objects.create(user=UserFactory(username="xin.hcm"), tax_code=cast.enterprise_a.tax_code)
    of_hanoi = AccountRequest.objects.create(user=UserFactory(username="xin.hn"), tax_code=hanoi_enterprise.tax_code)
    unregistered = AccountRequest.objects.create(user=UserFactory(username="xin.moi"), tax_code="0312345678")
    requests, registry = AccountRequest.objects.all(), Enterprise.objects.all()

    def reviewable(user):
        return set(permissions.account_requests_reviewable_by(user, requests, registry))

    assert reviewable(cast.staff_hcm) == {of_hcm, unregistered}
    assert reviewable(cast.staff_hanoi) == {of_hanoi, unregistered}
    assert reviewable(cast.admin) == {of_hcm, of_hanoi, unregistered}
    assert reviewable(cast.official) == set() and reviewable(users["inactive_staff"]) == set()
    assert permissions.can_review_account(cast.staff_hcm, None)
    assert not permissions.can_review_account(cast.staff_hanoi, cast.enterprise_a)

    mine = EnterpriseImport.objects.create(uploaded_by=cast.staff_hcm, file_name="a.xlsx", status="succeeded")
    theirs = EnterpriseImport.objects.create(uploaded_by=cast.staff_hanoi, file_name="b.xlsx", status="failed")
    imports = EnterpriseImport.objects.all()
    assert set(permissions.imports_visible_to(cast.staff_hcm, imports)) == {mine}
    assert set(permissions.imports_visible_to(cast.admin, imports)) == {mine, theirs}
    assert not permissions.imports_visible_to(cast.official, imports).exists()


def test_task_scope(users, hcm, hanoi):
    tasks = [TaskFactory(group=TaskGroupFactory(program=ProgramFactory(city=city))) for city in (hcm, hanoi)]
    for role in ("staff_hcm", "staff_hanoi", "official", "admin"):
        assert set(permissions.tasks_visible_to(users[role], Task.objects.all())) == set(tasks), role
    for role in ("enterprise_a", "unverified", "anonymous", "inactive_staff", "inactive_admin"):
        assert not permissions.tasks_visible_to(users[role], Task.objects.all()).exists(), role


def test_council_seat_checks(users, hcm):
    member = UserFactory(username="hoidong.a", role="official")
    assert not permissions.has_council_seat(member)
    seat = CouncilMemberFactory(round=RecognitionRoundFactory(program=ProgramFactory(city=hcm)), user=member)
    assert permissions.has_council_seat(member) and permissions.has_running_council_seat(member)
    seat.round.status = RecognitionRound.Status.CLOSED
    seat.round.save()
    assert permissions.has_council_seat(member) and not permissions.has_running_council_seat(member)
    assert not permissions.has_council_seat(users["anonymous"])


# ---------------------------------------------------------------- selectors leave the 404 to the view


def test_selectors_answer_an_empty_result_for_another_citys_object(cast, hcm, hanoi):
    """What once raised Http404 now answers nothing, so that a Celery task or a command can call it."""
    hcm_program = ProgramFactory(city=hcm)
    hanoi_enterprise = EnterpriseFactory(province="Hà Nội")
    hcm_round = RecognitionRoundFactory(program=hcm_program)
    application = ApplicationFactory(
        round=hcm_round, product=ProductFactory(enterprise=cast.enterprise_a), status=S.SUBMITTED
    )
    task = TaskFactory(group=TaskGroupFactory(program=hcm_program))
    report = Report.objects.create(program=hcm_program, kind="progress", status=Report.Status.DONE)
    import_record = EnterpriseImport.objects.create(uploaded_by=cast.staff_hcm, file_name="a.xlsx", status="failed")

    staff_hanoi = cast.staff_hanoi
    assert product_selectors.applications_for_user(staff_hanoi).filter(public_id=application.public_id).first() is None
    assert product_selectors.staff_applications(staff_hanoi).filter(pk=application.pk).first() is None
    assert product_selectors.staff_rounds(staff_hanoi).filter(pk=hcm_round.pk).first() is None
    assert enterprise_selectors.enterprises_visible_to(cast.staff_hcm).filter(pk=hanoi_enterprise.pk).first() is None
    assert enterprise_selectors.imports_for_user(staff_hanoi).filter(pk=import_record.pk).first() is None
    # Another enterprise's objects, and the workspace for an enterprise user, are as missing as an unknown id.
    enterprise_b = cast.enterprise_b_user
    assert product_selectors.applications_for_user(enterprise_b).filter(pk=application.pk).first() is None
    assert report_selectors.reports_visible_to(enterprise_b).filter(pk=report.pk).first() is None
    assert program_selectors.program_for_user(enterprise_b, hcm_program.slug) is None
    assert program_selectors.tasks_for_user(enterprise_b).filter(pk=task.pk).first() is None
    assert program_selectors.program_for_user(staff_hanoi, "no-such-programme") is None
    # The same reads give the city's own staff the object.
    assert product_selectors.applications_for_user(cast.staff_hcm).get(pk=application.pk) == application
    assert program_selectors.program_for_user(staff_hanoi, hcm_program.slug) == hcm_program


def test_no_selector_raises_http404():
    """The 404 is the view's answer: a selector module neither raises Http404 nor calls get_object_or_404."""
    root = pathlib.Path(settings.BASE_DIR)
    modules = sorted(root.glob("*/selectors.py"))
    assert len(modules) >= 5, modules
    offenders = [
        str(path.relative_to(root))
        for path in modules
        if "Http404" in path.read_text() or "get_object_or_404" in path.read_text()
    ]
    assert offenders == []
