"""Who may read and change what: every authorization rule of the portal.

The module reads users and records through their attributes and field lookups only, so that every app may
use it and it imports none of them.

Invariants:

- An anonymous or inactive user holds no role: every predicate answers False, every scope is empty.
- Four roles, read from `user.role`: administrator (or a superuser), department staff (of one city),
  official, enterprise user. A council seat is not a role; it is a record (`user.council_seats`).
- Workspace readers (staff, officials, administrators) read every programme, its tasks, indicators,
  evidence and reports. Officials change nothing.
- `editable_city_ids(user)` is the one staff scope: None means every city (administrators), otherwise a
  frozenset of city ids, which holds the staff member's own city and is empty for everyone else. Every
  decision to change a programme, task, indicator, round, dossier review or enterprise goes through it;
  an enterprise belongs to a city through its province (core/provinces.py).
- An enterprise user reaches only the enterprise their verified account is linked to (`enterprise_id`),
  its products and its dossiers. An unverified account reaches none.
- Drafts are the enterprise's own: no one else reads a dossier before it is submitted.
- A council member reads the dossiers of their rounds from the council stage on, never before.
- How a refusal is answered: the view decorators send an anonymous visitor to the login page and answer
  403 to a signed-in user whose role may not use the page; an object outside the user's scope answers 404
  from the view, exactly as a missing id does (selectors return scoped querysets and never raise Http404);
  services refuse with PermissionDenied through the `require_*` functions.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.provinces import canonical_province, provinces_for_city

# ---------------------------------------------------------------- role predicates


def is_active_user(user) -> bool:
    """Signed in with an account that is not disabled: the condition of every role."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    return is_active_user(user) and user.is_admin_role


def is_department_staff(user) -> bool:
    return is_active_user(user) and user.is_department_staff


def is_official(user) -> bool:
    return is_active_user(user) and user.is_official


def is_enterprise_user(user) -> bool:
    """An enterprise account, verified or not."""
    return is_active_user(user) and user.is_enterprise_user


def is_enterprise_member(user) -> bool:
    """An enterprise account that staff have verified and linked to its enterprise."""
    return is_enterprise_user(user) and user.enterprise_id is not None


def is_staff_member(user) -> bool:
    """Department staff and administrators: those who change records (within `editable_city_ids`) and
    review enterprise accounts."""
    return is_active_user(user) and (user.is_department_staff or user.is_admin_role)


def can_read_workspace(user) -> bool:
    """Staff, officials and administrators read every programme's workspace."""
    return is_active_user(user) and (user.is_department_staff or user.is_official or user.is_admin_role)


def has_council_seat(user) -> bool:
    """Sits on the selection council of any round, past or present: the council area has something to show."""
    return is_active_user(user) and user.council_seats.exists()


def has_running_council_seat(user) -> bool:
    """Sits on the council of a round that is not closed yet."""
    if not is_active_user(user):
        return False
    round_model = user.council_seats.model._meta.get_field("round").related_model
    return user.council_seats.exclude(round__status=round_model.Status.CLOSED).exists()


# ---------------------------------------------------------------- the staff scope


def editable_city_ids(user) -> frozenset[int] | None:
    """The cities whose records `user` may change: None means every city, else a frozenset (possibly empty)."""
    if not is_active_user(user):
        return frozenset()
    if user.is_admin_role:
        return None
    if user.is_department_staff and user.city_id is not None:
        return frozenset({user.city_id})
    return frozenset()


def can_edit_city(user, city_id: int | None) -> bool:
    city_ids = editable_city_ids(user)
    return city_ids is None or (city_id is not None and city_id in city_ids)


def editable_provinces(user) -> frozenset[str] | None:
    """The provinces whose enterprises `user` may change, read from `editable_city_ids`: None means all."""
    city_ids = editable_city_ids(user)
    if city_ids is None:
        return None
    return frozenset(province for code in _city_codes(user, city_ids) for province in provinces_for_city(code))


def _city_codes(user, city_ids: frozenset[int]) -> set[str]:
    if not city_ids:
        return set()
    if city_ids == {user.city_id}:
        return {user.city.code}  # the user's own city, loaded once per request
    city_model = user._meta.get_field("city").related_model
    return set(city_model.objects.filter(pk__in=city_ids).values_list("code", flat=True))


def _in_cities(city_ids: frozenset[int] | None, lookup: str) -> Q:
    """The condition "the record's city (reached through `lookup`) is one of `city_ids`"; None = every city."""
    return Q() if city_ids is None else Q(**{f"{lookup}__in": city_ids})


