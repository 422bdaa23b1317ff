"""A dossier's written sections: optional notes beside the figures since issue 16 (a dossier is submitted with
every required document and figure, products/dossier.py), each with a bound."""

import pytest
from django.core.exceptions import ValidationError

from core.validation import TEXT_MAX_LENGTH
from products import services
from products.models import Application, ApplicationEvent

S = Application.Status
SECTIONS = ("market_summary", "technical_summary", "social_summary")


@pytest.mark.parametrize("empty", SECTIONS)
@pytest.mark.parametrize("blank", ["", "   \n  "])
def test_the_written_sections_are_optional_notes_beside_the_figures(
    cast, make_application, with_required_documents, empty, blank
):
    # Issue 16: the figures carry the numbers the criteria read; the three sections became optional notes.
    application = with_required_documents(make_application(S.DRAFT, **{empty: blank}))

    services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)

    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert ApplicationEvent.objects.filter(application=application, to_status=S.SUBMITTED).count() == 1


def test_a_supplemented_dossier_is_resubmitted_only_with_every_figure(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.SUPPLEMENT_REQUESTED))
    application.figures.filter(year=2022).update(revenue=None)
    with pytest.raises(ValidationError, match="Số liệu năm 2022: doanh thu"):
        services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.RESUBMITTED)
    application.refresh_from_db()
    assert application.status == S.SUPPLEMENT_REQUESTED


def test_a_complete_dossier_is_submitted(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.DRAFT))
    services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_the_submit_button_says_what_is_missing(client, login, cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.DRAFT))
    application.figures.filter(year=2023).update(workers=None)
    login(cast.enterprise_a_user)
    response = client.post(
        f"/san-pham/ho-so/{application.public_id}/chuyen-trang-thai/",
        {"to_status": S.SUBMITTED, "confirm": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Số liệu năm 2023: số lao động" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_a_section_longer_than_its_bound_is_refused_and_nothing_saved(cast, make_application):
    application = make_application(S.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.application_update(
            actor=cast.enterprise_a_user,
            application=application,
            kind="key",
            market_summary="x" * (TEXT_MAX_LENGTH + 1),
            technical_summary="Dây chuyền mới",
            social_summary="Tái chế",
        )
    assert "market_summary" in error.value.message_dict
    application.refresh_from_db()
    assert application.market_summary == "Doanh thu tăng 12%/năm, xuất khẩu sang Nhật Bản."


def test_the_edit_form_bounds_each_section(client, login, cast, make_application):
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    page = client.get(f"/san-pham/ho-so/{application.public_id}/sua/").content.decode()
    assert f'maxlength="{TEXT_MAX_LENGTH}"' in page
    response = client.post(
        f"/san-pham/ho-so/{application.public_id}/sua/",
        {"kind": "key", "market_summary": "x" * (TEXT_MAX_LENGTH + 1), "technical_summary": "a", "social_summary": "b"},
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.technical_summary != "a"
