"""Filtered lists shared by every list page and its CSV/XLSX export, in this app and the ones above it."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse

from programs.exports import filter_error_response


def filtered_rows(filterset) -> QuerySet:
    """The filtered rows; an invalid filter (a malformed date...) gives no rows rather than being ignored."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def list_context(request, filterset, per_page: int) -> dict:
    """What a list template needs: the filter form, the requested page, and the query for links."""
    return {
        "filter": filterset,
        "page_obj": Paginator(filtered_rows(filterset), per_page).get_page(request.GET.get("page")),
        "query": query_without_page(request),
    }


def export_filtered(filterset, respond: Callable[[QuerySet], HttpResponse]) -> HttpResponse:
    """The export of exactly the rows the list shows under the same filters; 400 for an invalid filter."""
    if filterset.is_bound and not filterset.is_valid():
        return filter_error_response()
    return respond(filterset.qs)
