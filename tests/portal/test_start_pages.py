"""After signing in each role lands on its own start page, unless a safe `next` asks for another page of this
site; "Trang của tôi" leads to the same page. Sign-in takes the account's e-mail as well as its user name."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from portal.roles import start_page_url
from products.models import RecognitionRound
from tests.conftest import PASSWORD
from tests.factories import RecognitionRoundFactory, UserFactory
from tests.products.factories import CouncilMemberFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("login"), data)


@pytest.fixture
def council_official(db):
    seat = CouncilMemberFactory(user=UserFactory(username="hoidong", role="official"))
    return seat.user


@pytest.fixture
def pending_enterprise_user(db):
    return UserFactory(username="moi@dn.vn", email="moi@dn.vn", role="enterprise", enterprise=None)


@pytest.mark.parametrize(
    ("who", "start"),
    [
        ("staff_hcm", "programs:tasks"),
        ("official", "programs:overview"),
        ("enterprise_a_user", "products:my_applications"),
        ("admin", "programs:overview"),
        ("council_official", "products:council_rounds"),
        ("pending_enterprise_user", "enterprises:profile"),
    ],
)
def test_each_role_lands_on_its_start_page(client, cast, request, who, start):
    user = getattr(cast, who) if hasattr(cast, who) else request.getfixturevalue(who)

    response = sign_in(client, user.username)

    assert response.status_code == 302
    assert response["Location"] == reverse(start)
    assert client.get(response["Location"]).status_code == 200


def test_staff_on_a_council_still_start_at_their_workspace(client, cast):
    CouncilMemberFactory(user=cast.staff_hcm)
    assert sign_in(client, "canbo.hcm")["Location"] == reverse("programs:tasks")


def test_official_whose_rounds_are_closed_starts_at_the_overview(client, db):
    closed = RecognitionRoundFactory(status=RecognitionRound.Status.CLOSED)
    CouncilMemberFactory(round=closed, user=UserFactory(username="hoidong.cu", role="official"))
    assert sign_in(client, "hoidong.cu")["Location"] == reverse("programs:overview")


def test_anonymous_start_page_is_home():
    assert start_page_url(AnonymousUser()) == reverse("home")


def test_a_safe_next_is_respected(client, cast):
    task_list = reverse("programs:tasks") + "?q=nhua"
    response = sign_in(client, "lanhdao", next_url=task_list)
    assert response["Location"] == task_list


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/",
        "//evil.example/dang-nhap/",
        "http://evil.example@testserver.evil/",
        "javascript:alert(1)",
    ],
)
def test_an_unsafe_next_is_refused_for_the_start_page(client, cast, unsafe):
    response = sign_in(client, "canbo.hcm", next_url=unsafe)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:tasks")


def test_a_protected_page_sends_its_next_and_gets_the_user_back(client, cast):
    reports = reverse("reports:index")
    redirect = client.get(reports)
    assert redirect.status_code == 302
    login_url = redirect["Location"]
    assert login_url.startswith(reverse("login") + "?next=")

    html = client.get(login_url).content.decode()
    assert f'name="next" value="{reports}"' in html
    assert sign_in(client, "lanhdao", next_url=reports)["Location"] == reports


def test_the_topbar_login_link_carries_no_next(client, db):
    """Signing in on one's own initiative leads to one's start page, not back to the page one was reading."""
    html = client.get(reverse("products:registry")).content.decode()
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("login")}?next=' not in html


@pytest.mark.parametrize(
    ("who", "start"),
    [
        ("staff_hcm", "programs:tasks"),
        ("official", "programs:overview"),
        ("enterprise_a_user", "products:my_applications"),
        ("admin", "programs:overview"),
    ],
)
def test_my_page_leads_to_the_start_page(client, login, cast, who, start):
    login(getattr(cast, who))
    response = client.get(reverse("start_page"))
    assert response.status_code == 302
    assert response["Location"] == reverse(start)


def test_my_page_asks_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("start_page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


# ---------------------------------------------------------------- what the login field takes


def test_login_field_is_labelled_for_what_it_accepts(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Email hoặc tên đăng nhập</label>' in html
    assert "Doanh nghiệp: email đã dùng khi đăng ký" in html


@pytest.mark.parametrize("typed", ["canbo.hcm@example.vn", "  CanBo.HCM@Example.VN "])
def test_staff_can_sign_in_with_their_email(client, cast, typed):
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.staff_hcm.pk)


def test_enterprise_signs_in_with_the_email_it_registered(client, pending_enterprise_user):
    assert sign_in(client, "Moi@DN.vn").status_code == 302
    assert client.session["_auth_user_id"] == str(pending_enterprise_user.pk)


def test_an_email_shared_by_two_accounts_signs_in_neither(client, db):
    UserFactory(username="mot", email="chung@so.vn", role="official")
    UserFactory(username="hai", email="chung@so.vn", role="official")
    response = sign_in(client, "chung@so.vn")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_with_an_email_is_refused(client, cast):
    response = sign_in(client, "canbo.hcm@example.vn", password="sai-mat-khau-123")
    assert response.status_code == 200
    assert "email (hoặc tên đăng nhập) và mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in_by_email(client, db):
    UserFactory(username="nghi", email="nghi@so.vn", role="official", is_active=False)
    assert sign_in(client, "nghi@so.vn").status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_page_links_to_password_reset_and_signup(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html
    assert f'href="{reverse("enterprises:signup")}"' in html
