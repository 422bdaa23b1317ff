from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
