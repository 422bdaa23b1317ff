"""A round takes dossiers from enterprises of its programme's city, or from any province when it says so."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from products import services
from products.models import Application
from products.selectors import open_rounds_for
from tests.admin_forms import admin_form_data
from tests.factories import ProductFactory, ProgramFactory, RecognitionRoundFactory


@pytest.fixture
def hanoi_round(hanoi):
    program = ProgramFactory(city=hanoi, slug="co-khi-ha-noi", short_title="Cơ khí Hà Nội")
    return RecognitionRoundFactory(program=program, year=2024, title="Xét chọn Hà Nội 2024")


def test_an_hcmc_enterprise_cannot_apply_to_a_hanoi_round(cast, product_a, hanoi_round):
    with pytest.raises(ValidationError) as refused:
        services.application_create(actor=cast.enterprise_a_user, product=product_a, round=hanoi_round, kind="key")

    assert "chỉ nhận hồ sơ của doanh nghiệp đặt tại Hà Nội" in " ".join(refused.value.messages)
    assert "TP Hồ Chí Minh" in " ".join(refused.value.messages)
    assert not Application.objects.exists()


def test_a_round_of_its_own_city_takes_the_dossier(cast, product_a, round_setup):
    application = services.application_create(
        actor=cast.enterprise_a_user, product=product_a, round=round_setup.round, kind="key"
    )
    assert application.round == round_setup.round


def test_a_round_that_admits_other_provinces_takes_the_dossier(cast, product_a, hanoi_round):
    hanoi_round.admits_other_provinces = True
    hanoi_round.save()

    application = services.application_create(
        actor=cast.enterprise_a_user, product=product_a, round=hanoi_round, kind="key"
    )

    assert application.enterprise == cast.enterprise_a


def test_an_enterprise_with_no_known_province_is_taken_only_by_open_admission(cast, product_a, round_setup):
    cast.enterprise_a.province = ""
    cast.enterprise_a.save()
    assert list(open_rounds_for(cast.enterprise_a)) == []
    with pytest.raises(ValidationError):
        services.application_create(
            actor=cast.enterprise_a_user, product=product_a, round=round_setup.round, kind="key"
        )


def test_the_enterprise_is_offered_only_the_rounds_it_may_apply_to(login, cast, product_a, round_setup, hanoi_round):
    assert list(open_rounds_for(cast.enterprise_a)) == [round_setup.round]
    enterprise = login(cast.enterprise_a_user)

    new_page = enterprise.get(reverse("products:application_new")).content.decode()
    assert round_setup.round.title in new_page and hanoi_round.title not in new_page
    empty_list = enterprise.get(reverse("products:my_applications")).content.decode()
    assert round_setup.round.title in empty_list and hanoi_round.title not in empty_list

    response = enterprise.post(
        reverse("products:application_new"),
        {"product": product_a.pk, "round": hanoi_round.pk, "kind": "key"},
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_province_names_as_written_are_matched_to_the_city(cast, round_setup):
    cast.enterprise_a.province = "Thành phố Hồ Chí Minh"
    cast.enterprise_a.save()
    assert list(open_rounds_for(cast.enterprise_a)) == [round_setup.round]


def test_the_admin_sets_admission_and_cannot_withdraw_it_from_dossiers_already_taken(
    login, cast, product_a, hanoi_round
):
    admin = login(cast.admin)
    url = reverse("admin:products_recognitionround_change", args=[hanoi_round.pk])
    assert admin.post(url, admin_form_data(admin.get(url), admits_other_provinces="on")).status_code == 302
    hanoi_round.refresh_from_db()
    assert hanoi_round.admits_other_provinces is True
    services.application_create(actor=cast.enterprise_a_user, product=product_a, round=hanoi_round, kind="key")

    data = admin_form_data(admin.get(url))
    data.pop("admits_other_provinces")
    response = admin.post(url, data)

    assert response.status_code == 200
    assert "không thể thôi nhận doanh nghiệp ở tỉnh, thành phố khác" in response.content.decode()
    hanoi_round.refresh_from_db()
    assert hanoi_round.admits_other_provinces is True


def test_the_admin_can_withdraw_admission_while_only_city_enterprises_applied(login, cast, hanoi):
    hanoi_round = RecognitionRoundFactory(
        program=ProgramFactory(city=hanoi), year=2025, title="Đợt mở rộng", admits_other_provinces=True
    )
    hanoi_enterprise = cast.enterprise_b
    hanoi_enterprise.province = "Hà Nội"
    hanoi_enterprise.save()
    services.application_create(
        actor=cast.enterprise_b_user, product=ProductFactory(enterprise=hanoi_enterprise), round=hanoi_round, kind="key"
    )
    admin = login(cast.admin)
    url = reverse("admin:products_recognitionround_change", args=[hanoi_round.pk])
    data = admin_form_data(admin.get(url))
    data.pop("admits_other_provinces")

    assert admin.post(url, data).status_code == 302
    hanoi_round.refresh_from_db()
    assert hanoi_round.admits_other_provinces is False
