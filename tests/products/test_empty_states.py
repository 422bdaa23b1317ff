"""Empty lists say what to do next: which round is open and how to start, when rounds open, where work appears."""

import datetime

import pytest

from products.models import RecognitionRound
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_an_enterprise_without_applications_is_told_the_open_round_and_how_to_start(client, login, cast, round_setup):
    round_setup.round.closes_on = datetime.date(2026, 9, 30)
    round_setup.round.save()
    login(cast.enterprise_a_user)
    html = client.get("/san-pham/cua-toi/ho-so/").content.decode()
    assert "Doanh nghiệp chưa có hồ sơ đăng ký nào." in html
    assert round_setup.round.title in html and "hạn nộp 30/09/2026" in html
    assert 'href="/san-pham/cua-toi/san-pham/them/"' in html  # no product yet: add one first

    ProductFactory(enterprise=cast.enterprise_a)
    html = client.get("/san-pham/cua-toi/ho-so/").content.decode()
    assert "Chọn sản phẩm đã khai báo" in html and 'href="/san-pham/cua-toi/ho-so/tao/"' in html


def test_with_no_open_round_the_enterprise_is_told_when_rounds_open(client, login, cast, round_setup):
    RecognitionRound.objects.update(status=RecognitionRound.Status.CLOSED)
    ProductFactory(enterprise=cast.enterprise_a)
    login(cast.enterprise_a_user)

    listing = client.get("/san-pham/cua-toi/ho-so/").content.decode()
    assert "Hiện chưa có đợt xét chọn nào đang nhận hồ sơ." in listing
    assert "kế hoạch hằng năm" in listing

    new = client.get("/san-pham/cua-toi/ho-so/tao/").content.decode()
    assert "Hiện chưa có đợt xét chọn nào đang nhận hồ sơ." in new
    assert "kế hoạch hằng năm của thành phố" in new
    assert 'name="round"' not in new  # no empty "Đợt xét chọn" list to puzzle over


def test_the_new_application_page_names_the_open_rounds(client, login, cast, round_setup):
    ProductFactory(enterprise=cast.enterprise_a)
    login(cast.enterprise_a_user)
    html = client.get("/san-pham/cua-toi/ho-so/tao/").content.decode()
    assert "Đợt đang nhận hồ sơ:" in html and round_setup.round.title in html
    assert 'name="round"' in html


def test_staff_without_applications_are_told_where_they_come_from(client, login, cast, round_setup):
    login(cast.staff_hcm)
    html = client.get("/san-pham/quan-ly/ho-so/").content.decode()
    assert "Chưa có hồ sơ nào được nộp." in html
    assert "Hồ sơ hiện ở đây khi doanh nghiệp nộp hồ sơ" in html
    # The city's rounds are listed with a link to each round's page.
    assert f'href="/san-pham/quan-ly/dot/{round_setup.round.id}/"' in html


def test_a_council_member_without_a_seat_or_dossiers_is_told_why(client, login, cast, round_setup):
    login(cast.staff_hanoi)
    assert "Bạn chưa được phân công vào hội đồng nào." in client.get("/san-pham/hoi-dong/").content.decode()

    login(cast.official)
    html = client.get(f"/san-pham/hoi-dong/dot/{round_setup.round.id}/").content.decode()
    assert "Chưa có hồ sơ nào chuyển hội đồng." in html
    assert "chuyển hồ sơ sang hội đồng chấm điểm" in html
