"""Vietnamese names read family name first: "Nguyễn Văn Hùng", never "Hùng Nguyễn Văn"."""

import datetime

import pytest
from django.urls import reverse

from programs.services import task_update_record
from tests.factories import ProgramFactory, TaskFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(
    ("first_name", "last_name", "full_name"),
    [
        ("Hùng", "Nguyễn Văn", "Nguyễn Văn Hùng"),
        ("Lan", "", "Lan"),
        ("", "Trần", "Trần"),
        ("Trần Thị Bình", "", "Trần Thị Bình"),  # as sign-up stores the whole name
        (" Hùng ", " Nguyễn Văn ", "Nguyễn Văn Hùng"),
        ("", "", ""),
    ],
)
def test_full_name_puts_the_family_name_first(first_name, last_name, full_name):
    user = UserFactory.build(first_name=first_name, last_name=last_name)
    assert user.get_full_name() == full_name
    assert user.get_short_name() == first_name


def test_pages_print_names_in_vietnamese_order(client, hcm):
    staff = UserFactory(username="canbo.hung", role="staff", city=hcm, first_name="Hùng", last_name="Nguyễn Văn")
    task = TaskFactory(group=TaskGroupFactory(program=ProgramFactory(city=hcm)))
    task_update_record(task=task, actor=staff, date=datetime.date(2024, 1, 5), status="in_progress", progress=10)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(reverse("programs:task_detail", args=[task.public_id])).content.decode()

    assert "Nguyễn Văn Hùng" in html
    assert "Hùng Nguyễn Văn" not in html


def test_the_user_admin_lists_and_asks_names_in_vietnamese_order(client, hcm):
    admin = UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)
    user = UserFactory(username="canbo.hung", role="staff", city=hcm, first_name="Hùng", last_name="Nguyễn Văn")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")

    listing = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert "Nguyễn Văn Hùng" in listing and "Hùng Nguyễn Văn" not in listing
    assert "Họ và tên" in listing

    form = client.get(reverse("admin:portal_user_change", args=[user.pk])).content.decode()
    assert form.index('name="last_name"') < form.index('name="first_name"')
    assert "Họ và tên đệm" in form
