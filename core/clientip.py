"""The one rule for who is asking: the client's address as every limit of the portal counts it.

django-axes (sign-in lockouts), the API throttles and the public comment limit all read `client_ip`.

Without a proxy (TRUSTED_PROXY_COUNT = 0) the address is the connection's, REMOTE_ADDR, and any
X-Forwarded-For a client sends is ignored: it is only text the client wrote. Behind N trusted proxies
(docker-compose ships nginx, so 1), each proxy appends the address it received the connection from, so the
client is the N-th entry from the right of X-Forwarded-For; whatever lies further left was written by the
client and is not believed. A header shorter than the chain, or an entry that is not an address, means the
request did not come through the proxies as configured, and the connection's address counts.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _address(hops[-proxies]) or remote
