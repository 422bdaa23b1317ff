"""Where each user starts and which areas of the portal the navigation offers them.

The role predicates and the council-seat checks live in core/permissions.py; this module joins them into the few
answers the site layout needs.

A council seat is not a role: department staff and officials sit on the selection council of a round. An
official whose round is still running starts at their council rounds; staff start at their workspace whatever
seats they hold, and find the council area in the navigation.
"""

from django.urls import reverse

from core import permissions

# The session remembers, from sign-in on, whether the user sits on a council, so that the navigation shown on
# every page costs no query. The "Trang của tôi" link refreshes it.
COUNCIL_SESSION_KEY = "portal_council_member"


def start_page_url(user) -> str:
    """The page a user lands on after signing in, and behind "Trang của tôi"."""
    if permissions.is_admin(user):
        return reverse("programs:overview")
    if permissions.is_department_staff(user):
        return reverse("programs:tasks")
    if permissions.is_official(user):
        if permissions.has_running_council_seat(user):
            return reverse("products:council_rounds")
        return reverse("programs:overview")
    if permissions.is_enterprise_member(user):
        return reverse("products:my_applications")
    if permissions.is_enterprise_user(user):
        # Until staff have verified the account, its profile page says where the request stands.
        return reverse("enterprises:profile")
    return reverse("home")


def remember_council_seat(request) -> None:
    request.session[COUNCIL_SESSION_KEY] = permissions.has_council_seat(request.user)


def shows_council_area(request) -> bool:
    """Whether the navigation offers the council area: read from the session, never from the database."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(request.session.get(COUNCIL_SESSION_KEY, False))
