from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import enterprises.urls
import products.urls
import programs.urls
import public.urls
from portal import views

# A database outage answers the 503 maintenance page, not a 500 (portal/errors.py).
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += [
    *public.urls.home_patterns,
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
    # The public site's pages share each domain app's namespace and prefix (public/urls.py says in which order).
    *public.urls.enterprise_export_patterns,
    path(
        "doanh-nghiep/",
        include(
            (
                public.urls.enterprise_patterns + enterprises.urls.urlpatterns + public.urls.enterprise_detail_patterns,
                "enterprises",
            )
        ),
    ),
    path("san-pham/", include((public.urls.product_patterns + products.urls.urlpatterns, "products"))),
    path("chuong-trinh/", include((programs.urls.urlpatterns + public.urls.program_patterns, "programs"))),
    path("bao-cao/", include("reports.urls")),
    path("api/v1/", include("public.api.urls")),
    path("", include((public.urls.public_patterns, "public"))),
]

# Uploaded files (evidence, dossiers, reports) are never served from MEDIA_URL: each has an authorised
# download view that checks who asks.
