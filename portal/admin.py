from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import User

admin.site.site_header = _("Quản trị Cổng chương trình hỗ trợ công nghiệp")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Dữ liệu cổng thông tin")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "full_name", "role", "city", "enterprise", "is_active", "last_login")
    list_filter = ("role", "city", "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name", "claimed_tax_code", "enterprise__name")
    list_select_related = ("city", "enterprise")
    raw_id_fields = ("enterprise",)
    # Names in Vietnamese order: the family and middle names (họ và tên đệm) before the given name (tên).
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (DjangoUserAdmin.fieldsets[1][0], {"fields": ("last_name", "first_name", "email")}),
        *DjangoUserAdmin.fieldsets[2:],
        (_("Vai trò trên cổng"), {"fields": ("role", "city", "enterprise", "claimed_tax_code", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Vai trò trên cổng"), {"fields": ("role", "city", "enterprise")}),
    )

    @admin.display(description=_("họ và tên"), ordering="last_name")
    def full_name(self, user) -> str:
        return user.get_full_name()