# ---------------------------------------------------------------- per-object checks


def can_edit_program(user, program) -> bool:
    return can_edit_city(user, program.city_id)


def can_edit_task(user, task) -> bool:
    return can_edit_program(user, task.group.program)


def can_edit_indicator(user, indicator) -> bool:
    return can_edit_program(user, indicator.program)


def can_edit_round(user, round) -> bool:
    return can_edit_program(user, round.program)


def can_edit_province(user, province: str) -> bool:
    provinces = editable_provinces(user)
    return provinces is None or canonical_province(province) in provinces


def can_edit_enterprise(user, enterprise) -> bool:
    """Staff of the enterprise's city and administrators change every field of its record."""
    return can_edit_province(user, enterprise.province)


def owns_enterprise(user, enterprise_id: int | None) -> bool:
    """The verified user of this enterprise: they keep its profile, its products and its dossiers."""
    return is_enterprise_member(user) and user.enterprise_id == enterprise_id


def owns_application(user, application) -> bool:
    return owns_enterprise(user, application.enterprise_id)


def can_review_application(user, application) -> bool:
    """Staff of the round's city (and administrators) review the dossier and take its workflow steps."""
    return can_edit_round(user, application.round)


def is_council_chair(user, round) -> bool:
    """Chairs the round's selection council: they close its scoring and read each member's part."""
    if not is_active_user(user):
        return False
    seats = user.council_seats
    return seats.filter(round_id=round.pk, role=seats.model.Role.CHAIR).exists()


def can_read_score_breakdown(user, round) -> bool:
    """Each member's part of the council's result: the city's staff and the council's chair; the other members
    read their own sheet only."""
    return (is_staff_member(user) and can_edit_round(user, round)) or is_council_chair(user, round)


def can_review_account(user, enterprise) -> bool:
    """Staff decide on accounts of their city's enterprises, and on tax codes not yet registered (None)."""
    return is_staff_member(user) and (enterprise is None or can_edit_enterprise(user, enterprise))


def can_read_report(user, report) -> bool:
    return reports_visible_to(user, type(report).objects.filter(pk=report.pk)).exists()


def report_city_id(report) -> int | None:
    """The city a report speaks for: its programme's, or the summary report's own (None: no city)."""
    return report.program.city_id if report.program_id else report.city_id


def can_issue_report(user, report) -> bool:
    """Staff of the report's city and administrators draft its document, edit it and issue it; a report of no
    city, only administrators. Officials read the draft and change nothing."""
    return is_staff_member(user) and can_edit_city(user, report_city_id(report))


# ---------------------------------------------------------------- queryset scopes


def programs_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Workspace readers see every programme here (the public site has its own published-only reads)."""
    return queryset if can_read_workspace(user) else queryset.none()


def tasks_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Tasks, and the rows hung on a programme for the workspace (indicators, task updates): readers see all."""
    return queryset if can_read_workspace(user) else queryset.none()


def enterprises_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Enterprises whose full record (private fields included) `user` may read: administrators and officials
    every one, staff their city's, an enterprise user their own."""
    if not is_active_user(user):
        return queryset.none()
    if user.is_admin_role or user.is_official:
        return queryset
    if user.is_department_staff:
        return queryset.filter(province__in=editable_provinces(user))
    if user.is_enterprise_user and user.enterprise_id:
        return queryset.filter(pk=user.enterprise_id)
    return queryset.none()


def account_requests_reviewable_by(user, queryset: QuerySet, enterprises: QuerySet) -> QuerySet:
    """Account requests `user` may decide: those of their city's enterprises (among `enterprises`, the
    registry, matched by tax code) and tax codes not yet registered."""
    if not is_staff_member(user):
        return queryset.none()
    provinces = editable_provinces(user)
    if provinces is None:
        return queryset
    registered = enterprises.filter(tax_code=OuterRef("tax_code"))
    return queryset.annotate(registered=Exists(registered)).filter(
        Q(registered=False)
        | Q(registered=True, tax_code__in=registered.filter(province__in=provinces).values("tax_code"))
    )


def imports_visible_to(user, queryset: QuerySet) -> QuerySet:
    """An import's report is for the staff member who uploaded it, and administrators."""
    if not is_staff_member(user):
        return queryset.none()
    return queryset if user.is_admin_role else queryset.filter(uploaded_by=user)


