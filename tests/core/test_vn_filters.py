"""The Vietnamese formatting filters: a moment is dated in the portal's time zone."""

import datetime

from django.template import Context, Template
from django.utils import timezone


def test_a_moment_is_dated_in_vietnam_not_in_utc(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    # 23:30 UTC on 1 December is 06:30 on 2 December in Việt Nam.
    moment = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)
    rendered = Template("{% load vn %}{{ moment|vn_date }} {{ day|vn_date }}").render(
        Context({"moment": moment, "day": datetime.date(2026, 12, 1)})
    )
    assert rendered == "02/12/2026 01/12/2026"
    assert timezone.localtime(moment).date() == datetime.date(2026, 12, 2)
