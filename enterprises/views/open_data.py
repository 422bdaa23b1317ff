"""Downloads of the public enterprise directory, filtered exactly as the directory page."""

from django.views.decorators.http import require_GET

from enterprises import exports, selectors
from enterprises.filters import PublicEnterpriseFilter
from programs.views.listing import export_filtered


@require_GET
def directory_export(request, format):
    filterset = PublicEnterpriseFilter(request.GET, queryset=selectors.public_directory())
    return export_filtered(filterset, lambda rows: exports.directory_response(rows, format))
