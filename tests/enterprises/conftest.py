import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast's users are created for every test; a deliberately slow hash is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
