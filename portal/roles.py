"""Where each user starts and which areas of the portal the navigation offers them.

The role predicates themselves live on the user (`portal.models.User`) and the per-app access rules beside each
app (`programs/access.py`); this module joins them into the few answers the site layout needs. It sits in
`portal`, above every app, because a council seat is a `products` record.

A council seat is not a role: department staff and officials sit on the selection council of a round. An
official whose round is still running starts at their council rounds; staff start at their workspace whatever
seats they hold, and find the council area in the navigation.
"""

from django.urls import reverse

from products.models import CouncilMember, RecognitionRound

# The session remembers, from sign-in on, whether the user sits on a council, so that the navigation shown on
# every page costs no query. The "Trang của tôi" link refreshes it.
COUNCIL_SESSION_KEY = "portal_council_member"


def has_council_seat(user) -> bool:
    """Sits on the selection council of any round, past or present: the council area has something to show."""
    return user.is_authenticated and user.is_active and CouncilMember.objects.filter(user=user).exists()


def has_running_council_seat(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and CouncilMember.objects.filter(user=user).exclude(round__status=RecognitionRound.Status.CLOSED).exists()
    )


def start_page_url(user) -> str:
    """The page a user lands on after signing in, and behind "Trang của tôi"."""
    if not user.is_authenticated or not user.is_active:
        return reverse("home")
    if user.is_admin_role:
        return reverse("programs:overview")
    if user.is_department_staff:
        return reverse("programs:tasks")
    if user.is_official:
        if has_running_council_seat(user):
            return reverse("products:council_rounds")
        return reverse("programs:overview")
    if user.is_enterprise_user:
        # Until staff have verified the account, its profile page says where the request stands.
        if user.enterprise_id is not None:
            return reverse("products:my_applications")
        return reverse("enterprises:profile")
    return reverse("home")


def remember_council_seat(request) -> None:
    request.session[COUNCIL_SESSION_KEY] = has_council_seat(request.user)


def shows_council_area(request) -> bool:
    """Whether the navigation offers the council area: read from the session, never from the database."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(request.session.get(COUNCIL_SESSION_KEY, False))
