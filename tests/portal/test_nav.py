"""The main navigation by role: each role sees the areas it may use, every link it is shown opens for it (never a
403), and nobody sees another role's links."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from products.models import RecognitionRound
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.products.factories import CouncilMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.nav_urls")]

HOME = {"home": "Trang chủ"}
PUBLIC = {
    "products:registry": "Sản phẩm chủ lực",
    "public:round_calls": "Thông báo xét chọn",
    "public:catalogues": "Nhóm sản phẩm",
    "enterprises:directory": "Doanh nghiệp",
    "api:docs": "Dữ liệu mở (API)",
}
START = {"start_page": "Trang của tôi", "password_change": "Đổi mật khẩu"}
WORKSPACE = {
    "programs:overview": "Tổng quan",
    "programs:tasks": "Nhiệm vụ",
    "enterprises:staff_list": "Quản lý doanh nghiệp",
    "reports:index": "Báo cáo",
}
STAFF_WORK = {
    "products:staff_applications": "Hồ sơ xét chọn",
    "products:staff_rounds": "Đợt xét chọn",
    "products:recognition_import": "Nhập danh sách công nhận",
    "enterprises:verify_accounts": "Xác thực tài khoản",
}
COUNCIL = {"products:council_rounds": "Hội đồng xét chọn"}
ENTERPRISE_PROFILE = {"enterprises:profile": "Hồ sơ doanh nghiệp"}
ENTERPRISE_WORK = {"products:my_products": "Sản phẩm của tôi", "products:my_applications": "Hồ sơ đăng ký"}
ADMIN = {"admin:index": "Quản trị hệ thống"}

EXPECTED = {
    "anonymous": {**HOME, **PUBLIC},
    "staff_hcm": {**HOME, **PUBLIC, **START, **WORKSPACE, **STAFF_WORK},
    "official": {**HOME, **PUBLIC, **START, **WORKSPACE},
    "council_member": {**HOME, **PUBLIC, **START, **WORKSPACE, **COUNCIL},
    "enterprise_a_user": {**HOME, **PUBLIC, **START, **ENTERPRISE_PROFILE, **ENTERPRISE_WORK},
    # Signed up, not yet verified by staff: only the profile, which says where the request stands.
    "enterprise_pending": {**HOME, **PUBLIC, **START, **ENTERPRISE_PROFILE},
    "admin": {**HOME, **PUBLIC, **START, **WORKSPACE, **STAFF_WORK, **ADMIN},
}

LINK = re.compile(r'<a href="(?P<href>[^"]+)"[^>]*>(?P<label>[^<]+)</a>')


def nav_html(html: str) -> str:
    start = html.index('<nav id="site-nav"')
    return html[start : html.index("</nav>", start)]


def nav_links(html: str) -> dict[str, str]:
    return {m["href"]: m["label"].strip() for m in LINK.finditer(nav_html(html))}


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@pytest.fixture
def as_role(client, login, cast):
    """Signs the client in as a role. The council member signs in through the login page, as a person does."""

    def _as(role: str):
        if role == "anonymous":
            return client
        if role == "council_member":
            seat = CouncilMemberFactory(user=UserFactory(username="hoidong", role="official"))
            assert seat.round.status != RecognitionRound.Status.CLOSED
            response = client.post(reverse("login"), {"username": "hoidong", "password": PASSWORD})
            assert response.status_code == 302
            return client
        if role == "enterprise_pending":
            return login(UserFactory(username="moi@dn.vn", role="enterprise", enterprise=None))
        return login(getattr(cast, role))

    return _as


@pytest.mark.parametrize("role", list(EXPECTED))
def test_navigation_shows_each_role_its_links_and_no_others(as_role, role):
    client = as_role(role)

    links = nav_links(client.get(reverse("home")).content.decode())

    expected = {url_or_none(name): label for name, label in EXPECTED[role].items()}
    assert None not in expected, "every navigation target is wired"
    assert links == expected


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_link_shown_opens_for_that_role(as_role, three_programs, role):
    client = as_role(role)
    links = nav_links(client.get(reverse("home")).content.decode())

    for href in links:
        response = client.get(href, follow=True)
        assert response.status_code == 200, f"{role}: {href} answers {response.status_code}"


def test_council_link_costs_no_query(client, cast, django_assert_num_queries):
    """The navigation reads the council seat from the session: a council member's page runs the queries an
    official's does."""
    CouncilMemberFactory(user=UserFactory(username="hoidong", role="official"))
    client.force_login(cast.official, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as official_page:
        client.get(reverse("home"))
    official_queries = len(official_page.captured_queries)  # before the next request resets the log
    client.logout()

    assert client.post(reverse("login"), {"username": "hoidong", "password": PASSWORD}).status_code == 302
    client.get(reverse("home"))
    with django_assert_num_queries(official_queries):
        html = client.get(reverse("home")).content.decode()
    assert reverse("products:council_rounds") in nav_links(html)


def test_my_page_refreshes_the_council_area(login, cast):
    """A seat given after sign-in shows in the navigation once the user opens "Trang của tôi"."""
    client = login(cast.official)
    assert reverse("products:council_rounds") not in nav_links(client.get(reverse("home")).content.decode())

    CouncilMemberFactory(user=cast.official)
    client.get(reverse("start_page"))

    assert reverse("products:council_rounds") in nav_links(client.get(reverse("home")).content.decode())


def test_anonymous_visitor_is_offered_login(client, db):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("login")}"' in html
    assert "Đăng xuất" not in html


def test_signed_in_user_sees_name_role_password_change_and_logout(client, login, cast):
    login(cast.staff_hcm)
    html = client.get(reverse("home")).content.decode()
    assert "Lan" in html
    assert "Cán bộ Sở Công Thương" in html
    assert f'href="{reverse("password_change")}"' in html
    assert f'action="{reverse("logout")}"' in html
    assert "Đăng nhập</a>" not in html


def test_current_page_is_marked_in_the_navigation(client, db):
    nav = nav_html(client.get(reverse("home")).content.decode())
    assert f'<a href="{reverse("home")}" aria-current="page">' in nav


def test_navigation_is_translated_in_english(client, login, cast):
    login(cast.enterprise_a_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    labels = set(nav_links(client.get(reverse("home")).content.decode()).values())
    assert {"Home", "Open data (API)", "My page", "My products"} <= labels
