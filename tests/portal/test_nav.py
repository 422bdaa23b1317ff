"""The main navigation by role: each role sees its own links and nobody else's."""

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.nav_urls")]

PUBLIC = {"products:registry": "Sản phẩm chủ lực", "enterprises:directory": "Doanh nghiệp"}
WORKSPACE = {
    "programs:overview": "Tổng quan",
    "programs:tasks": "Nhiệm vụ",
    "products:staff_applications": "Hồ sơ xét chọn",
    "reports:index": "Báo cáo",
}
VERIFY = {"enterprises:verify_accounts": "Xác thực tài khoản"}
ENTERPRISE = {"enterprises:profile": "Hồ sơ doanh nghiệp", "products:my_applications": "Hồ sơ đăng ký"}
ADMIN = {"admin:index": "Quản trị hệ thống"}
ALL_LINKS = {**PUBLIC, **WORKSPACE, **VERIFY, **ENTERPRISE, **ADMIN}

EXPECTED = {
    "anonymous": PUBLIC,
    "staff_hcm": {**PUBLIC, **WORKSPACE, **VERIFY},
    "official": {**PUBLIC, **WORKSPACE},
    "enterprise_a_user": {**PUBLIC, **ENTERPRISE},
    "admin": {**PUBLIC, **WORKSPACE, **VERIFY, **ADMIN},
}


def nav_html(html: str) -> str:
    start = html.index('<nav id="site-nav"')
    return html[start : html.index("</nav>", start)]


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@pytest.mark.parametrize("role", list(EXPECTED))
def test_navigation_links_follow_the_role(client, login, cast, role):
    if role != "anonymous":
        login(getattr(cast, role))

    nav = nav_html(client.get(reverse("home")).content.decode())

    for name, label in ALL_LINKS.items():
        url = url_or_none(name)
        link = f'href="{url}"'
        if name in EXPECTED[role]:
            assert url and link in nav and label in nav, f"{role} should see {name}"
        elif url:
            assert link not in nav, f"{role} must not see {name}"


def test_anonymous_visitor_is_offered_login(client, db):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("login")}' in html
    assert "Đăng xuất" not in html


def test_signed_in_user_sees_name_role_and_logout(client, login, cast):
    login(cast.staff_hcm)
    html = client.get(reverse("home")).content.decode()
    assert "Lan" in html
    assert "Cán bộ Sở Công Thương" in html
    assert f'action="{reverse("logout")}"' in html
    assert "Đăng nhập</a>" not in html


def test_current_page_is_marked_in_the_navigation(client, db):
    nav = nav_html(client.get(reverse("home")).content.decode())
    assert f'<a href="{reverse("home")}" aria-current="page">' in nav
