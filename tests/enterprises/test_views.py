"""Who reaches which enterprise page, what the public sees, search, and query counts of the lists."""

import pytest
from django.urls import reverse

from enterprises.models import Award, Certification, Enterprise
from tests.factories import EnrollmentFactory, EnterpriseFactory, ParticipationFactory, ProgramFactory

ROLES = ["anonymous", "staff_hcm", "staff_hanoi", "official", "enterprise_a_user", "enterprise_b_user", "admin"]


def as_role(client, login, cast, role):
    return client if role == "anonymous" else login(getattr(cast, role))


def status(client, url):
    response = client.get(url)
    if response.status_code == 302 and reverse("login") in response["Location"]:
        return "login"
    return response.status_code


# URL × role → expected status. enterprise_a is in HCMC: Hanoi staff and enterprise B must not learn it exists.
PAGE_TABLE = {
    "directory": dict.fromkeys(ROLES, 200),
    "public_detail": dict.fromkeys(ROLES, 200),
    "profile": {
        "anonymous": "login",
        "staff_hcm": 403,
        "staff_hanoi": 403,
        "official": 403,
        "enterprise_a_user": 200,
        "enterprise_b_user": 200,
        "admin": 403,
    },
    "profile_edit": {
        "anonymous": "login",
        "staff_hcm": 403,
        "staff_hanoi": 403,
        "official": 403,
        "enterprise_a_user": 200,
        "enterprise_b_user": 404,
        "admin": 403,
    },
    "staff_list": {
        **dict.fromkeys(ROLES, 200),
        "anonymous": "login",
        "enterprise_a_user": 403,
        "enterprise_b_user": 403,
    },
    "staff_detail": {
        "anonymous": "login",
        "staff_hcm": 200,
        "staff_hanoi": 404,
        "official": 200,
        "enterprise_a_user": 403,
        "enterprise_b_user": 403,
        "admin": 200,
    },
    "staff_edit": {
        "anonymous": "login",
        "staff_hcm": 200,
        "staff_hanoi": 404,
        "official": 403,
        "enterprise_a_user": 403,
        "enterprise_b_user": 403,
        "admin": 200,
    },
    "verify_accounts": {
        "anonymous": "login",
        "staff_hcm": 200,
        "staff_hanoi": 200,
        "official": 403,
        "enterprise_a_user": 403,
        "enterprise_b_user": 403,
        "admin": 200,
    },
    "import_upload": {
        "anonymous": "login",
        "staff_hcm": 200,
        "staff_hanoi": 200,
        "official": 403,
        "enterprise_a_user": 403,
        "enterprise_b_user": 403,
        "admin": 200,
    },
}
WITH_ID = {"public_detail", "profile_edit", "staff_detail", "staff_edit"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGE_TABLE))
def test_page_access_by_role(cast, client, login, page, role):
    kwargs = {"public_id": cast.enterprise_a.public_id} if page in WITH_ID else {}
    client = as_role(client, login, cast, role)
    assert status(client, reverse(f"enterprises:{page}", kwargs=kwargs)) == PAGE_TABLE[page][role]


def test_enterprise_user_edits_own_profile_only(cast, login):
    client = login(cast.enterprise_a_user)
    own = reverse("enterprises:profile_edit", kwargs={"public_id": cast.enterprise_a.public_id})
    other = reverse("enterprises:profile_edit", kwargs={"public_id": cast.enterprise_b.public_id})
    data = {
        "english_name": "Dong Tien Plastics",
        "address": "12 Tô Ký",
        "district": "Quận 12",
        "website": "",
        "employees": "120",
        "revenue": "60",
        "capital": "25",
        "representative": "Nguyễn Văn An",
        "contact_email": "lienhe@dongtien.vn",
        "contact_phone": "028 1234 5678",
    }
    assert client.post(other, data).status_code == 404
    assert client.post(own, data).status_code == 302
    cast.enterprise_a.refresh_from_db()
    cast.enterprise_b.refresh_from_db()
    assert cast.enterprise_a.english_name == "Dong Tien Plastics"
    assert cast.enterprise_a.sme_size == "medium"  # 120 workers: recomputed
    assert cast.enterprise_b.english_name == ""


def test_enterprise_user_cannot_slip_staff_only_fields_in(cast, login):
    client = login(cast.enterprise_a_user)
    url = reverse("enterprises:profile_edit", kwargs={"public_id": cast.enterprise_a.public_id})
    client.post(url, {"name": "Tên giả", "staff_notes": "xoá", "tax_code": "0100233488", "employees": "80"})
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.name == "Công ty TNHH Nhựa Đồng Tiến"
    assert cast.enterprise_a.staff_notes == "Ghi chú nội bộ — không công khai"


def test_staff_edit_changes_staff_only_fields(cast, login):
    client = login(cast.staff_hcm)
    url = reverse("enterprises:staff_edit", kwargs={"public_id": cast.enterprise_a.public_id})
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["staff_notes"] = "Đã khảo sát nhà máy."
    data["tax_code"] = "0100233487"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "chữ số kiểm tra không khớp" in response.content.decode()
    data["tax_code"] = cast.enterprise_a.tax_code
    assert client.post(url, data).status_code == 302
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.staff_notes == "Đã khảo sát nhà máy."


PRIVATE = {
    "contact_email": "bimat@dongtien.vn",
    "contact_phone": "0909 999 111",
    "representative": "Ông Đại Diện Bí Mật",
    "staff_notes": "Ghi chú nội bộ rất riêng",
}


