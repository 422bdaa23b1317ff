"""A report's period is bounded like every date of the portal."""

import pytest
from django.utils import translation

from reports.forms import ReportRequestForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", ["9999", "9999-12", "1900-Q1", "2024-01-01..9999-12-31"])
def test_a_period_outside_the_portals_dates_is_refused(period):
    with translation.override("vi"):
        form = ReportRequestForm({"kind": "progress", "period": period})
        assert not form.is_valid()
        assert form.errors["period"] == ["Ngày phải trong khoảng từ 01/01/1990 đến 31/12/2100."]


@pytest.mark.parametrize("period", ["2024", "2024-03", "2024-Q1", "2024-01-01..2024-03-31"])
def test_a_period_within_them_is_taken(period):
    form = ReportRequestForm({"kind": "progress", "period": period})
    assert form.is_valid(), form.errors
