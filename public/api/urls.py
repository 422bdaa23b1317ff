"""The open-data API, version 1: read-only, paginated, filterable, throttled for anonymous callers.

The OpenAPI schema is at /api/v1/schema/ and the documentation at /api/v1/docs/ (Swagger UI), served from
this site (drf-spectacular-sidecar), nothing from a CDN, and within the site's content security policy.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from public.api.enterprises import PublicEnterpriseViewSet
from public.api.products import RecognisedProductViewSet
from public.api.programs import IndicatorValueViewSet, IndicatorViewSet, ProgramViewSet, TaskGroupViewSet, TaskViewSet
from public.api.rounds import RecognitionViewSet, RoundViewSet

router = DefaultRouter()
router.register("programs", ProgramViewSet, basename="program")
router.register("task-groups", TaskGroupViewSet, basename="task-group")
router.register("tasks", TaskViewSet, basename="task")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("recognised-products", RecognisedProductViewSet, basename="recognised-product")
router.register("rounds", RoundViewSet, basename="round")
router.register("recognitions", RecognitionViewSet, basename="recognition")
router.register("enterprises", PublicEnterpriseViewSet, basename="enterprise")

app_name = "api"


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """An address the router does not know (a slug with a dot, a path with a slash in an id...)."""
    return JsonResponse({"detail": gettext("Không tìm thấy.")}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a separate file, so the page needs no inline script;
    # its template drops the inline <style> block too. The CSP stays as strict here as on every page.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="public/api_docs.html",
            # The page title follows the reader's language; the schema keeps the title of SPECTACULAR_SETTINGS.
            title=_("Dữ liệu mở — Chương trình hỗ trợ công nghiệp"),
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    # Any other address under the API answers as the API does: a JSON 404, never the site's HTML page.
    re_path(r"^(?P<rest>.+)$", api_not_found, name="not-found"),
]
