from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from core.admin import HistoryAdmin, year_column
from core.provinces import canonical_province
from enterprises.models import (
    AccountRequest,
    Award,
    Certification,
    Enrollment,
    Enterprise,
    EnterpriseImport,
    Participation,
    SupportActivity,
)


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class AwardAdminForm(forms.ModelForm):
    """The admin records an award by the service's rules (enterprises.services.award_check): the fixed name and
    required decision of Thương hiệu Vàng TP.HCM, no year or decision in the future, one such award a year."""

    CHECKED = ("kind", "name", "year", "category", "decision_number", "decision_date")

    class Meta:
        model = Award
        fields = ["enterprise", "kind", "name", "year", "category", "decision_number", "decision_date", "is_demo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False  # Thương hiệu Vàng TP.HCM has its name; the check asks for others'

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        from enterprises.services import award_check

        enterprise = data.get("enterprise") or getattr(self.instance, "enterprise", None)
        award = Award(
            pk=self.instance.pk,
            enterprise_id=getattr(enterprise, "pk", None) or self.instance.enterprise_id,
            **{
                name: data.get(name) if data.get(name) is not None else ""
                for name in ("kind", "name", "category", "decision_number")
            },
            year=data.get("year"),
            decision_date=data.get("decision_date"),
        )
        try:
            award_check(award)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        data.update({name: getattr(award, name) for name in ("name", "category", "decision_number")})
        return data


class AwardInline(admin.TabularInline):
    model = Award
    form = AwardAdminForm
    extra = 0


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["program"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["enterprise"]


@admin.register(Enterprise)
class EnterpriseAdmin(HistoryAdmin):
    list_display = ["name", "tax_code", "province", "district", "sector", "sme_size", "ownership", "is_demo"]
    list_filter = ["province", "sector", "sme_size", "ownership", "is_demo"]
    search_fields = ["name", "tax_code", "english_name", "search_text"]
    readonly_fields = ["public_id", "sme_size", "created_at", "updated_at"]
    inlines = [CertificationInline, AwardInline, EnrollmentInline]
    list_per_page = 50
    # As on the portal's profile forms: a web address typed without a scheme is read as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        # As the services write it: the province under its canonical name (staff scopes and the directory's
        # filter read it), and the derived columns (SME size, search text) computed again.
        from enterprises.services import derive_fields

        obj.province = canonical_province(obj.province)
        derive_fields(obj)
        super().save_model(request, obj, form, change)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "program", "enrolled_on"]
    list_filter = ["program"]
    search_fields = ["enterprise__name", "enterprise__tax_code"]
    autocomplete_fields = ["enterprise", "program"]
    list_select_related = ["enterprise", "program"]


@admin.register(SupportActivity)
class SupportActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "kind", "start_date", "location"]
    list_filter = ["program", "kind"]
    search_fields = ["title", "organizer", "location"]
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]
    list_select_related = ["program"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "activity", "became_supplier"]
    list_filter = ["became_supplier", "activity__kind", "activity__program"]
    search_fields = ["enterprise__name", "enterprise__tax_code", "activity__title"]
    autocomplete_fields = ["enterprise", "activity"]
    list_select_related = ["enterprise", "activity"]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "standard", "other_name", "valid_until"]
    list_filter = ["standard"]
    search_fields = ["enterprise__name", "enterprise__tax_code", "other_name"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["enterprise"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    form = AwardAdminForm
    list_display = ["name", year_column(Award, "year"), "kind", "category", "decision_number", "enterprise", "is_demo"]
    list_filter = ["kind", "year", "is_demo"]
    search_fields = ["name", "enterprise__name", "enterprise__tax_code"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["enterprise"]


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "tax_code", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "tax_code"]
    readonly_fields = ["public_id", "user", "tax_code", "status", "reason", "decided_by", "decided_at", "created_at"]
    list_select_related = ["user", "decided_by"]

    def has_add_permission(self, request):
        # Requests come from the sign-up page and are decided on the verification page.
        return False


@admin.register(EnterpriseImport)
class EnterpriseImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "row_count", "created_count", "updated_count", "uploaded_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in EnterpriseImport._meta.fields]

    def has_add_permission(self, request):
        return False
