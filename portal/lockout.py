"""Sign-in lockouts: django-axes' lock on a username from one address, plus a lock on the address itself.

Axes counts failures per username + address, so one address trying a few passwords on each of many accounts
(password spraying) is never slowed. Its own AXES_FAILURE_LIMIT is one number for every lockout parameter, and
a limit of five per address would lock a whole office behind one NAT after five typos. So the address has a
limit of its own, AXES_ADDRESS_FAILURE_LIMIT, counted from the same records axes keeps (its AccessAttempt rows
of the address, within the cool-off): nothing new to store, and it holds with the cache away.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(request) -> int:
    """Failed sign-ins from the request's address, across every username, within the cool-off."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    cool_off = get_cool_off(request)
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _address_over_limit(request) -> bool:
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    if not limit or address_failures(request) < limit:
        return False
    # Read by the lockout page, which then speaks of the address rather than of one account.
    request.axes_address_limit = limit
    return True


class PortalAxesHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return settings.AXES_LOCK_OUT_AT_FAILURE and _address_over_limit(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return
        if self.is_whitelisted(request, credentials) or not _address_over_limit(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
