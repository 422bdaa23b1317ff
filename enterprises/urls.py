from django.urls import path

from enterprises.views import awards, imports, profile, signup, staff

app_name = "enterprises"

urlpatterns = [
    # The directory (public/urls.py) comes first, at the bare address.
    path("dang-ky/", signup.signup, name="signup"),
    # The enterprise's own profile
    path("ho-so/", profile.profile, name="profile"),
    path("ho-so/<uuid:public_id>/sua/", profile.profile_edit, name="profile_edit"),
    # Department staff
    path("quan-ly/", staff.staff_list, name="staff_list"),
    path("quan-ly/them/", staff.staff_create, name="staff_create"),
    path("quan-ly/nhap-excel/", imports.import_upload, name="import_upload"),
    path("quan-ly/nhap-excel/mau.xlsx", imports.import_template, name="import_template"),
    path("quan-ly/nhap-excel/<uuid:public_id>/loi.xlsx", imports.import_report, name="import_report"),
    path("quan-ly/<uuid:public_id>/", staff.staff_detail, name="staff_detail"),
    path("quan-ly/<uuid:public_id>/sua/", staff.staff_edit, name="staff_edit"),
    path("quan-ly/<uuid:public_id>/giai-thuong/", awards.award_add, name="award_add"),
    path("quan-ly/<uuid:public_id>/giai-thuong/<int:award_id>/xoa/", awards.award_remove, name="award_remove"),
    path("tai-khoan-cho-xac-minh/", staff.verify_accounts, name="verify_accounts"),
    path("tai-khoan-cho-xac-minh/<uuid:public_id>/xac-minh/", staff.account_verify, name="account_verify"),
    path("tai-khoan-cho-xac-minh/<uuid:public_id>/tu-choi/", staff.account_reject, name="account_reject"),
    # An enterprise's public record (public/urls.py) comes last: a bare UUID.
]