@pytest.mark.parametrize("url_name", ["directory", "public_detail"])
def test_public_pages_show_no_private_field(cast, client, url_name):
    Enterprise.objects.filter(pk=cast.enterprise_a.pk).update(**PRIVATE)
    Certification.objects.create(enterprise=cast.enterprise_a, standard=Certification.Standard.ISO_9001)
    Award.objects.create(enterprise=cast.enterprise_a, name="Thương hiệu Vàng", year=2022)
    kwargs = {"public_id": cast.enterprise_a.public_id} if url_name == "public_detail" else {}
    html = client.get(reverse(f"enterprises:{url_name}", kwargs=kwargs)).content.decode()
    assert cast.enterprise_a.name in html
    assert "ISO 9001" in html
    for field, value in PRIVATE.items():
        assert value not in html, field
    if url_name == "public_detail":
        assert "Thương hiệu Vàng (2022)" in html
        assert cast.enterprise_a.tax_code in html


def test_staff_detail_shows_private_fields_enrollments_and_participations(cast, login):
    Enterprise.objects.filter(pk=cast.enterprise_a.pk).update(**PRIVATE)
    program = ProgramFactory(title="Chương trình nhựa cao su")
    EnrollmentFactory(enterprise=cast.enterprise_a, program=program)
    ParticipationFactory(enterprise=cast.enterprise_a, activity__program=program, activity__title="Hội chợ CNHT 2021")
    html = (
        login(cast.staff_hcm)
        .get(reverse("enterprises:staff_detail", kwargs={"public_id": cast.enterprise_a.public_id}))
        .content.decode()
    )
    for value in PRIVATE.values():
        assert value in html
    assert "Chương trình nhựa cao su" in html
    assert "Hội chợ CNHT 2021" in html


@pytest.mark.parametrize("query", ["nhua dong tien", "NHỰA ĐỒNG TIẾN", "ĐỒNG TIẾN", "đồng tiến", "Dong Tien"])
def test_directory_search_ignores_accents_and_case(cast, client, query):
    response = client.get(reverse("enterprises:directory"), {"q": query})
    names = [enterprise.name for enterprise in response.context["page_obj"]]
    assert names == ["Công ty TNHH Nhựa Đồng Tiến"]


def test_search_by_tax_code_with_dashes(cast, client, login):
    Enterprise.objects.filter(pk=cast.enterprise_a.pk).update(tax_code="0100233488001")
    response = login(cast.admin).get(reverse("enterprises:staff_list"), {"q": "0100233488-001"})
    assert [e.name for e in response.context["page_obj"]] == [cast.enterprise_a.name]


def test_staff_list_is_scoped_to_the_staff_city(cast, login):
    EnterpriseFactory(name="Công ty Cơ khí Hà Nội", province="Hà Nội", tax_code="0101234565")
    hcm = [e.name for e in login(cast.staff_hcm).get(reverse("enterprises:staff_list")).context["page_obj"]]
    hanoi = [e.name for e in login(cast.staff_hanoi).get(reverse("enterprises:staff_list")).context["page_obj"]]
    assert "Công ty Cơ khí Hà Nội" not in hcm and cast.enterprise_a.name in hcm
    assert hanoi == ["Công ty Cơ khí Hà Nội"]


def _populate(count: int) -> None:
    program = ProgramFactory()
    for enterprise in EnterpriseFactory.create_batch(count):
        Certification.objects.create(enterprise=enterprise, standard=Certification.Standard.ISO_14001)
        EnrollmentFactory(enterprise=enterprise, program=program)
        ParticipationFactory(enterprise=enterprise, activity__program=program)


@pytest.mark.parametrize("count", [3, 25])
def test_directory_query_count_does_not_grow_with_rows(cast, client, django_assert_max_num_queries, count):
    _populate(count)
    with django_assert_max_num_queries(4):  # count, page, certifications, recognised products
        response = client.get(reverse("enterprises:directory"))
    assert len(response.context["page_obj"]) == count + 2


@pytest.mark.parametrize("count", [3, 25])
def test_staff_list_query_count_does_not_grow_with_rows(cast, login, django_assert_max_num_queries, count):
    _populate(count)
    client = login(cast.staff_hcm)
    with django_assert_max_num_queries(7):  # session, user, city, programs for the filter, count, page
        response = client.get(reverse("enterprises:staff_list"))
    assert len(response.context["page_obj"]) == count + 2


@pytest.mark.parametrize("count", [2, 12])
def test_staff_detail_query_count_does_not_grow_with_enrollments(cast, login, django_assert_max_num_queries, count):
    for _ in range(count):
        EnrollmentFactory(enterprise=cast.enterprise_a)
        ParticipationFactory(enterprise=cast.enterprise_a)
    client = login(cast.staff_hcm)
    url = reverse("enterprises:staff_detail", kwargs={"public_id": cast.enterprise_a.public_id})
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["enterprise"].enrollments.all()) == count


@pytest.mark.parametrize("count", [1, 8])
def test_verify_accounts_query_count_does_not_grow_with_requests(cast, login, django_assert_max_num_queries, count):
    from enterprises.services import account_signup
    from tests.enterprises.conftest import hcm_tax_code

    for n in range(count):
        account_signup(email=f"dn{n}@x.vn", tax_code=hcm_tax_code(n), password="mat-khau-rat-dai-2024", full_name="A")
    client = login(cast.staff_hcm)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("enterprises:verify_accounts"))
    assert len(response.context["requests"]) == count


def test_directory_speaks_english_when_asked(cast, client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("enterprises:directory")).content.decode()
    assert "Enterprise directory" in html
    assert "Rubber and plastics" in html