def council_stage(application_model) -> Q:
    """Dossiers that have been sent to the council: from the council stage on, never before. A rejected or
    withdrawn dossier counts only if it reached the council; one refused at the staff review never did."""
    S = application_model.Status
    events = application_model._meta.get_field("events")
    reached = events.related_model.objects.filter(**{events.field.name: OuterRef("pk"), "to_status": S.COUNCIL_SCORING})
    return Q(status__in=(S.COUNCIL_SCORING, S.PUBLIC_COMMENT, S.RECOGNISED)) | (
        Q(status__in=(S.REJECTED, S.WITHDRAWN)) & Exists(reached)
    )


def council_scope(user, application_model) -> Q:
    """The dossiers a council member reads as a member: of their rounds, from the council stage on."""
    return council_stage(application_model) & Q(round_id__in=user.council_seats.values("round_id"))


def applications_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Enterprise: its own, drafts included. Administrators: every submitted dossier. Staff: the submitted
    dossiers of their city's rounds. Council members: their rounds' dossiers from the council stage on."""
    if not is_active_user(user):
        return queryset.none()
    if user.is_enterprise_user:
        if user.enterprise_id is None:
            return queryset.none()
        return queryset.filter(enterprise_id=user.enterprise_id)
    submitted = queryset.exclude(status=queryset.model.Status.DRAFT)
    city_ids = editable_city_ids(user)
    if city_ids is None:
        return submitted
    scope = council_scope(user, queryset.model)
    if city_ids:
        scope |= Q(round__program__city_id__in=city_ids)
    return submitted.filter(scope)


def applications_reviewable_by(user, queryset: QuerySet) -> QuerySet:
    """The submitted dossiers of the rounds `user` reviews (staff pages): no council seat counts here."""
    if not is_active_user(user):
        return queryset.none()
    submitted = queryset.exclude(status=queryset.model.Status.DRAFT)
    return submitted.filter(_in_cities(editable_city_ids(user), "round__program__city_id"))


def rounds_editable_by(user, queryset: QuerySet) -> QuerySet:
    if not is_active_user(user):
        return queryset.none()
    return queryset.filter(_in_cities(editable_city_ids(user), "program__city_id"))


def products_visible_to(user, queryset: QuerySet) -> QuerySet:
    """An enterprise's products are its own: no one else reads them here."""
    if not is_enterprise_member(user):
        return queryset.none()
    return queryset.filter(enterprise_id=user.enterprise_id)


def recognitions_visible_to(user, queryset: QuerySet) -> QuerySet:
    """A certificate's file: the owning enterprise and workspace readers (the public verify page reads the
    published ones on its own)."""
    if is_enterprise_user(user):
        return queryset.filter(product__enterprise_id=user.enterprise_id) if user.enterprise_id else queryset.none()
    return queryset if can_read_workspace(user) else queryset.none()


def reports_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Workspace readers see every report; a verified enterprise user only the finished public ones."""
    if can_read_workspace(user):
        return queryset
    if is_enterprise_member(user):
        return queryset.filter(is_public=True, status=queryset.model.Status.DONE)
    return queryset.none()


# ---------------------------------------------------------------- refusals in services


def require(allowed: bool, message: str = "") -> None:
    """Refuse with PermissionDenied unless `allowed`; the message is for logs and the 403 page."""
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


def require_city_editor(user, city_id: int | None, message: str = "") -> None:
    require(can_edit_city(user, city_id), message)


def require_staff_member(user) -> None:
    require(is_staff_member(user))


def require_workspace_reader(user) -> None:
    require(can_read_workspace(user))


def require_enterprise_owner(user, enterprise_id: int | None) -> None:
    require(owns_enterprise(user, enterprise_id))


def require_enterprise_editor(user, enterprise) -> None:
    require(can_edit_enterprise(user, enterprise))


def require_application_reviewer(user, application) -> None:
    require(can_review_application(user, application))


def require_round_editor(user, round) -> None:
    require(can_edit_round(user, round))


def require_account_reviewer(user, enterprise) -> None:
    require(can_review_account(user, enterprise))


def require_report_issuer(user, report) -> None:
    require(can_issue_report(user, report))


# ---------------------------------------------------------------- view decorators


def role_required(check):
    """A view decorator: anonymous visitors go to the login page, a signed-in user failing `check` gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                # Imported here: the user model reads this module while the apps load, before auth's views can.
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Staff, officials, administrators: read the workspace of every programme.
workspace_required = role_required(can_read_workspace)
# Department staff and administrators: write (the city scope is checked per object).
staff_required = role_required(is_staff_member)
# Enterprise users whose account staff have verified.
enterprise_required = role_required(is_enterprise_member)
# Any enterprise account, verified or not (its profile page says where verification stands).
enterprise_account_required = role_required(is_enterprise_user)
