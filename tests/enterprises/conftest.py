import itertools

import pytest
from stdnum.vn import mst

from enterprises.models import Enterprise
from enterprises.services import build_search_text


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast's users are created for every test; a deliberately slow hash is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _valid_hcm_tax_codes():
    for serial in itertools.count(1000):
        body = f"03{serial:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:  # bodies whose check digit would be 10 have no valid MST
            yield body + check


_HCM_TAX_CODES = []
_HCM_SOURCE = _valid_hcm_tax_codes()


def hcm_tax_code(n: int) -> str:
    """The n-th valid MST with the HCMC prefix 03."""
    while len(_HCM_TAX_CODES) <= n:
        _HCM_TAX_CODES.append(next(_HCM_SOURCE))
    return _HCM_TAX_CODES[n]


@pytest.fixture
def cast(cast):
    """The shared cast, with tax codes that are always valid MSTs (sign-up and import check them)."""
    for enterprise, code in ((cast.enterprise_a, "0301234562"), (cast.enterprise_b, "0312345673")):
        enterprise.tax_code = code
        enterprise.search_text = build_search_text(enterprise)
        Enterprise.objects.filter(pk=enterprise.pk).update(tax_code=code, search_text=enterprise.search_text)
    return cast
