"""Who is asking is decided by one rule (core.clientip.client_ip): the connection's address, or behind the
configured number of trusted proxies the address that many hops from the right of X-Forwarded-For. The API's
anonymous throttle counts by it, so a client cannot reset its allowance by writing a new header each time."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.throttling import AnonRateThrottle

from core.clientip import client_ip

API = "/api/v1/programs/"


def _ip(settings, proxies, remote="198.51.100.7", forwarded=None):
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "198.51.100.7"),
        (0, "203.0.113.5", "198.51.100.7"),  # no proxy: the header is the client's own text
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # left of the proxy's entry: written by the client
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "  ", "198.51.100.7"),  # shorter than the chain: not through the proxy
        (2, "203.0.113.5", "198.51.100.7"),
        (1, "not-an-address", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_follows_the_trusted_proxy_count(settings, proxies, forwarded, expected):
    assert _ip(settings, proxies, forwarded=forwarded) == expected


def test_axes_reads_the_same_rule(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert get_client_ip_address(request) == client_ip(request) == "203.0.113.5"


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def _get(client, **meta):
    return client.get(API, HTTP_ACCEPT="application/json", **meta).status_code


@pytest.mark.django_db
def test_without_a_proxy_a_new_forwarded_header_does_not_reset_the_throttle(client, settings, three_a_minute):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [_get(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_one_proxy_the_right_most_hop_is_the_client(client, settings, three_a_minute):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # The client varies what it writes to the left; the proxy's entry on the right stays its address.
    statuses = [_get(client, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5", **proxy) for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another client behind the same proxy has an allowance of its own.
    assert _get(client, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy) == 200
