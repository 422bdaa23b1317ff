"""Pages anyone may see: the enterprise directory, its downloads, and one enterprise's public record.

Only the directory's public fields are loaded (public/selectors.py): contact details, the representative and
staff notes never reach these pages. The downloads are filtered exactly as the directory page.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.listing import export_filtered, list_context
from enterprises import exports
from enterprises.filters import PublicEnterpriseFilter
from products import catalogue
from public import selectors

DIRECTORY_PER_PAGE = 30


def directory(request):
    filterset = PublicEnterpriseFilter(request.GET, queryset=selectors.public_directory())
    return render(request, "public/enterprise_directory.html", list_context(request, filterset, DIRECTORY_PER_PAGE))


@require_GET
def directory_export(request, format):
    filterset = PublicEnterpriseFilter(request.GET, queryset=selectors.public_directory())
    return export_filtered(filterset, lambda rows: exports.directory_response(rows, format))


def public_detail(request, public_id):
    enterprise = selectors.get_public_enterprise(public_id)
    if enterprise is None:
        raise Http404
    context = {
        "enterprise": enterprise,
        "recognitions": list(selectors.enterprise_recognitions(enterprise)),
        "groups": list(catalogue.enterprise_groups(enterprise)),
    }
    return render(request, "public/enterprise_detail.html", context)
