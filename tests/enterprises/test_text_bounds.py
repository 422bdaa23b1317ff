"""A refusal's reason is bounded in the model; the service refuses a longer one and decides nothing."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.models import REJECT_REASON_MAX_LENGTH, AccountRequest
from enterprises.services import account_reject, account_signup
from tests.conftest import PASSWORD


def test_a_refusal_reason_longer_than_its_bound_is_refused(cast):
    user = account_signup(email="binh@dongtien.vn", tax_code="0301234562", password=PASSWORD, full_name="Trần Bình")
    with pytest.raises(ValidationError) as error:
        account_reject(actor=cast.staff_hcm, user=user, reason="x" * (REJECT_REASON_MAX_LENGTH + 1))
    assert "reason" in error.value.message_dict
    assert AccountRequest.objects.get(user=user).status == AccountRequest.Status.PENDING
