"""Downloads of the public registry, filtered exactly as the registry page."""

from django.views.decorators.http import require_GET

from products import exports, selectors
from products.filters import RegistryFilter
from programs.views.listing import export_filtered


@require_GET
def registry_export(request, format):
    recognition_filter = RegistryFilter(request.GET or None, queryset=selectors.registry_recognitions())
    return export_filtered(recognition_filter, lambda rows: exports.registry_response(rows, format))
