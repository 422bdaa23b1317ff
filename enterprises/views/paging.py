from django.core.paginator import Page, Paginator

PAGE_SIZE = 30


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page, and the query string without `page` for the pagination links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
