from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from enterprises.views import open_data as enterprise_open_data
from portal import views

# A database outage answers the 503 maintenance page, not a 500 (portal/errors.py).
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    re_path(
        r"^doanh-nghiep/xuat\.(?P<format>csv|xlsx)$",
        enterprise_open_data.directory_export,
        name="enterprise_directory_export",
    ),
    path("doanh-nghiep/", include("enterprises.urls")),
    path("san-pham/", include("products.urls")),
    path("chuong-trinh/", include("programs.urls")),
    path("bao-cao/", include("reports.urls")),
    path("api/v1/", include("portal.api")),
]

# Uploaded files (evidence, dossiers, reports) are never served from MEDIA_URL: each has an authorised
# download view that checks who asks.
