"""Who may reach which part of the portal. Every app's views use these, so the rules live in one place.

Roles: department staff (scoped to one city), officials (read every program), enterprise users (their own
enterprise only), administrators. Anonymous visitors are sent to the login page; a logged-in user
without the role gets 403. Objects that belong to someone are looked up through helpers that answer 404
for anything not theirs, exactly as for a missing id.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_read_workspace(user) -> bool:
    return user.is_authenticated and user.can_read_workspace


def is_staff_member(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_department_staff or user.is_admin_role)


def is_enterprise_member(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_enterprise_user and user.enterprise_id is not None


# Staff, officials, administrators: read the workspace of every program.
workspace_required = _role_required(can_read_workspace)
# Department staff and administrators: write (city scope is checked per object).
staff_required = _role_required(is_staff_member)
# Enterprise users whose account staff have verified.
enterprise_required = _role_required(is_enterprise_member)
