"""Reads for enterprise pages, shaped so that a template never queries per row."""

import re

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from core import permissions
from core.text import query_words, ranked, search_document, search_rank, words_condition
from enterprises.models import (
    AccountRequest,
    Certification,
    Enrollment,
    Enterprise,
    EnterpriseImport,
    Participation,
    Sector,
)

SEARCH_TEXT_MAX = Enterprise._meta.get_field("search_text").max_length
SECTOR_LABELS = dict(Sector.choices)

# What anyone may read about an enterprise. Contact details, the representative and staff notes are
# private; they are never loaded for public pages, so a template cannot show them by mistake.
PUBLIC_FIELDS = (
    "id",
    "public_id",
    "tax_code",
    "name",
    "english_name",
    "province",
    "district",
    "ownership",
    "sector",
    "sme_size",
    "website",
)


def enterprise_search_text(enterprise) -> str:
    """The stored search document (core/text.py) of an enterprise: its names; its sector; its district and
    tax code as place words, matched only whole (the province has a filter of its own)."""
    with translation.override(settings.LANGUAGE_CODE):
        sector = str(SECTOR_LABELS.get(enterprise.sector, ""))
    return search_document(
        [enterprise.name, enterprise.english_name],
        [sector],
        [enterprise.district, enterprise.tax_code],
        max_length=SEARCH_TEXT_MAX,
    )


def search_enterprises(queryset: QuerySet[Enterprise], query: str) -> QuerySet[Enterprise]:
    """Every word of the query among the enterprise's words, accents and case aside; names first."""
    words = query_words(query)
    if not words:
        return queryset
    condition = words_condition(words, ["search_text"])
    digits = re.sub(r"[\s.-]", "", query)
    if digits.isdigit():  # a tax code typed as "0100233488-001", or its first digits
        condition |= Q(tax_code__startswith=digits[:14])
    return ranked(queryset.filter(condition), search_rank("search_text", words))


# --- Public fields -----------------------------------------------------------------------------------


def _public_certifications() -> Prefetch:
    return Prefetch(
        "certifications", queryset=Certification.objects.only("id", "enterprise_id", "standard", "other_name")
    )


def public_enterprises() -> QuerySet[Enterprise]:
    """Enterprises with their public fields and certifications only; the public site adds what other apps
    know of them (public/selectors.py)."""
    return Enterprise.objects.only(*PUBLIC_FIELDS).prefetch_related(_public_certifications())


# --- Private reads -----------------------------------------------------------------------------------


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """The enterprises `user` may read in full, private fields included (core.permissions)."""
    return permissions.enterprises_visible_to(user, Enterprise.objects.all())


def get_own_enterprise(user) -> Enterprise | None:
    if not permissions.is_enterprise_member(user):
        return None
    return enterprise_with_details(Enterprise.objects.filter(pk=user.enterprise_id)).first()


def staff_enterprise_list(user) -> QuerySet[Enterprise]:
    return (
        enterprises_visible_to(user)
        .annotate(
            enrollment_count=Count("enrollments", distinct=True),
            participation_count=Count("participations", distinct=True),
        )
        .order_by("name", "id")
    )  # Meta.ordering does not apply to grouped queries


def enterprise_with_details(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return queryset.prefetch_related(
        "certifications",
        "awards",
        Prefetch("enrollments", queryset=Enrollment.objects.select_related("program__city")),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("activity__program").order_by("-activity__start_date"),
        ),
    )


def enterprise_details_for_user(user) -> QuerySet[Enterprise]:
    return enterprise_with_details(enterprises_visible_to(user))


def enterprise_accounts(enterprise: Enterprise):
    return enterprise.users.order_by("date_joined").only("id", "username", "email", "first_name", "last_name")


# --- Account requests --------------------------------------------------------------------------------


def account_requests_for_reviewer(user) -> QuerySet[AccountRequest]:
    """Requests `user` may decide: those of their city's enterprises, and tax codes not yet registered."""
    queryset = AccountRequest.objects.select_related("user")
    return permissions.account_requests_reviewable_by(user, queryset, Enterprise.objects.all())


def pending_account_requests(user) -> list[AccountRequest]:
    """Pending requests, each with `.enterprise` set to the registered enterprise of its tax code (or None)."""
    requests = list(account_requests_for_reviewer(user).filter(status=AccountRequest.Status.PENDING))
    by_code = Enterprise.objects.only("id", "public_id", "tax_code", "name", "province").in_bulk(
        {r.tax_code for r in requests}, field_name="tax_code"
    )
    for account_request in requests:
        account_request.enterprise = by_code.get(account_request.tax_code)
    return requests


def account_request_of(user) -> AccountRequest | None:
    return AccountRequest.objects.filter(user=user).first()


# --- Imports -----------------------------------------------------------------------------------------


def imports_for_user(user) -> QuerySet[EnterpriseImport]:
    """An import's report is for the staff member who uploaded it (and administrators)."""
    return permissions.imports_visible_to(user, EnterpriseImport.objects.all())


def recent_imports(user, limit: int = 10) -> list[EnterpriseImport]:
    return list(EnterpriseImport.objects.filter(uploaded_by=user).defer("errors")[:limit])
