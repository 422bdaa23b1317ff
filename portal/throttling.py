"""The API's anonymous rate limit counts requests in the cache (Redis). If Redis is away, the public read-only
API keeps answering without the limit rather than failing every request with a 500.

Every throttle counts the client by `core.clientip.client_ip`, the rule django-axes uses too, and not by
DRF's own reading of X-Forwarded-For (NUM_PROXIES), so that there is one rule for who is asking."""

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle

from core.clientip import client_ip

logger = logging.getLogger(__name__)


class ClientIpMixin:
    """A throttle's identity of an anonymous client: its address by the portal's one rule."""

    def get_ident(self, request) -> str:
        return client_ip(request)


class CacheTolerantAnonRateThrottle(ClientIpMixin, AnonRateThrottle):
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError as error:
            logger.warning("Cache unreachable, API rate limit skipped: %s", error)
            return True
