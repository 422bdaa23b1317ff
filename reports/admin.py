from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reports import services
from reports.models import DocumentRegister, Report, ReportDocument


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "city",
        "include_demo",
        "period_start",
        "period_end",
        "status",
        "is_public",
        "requested_by",
        "created_at",
    )
    list_filter = ("kind", "status", "is_public", "include_demo", "program", "city")
    search_fields = ("program__title", "fingerprint", "public_id")
    list_select_related = ("program", "city", "requested_by")
    date_hierarchy = "created_at"
    # A report's program, kind and period are what its file and fingerprint were made from.
    readonly_fields = (
        "public_id",
        "program",
        "city",
        "kind",
        "include_demo",
        "period_start",
        "period_end",
        "status",
        "progress",
        "file",
        "page_count",
        "annex_pdf",
        "annex_xlsx",
        "annex_page_count",
        "fingerprint",
        "template_version",
        "requested_by",
        "error",
        "attempts",
        "worker",
        "created_at",
        "enqueued_at",
        "started_at",
        "finished_at",
    )
    fields = ("is_public", "expires_at", *readonly_fields)
    actions = ("make_public", "make_private", "retry_failed")

    def has_add_permission(self, request):
        # Reports are requested from the reports pages, where the fingerprint and the job are set up.
        return False

    @admin.action(description=_("Công khai cho doanh nghiệp"))
    def make_public(self, request, queryset):
        for report in queryset:
            services.report_set_public(report=report, is_public=True)

    @admin.action(description=_("Thôi công khai"))
    def make_private(self, request, queryset):
        for report in queryset:
            services.report_set_public(report=report, is_public=False)

    @admin.action(description=_("Tạo lại các báo cáo bị lỗi"))
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=Report.Status.FAILED))
        for report in failed:
            services.report_retry(user=request.user, report=report)
        count = len(failed)
        self.message_user(
            request,
            ngettext("Đã đưa %(n)d báo cáo vào hàng đợi.", "Đã đưa %(n)d báo cáo vào hàng đợi.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(ReportDocument)
class ReportDocumentAdmin(admin.ModelAdmin):
    """Drafted, issued and signed on the reports pages (reports/issuance.py): here they are only read. An issued
    document's file and register number never change."""

    list_display = ("__str__", "state", "body", "year", "issued_on", "signer_name", "report")
    list_filter = ("state", "body", "year")
    search_fields = ("number", "signer_name", "sha256", "public_id")
    list_select_related = ("body", "report", "report__program")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentRegister)
class DocumentRegisterAdmin(admin.ModelAdmin):
    """The last number each body gave each year, moved only by an issue that commits."""

    list_display = ("body", "year", "last_number")
    list_filter = ("body",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
