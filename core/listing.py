"""List pages: one page of rows and the links to the others, and the filtered rows that a list's CSV/XLSX
export writes. Every paginated list of every app goes through `paginate`.

- A page is `per_page` rows, each list stating its own size; a `page` that is not a number gives the first
  page, one past the end the last (Django's Paginator.get_page).
- The pagination links keep the list's filters: `query_without_page` is the request's query without `page`.
- A filtered list and its export hold the same rows. An invalid filter (a malformed date...) gives no rows on
  the page and a 400 for the export, never the unfiltered list.
"""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse

from core.exports import filter_error_response


def paginate(request, rows, per_page: int) -> Page:
    """The page of `rows` the request asks for (`?page=`)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def filtered_rows(filterset) -> QuerySet:
    """The filtered rows; an invalid filter (a malformed date...) gives no rows rather than being ignored."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def list_context(request, filterset, per_page: int) -> dict:
    """What a list template needs: the filter form, the requested page, and the query for links."""
    return {
        "filter": filterset,
        "page_obj": paginate(request, filtered_rows(filterset), per_page),
        "query": query_without_page(request),
    }


def export_filtered(filterset, respond: Callable[[QuerySet], HttpResponse]) -> HttpResponse:
    """The export of exactly the rows the list shows under the same filters; 400 for an invalid filter."""
    if filterset.is_bound and not filterset.is_valid():
        return filter_error_response()
    return respond(filterset.qs)
