from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from products.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ConflictDeclaration,
    CouncilMember,
    Criterion,
    DocumentType,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
    Score,
)
from programs.admin import ProgramDataAdminMixin


@admin.register(Product)
class ProductAdmin(ProgramDataAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "enterprise", "sector", "is_demo", "created_at"]
    list_filter = ["sector", "is_demo"]
    search_fields = ["name", "search_text", "enterprise__name", "enterprise__tax_code"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]


class DocumentTypeInline(admin.TabularInline):
    model = DocumentType
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(RecognitionRound)
class RecognitionRoundAdmin(ProgramDataAdminMixin, admin.ModelAdmin):
    list_display = ["title", "program", "year", "status", "opens_on", "closes_on", "pass_threshold"]
    list_filter = ["status", "program__city", "year"]
    search_fields = ["title"]
    list_select_related = ["program"]
    inlines = [DocumentTypeInline, CriterionInline, CouncilMemberInline]


@admin.register(Recognition)
class RecognitionAdmin(ProgramDataAdminMixin, SimpleHistoryAdmin):
    list_display = ["certificate_number", "product", "kind", "round", "is_first_time", "decision_number", "valid_until"]
    list_filter = ["kind", "is_first_time", "round__program__city", "round__year"]
    search_fields = ["certificate_number", "decision_number", "product__name", "product__enterprise__name"]
    list_select_related = ["product", "round"]
    raw_id_fields = ["product", "application"]


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "note", "created_at", "notified_at"]

    def has_add_permission(self, request, obj=None):
        # Status changes go through the workflow service, never through the admin.
        return False


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    readonly_fields = ["document_type", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    exclude = ["file"]

    def has_add_permission(self, request, obj=None):
        # Uploads must pass the content checks of the upload service.
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["product", "enterprise", "round", "kind", "status", "score_average", "score_count", "updated_at"]
    list_filter = ["status", "kind", "round__program__city", "round"]
    search_fields = ["product__name", "enterprise__name", "enterprise__tax_code", "public_id"]
    list_select_related = ["product", "enterprise", "round"]
    raw_id_fields = ["product", "enterprise", "created_by"]
    # The status only moves through products.services.application_transition (lock, table, event, email).
    readonly_fields = ["public_id", "status", "score_average", "score_count", "submitted_at", "decided_at"]
    inlines = [ApplicationDocumentInline, ApplicationEventInline]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "actor", "created_at", "notified_at"]
    list_filter = ["to_status"]
    list_select_related = ["application__product", "application__round", "actor"]
    readonly_fields = ["application", "from_status", "to_status", "actor", "note", "created_at", "notified_at"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "order", "is_required"]
    list_filter = ["round", "is_required"]
    list_select_related = ["round"]


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "application", "document_type", "content_type", "size", "uploaded_at"]
    list_select_related = ["application__product", "application__round", "document_type"]
    readonly_fields = ["public_id", "sha256", "size", "content_type", "original_name", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["application"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "round", "title"]
    list_filter = ["round"]
    list_select_related = ["user", "round"]
    raw_id_fields = ["user"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["member", "application", "declared_at"]
    list_select_related = ["member__user", "member__round", "application__product", "application__round"]
    raw_id_fields = ["member", "application"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "order", "max_points"]
    list_filter = ["round"]
    list_select_related = ["round"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "member", "criterion", "points", "scored_at"]
    list_filter = ["member__round"]
    list_select_related = ["application__product", "application__round", "member__user", "member__round", "criterion"]
    raw_id_fields = ["application", "member"]


@admin.register(PublicComment)
class PublicCommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "application", "created_at"]
    search_fields = ["author_name", "author_email", "body"]
    list_select_related = ["application__product", "application__round"]
    readonly_fields = ["created_at"]
