"""Admin and filter labels in the user's language: every model and field named in Vietnamese, with its English
translation; every filter's empty choice reads "Tất cả" ("All"), never "---------"."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from tests.factories import ProgramFactory, RecognitionFactory, RecognitionRoundFactory

PORTAL_APPS = ("programs", "enterprises", "products", "reports", "portal")
VIETNAMESE_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
# Fields never shown in a form or a list (internal bookkeeping); and Django's own, translated by Django.
UNLABELLED = {
    ("reports", "Report", "data_stamp"),
    ("reports", "Report", "claim_token"),
    ("reports", "ReportDocument", "verify_token"),
}
DJANGO_LABELLED = {"id", "password", "last_login", "is_superuser", "username", "email", "is_staff", "is_active",
                   "date_joined", "groups", "user_permissions"}  # fmt: skip


@pytest.fixture(autouse=True)
def _language_restored():
    # A request in English leaves English active in the thread; later tests read messages in Vietnamese.
    with translation.override(translation.get_language()):
        yield


def _models():
    """The portal's models the admin shows."""
    for model in apps.get_models():
        if model._meta.app_label in PORTAL_APPS and admin.site.is_registered(model):
            yield model


def _fields(model):
    for field in model._meta.get_fields():
        if (field.concrete or field.many_to_many) and not field.auto_created:
            key = (model._meta.app_label, model.__name__, field.name)
            if key not in UNLABELLED and field.name not in DJANGO_LABELLED:
                yield field


def test_every_model_and_field_has_a_vietnamese_label():
    unnamed = []
    with translation.override("vi"):
        for model in _models():
            if str(model._meta.verbose_name) == re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower():
                unnamed.append(model.__name__)
            for field in _fields(model):
                if str(field.verbose_name) == field.name.replace("_", " "):
                    unnamed.append(f"{model.__name__}.{field.name}")
    assert unnamed == []


def test_every_label_is_translated_to_english():
    untranslated = []
    with translation.override("en"):
        for model in _models():
            labels = [("", model._meta.verbose_name), ("", model._meta.verbose_name_plural)]
            labels += [(field.name, field.verbose_name) for field in _fields(model)]
            for name, label in labels:
                if VIETNAMESE_LETTERS.search(str(label)):
                    untranslated.append(f"{model.__name__}.{name}: {label}")
    assert untranslated == []


@pytest.fixture
def pages(db, cast, hcm):
    round = RecognitionRoundFactory(program=ProgramFactory(city=hcm), year=2024)
    RecognitionFactory(round=round, product__enterprise=cast.enterprise_a)
    return [
        (None, reverse("products:registry")),
        (None, reverse("enterprises:directory")),
        (None, reverse("programs:public_tasks")),
        (cast.staff_hcm, reverse("programs:tasks")),
        (cast.staff_hcm, reverse("enterprises:staff_list")),
        (cast.staff_hcm, reverse("products:staff_applications")),
    ]


@pytest.mark.parametrize(("language", "empty"), [("vi", "Tất cả"), ("en", "All")])
def test_filter_selects_offer_all_instead_of_dashes(client, pages, settings, language, empty):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for user, url in pages:
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(url).content.decode()
        assert "---------" not in html, url
        assert f'<option value="" selected>{empty}</option>' in html, url
