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
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("trang-cua-toi/", views.start_page, name="start_page"),
    # Password reset by e-mail and password change: Django's views and tokens, the portal's templates. The
    # change pages have template names of their own: the admin's password change uses Django's default ones.
    path("mat-khau/quen/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mat-khau/quen/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mat-khau/dat-lai/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mat-khau/dat-lai/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "mat-khau/doi/",
        auth_views.PasswordChangeView.as_view(template_name="registration/change_password_form.html"),
        name="password_change",
    ),
    path(
        "mat-khau/doi/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/change_password_done.html"),
        name="password_change_done",
    ),
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
