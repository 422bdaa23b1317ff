"""Property-based API test: requests generated from the OpenAPI schema never meet a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error

from portal.wsgi import application

pytestmark = pytest.mark.django_db

# Bounded so that the whole run stays well under a minute.
BOUNDED = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_generated_requests_meet_no_server_error(world, monkeypatch, keep_test_connection):
    # Hundreds of generated requests; the throttle has its own test.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18  # a list and a detail for each of the nine collections

    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        check()
