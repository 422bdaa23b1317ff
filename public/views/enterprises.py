"""Pages anyone may see: the enterprise directory, its downloads, and one enterprise's public record.

Only the directory's public fields are loaded (public/selectors.py): contact details, the representative and
staff notes never reach these pages. The downloads are filtered exactly as the directory page.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from enterprises import exports
from enterprises.filters import PublicEnterpriseFilter
from enterprises.views.paging import paginate
from programs.views.listing import export_filtered
from public import selectors


def directory(request):
    filterset = PublicEnterpriseFilter(request.GET, queryset=selectors.public_directory())
    enterprises = filterset.qs if filterset.is_valid() else selectors.public_directory().none()
    page, query = paginate(request, enterprises)
    return render(request, "public/enterprise_directory.html", {"filter": filterset, "page_obj": page, "query": query})


@require_GET
def directory_export(request, format):
    filterset = PublicEnterpriseFilter(request.GET, queryset=selectors.public_directory())
    return export_filtered(filterset, lambda rows: exports.directory_response(rows, format))


def public_detail(request, public_id):
    enterprise = selectors.get_public_enterprise(public_id)
    return render(request, "public/enterprise_detail.html", {"enterprise": enterprise})
