"""The admin of the products app: a window on the same rules as the portal.

Records that the workflow writes (applications and their events, documents, council scores, conflict
declarations, recognitions decided on the portal) are shown, not edited: their derived state (an
application's status and average, a recognition's validity) changes only through products.services. A
round's scoring sheet and pass mark, and the members who have scored, are fixed once the council has scored.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance
from django.utils import timezone
from django.utils.translation import gettext as _

from core.admin import HistoryAdmin, ReadOnlyAdminMixin, year_column
from products import decision, rounds, services
from products.certified import CERTIFIED_FIELDS, certified_fields
from products.eligibility import check_admission_change
from products.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ConflictDeclaration,
    CouncilMember,
    Criterion,
    DocumentType,
    Product,
    ProductCatalogue,
    ProductGroup,
    ProductGroupMember,
    PublicComment,
    Recognition,
    RecognitionImport,
    RecognitionRound,
    RoundEvent,
    Score,
)
from products.selectors import product_search_text


@admin.register(Product)
class ProductAdmin(HistoryAdmin):
    list_display = ["name", "enterprise", "sector", "is_demo", "created_at"]
    list_filter = ["sector", "is_demo"]
    search_fields = ["name", "search_text", "enterprise__name", "enterprise__tax_code"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]

    def save_model(self, request, obj, form, change):
        # The search text follows the name, as product_create and product_update keep it.
        obj.search_text = product_search_text(name=obj.name, description=obj.description, sector=obj.sector)
        super().save_model(request, obj, form, change)


class ScoredRoundInlineMixin:
    """A round's scoring sheet is fixed once a council member has scored one of its applications."""

    def _open(self, obj) -> bool:
        return obj is None or not services.scoring_started(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._open(obj) and super().has_delete_permission(request, obj)


class RoundRulesForm(forms.ModelForm):
    """A model form that also runs a products.rounds check on its instance, as the portal's services do."""

    check = None

    def _post_clean(self):
        # Before the model's own validation: its constraints would answer a second chair with a generic message.
        if not self.errors:
            construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            try:
                type(self).check(self.instance)
            except ValidationError as exc:
                self._update_errors(exc)
                return
        super()._post_clean()


class DocumentTypeForm(RoundRulesForm):
    check = staticmethod(rounds.document_type_check)


class CriterionForm(RoundRulesForm):
    check = staticmethod(rounds.criterion_check)


class CouncilMemberForm(RoundRulesForm):
    check = staticmethod(lambda member: rounds.council_member_check(member, member.round))


class DocumentTypeInline(admin.TabularInline):
    model = DocumentType
    form = DocumentTypeForm
    extra = 0


class SheetInlineMixin(ScoredRoundInlineMixin):
    """The criteria sheet is published with the round's call: it changes only while the round is planned (and no
    one has scored), as on the portal (products.rounds)."""

    def _open(self, obj) -> bool:
        return obj is None or rounds.sheet_editable(obj)


class CriterionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        chosen = [f.cleaned_data.get("parent") for f in self.forms if getattr(f, "cleaned_data", None)]
        for parent in chosen:
            if parent is not None and parent.round_id != self.instance.pk:
                raise ValidationError(_("Tiêu chí cha không thuộc phiếu chấm của đợt này."))


class CriterionInline(SheetInlineMixin, admin.TabularInline):
    model = Criterion
    form = CriterionForm
    formset = CriterionFormSet
    extra = 0
    fk_name = "round"


class CouncilFormSet(BaseInlineFormSet):
    """A member who has scored stays on the council as they are: their scores weigh on the stored averages. The
    council has one chair."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if getattr(f, "cleaned_data", None) and not self._should_delete_form(f)]
        if sum(1 for f in kept if f.cleaned_data.get("role") == CouncilMember.Role.CHAIR) > 1:
            raise ValidationError(_("Hội đồng đã có chủ tịch: mỗi hội đồng chỉ có một chủ tịch."))
        for form in self.initial_forms:
            member = form.instance
            leaving = self._should_delete_form(form) or "user" in form.changed_data
            if leaving and member.scores.exists():
                raise ValidationError(
                    _("%(member)s đã chấm điểm hồ sơ của đợt này: không thể bỏ hoặc thay thành viên này.")
                    % {"member": member.user.get_full_name() or member.user.username}
                )


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    form = CouncilMemberForm
    formset = CouncilFormSet
    extra = 0
    raw_id_fields = ["user"]


ROUND_YEAR = year_column(RecognitionRound, "year")


class RecognitionRoundForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # Who may apply is read by application_create (products/eligibility.py): dossiers already taken stay valid.
        check_admission_change(self.instance, admits_other_provinces=cleaned.get("admits_other_provinces", False))
        self._check_status(cleaned)
        return cleaned

    def _check_status(self, cleaned):
        """A round is created planned and opened as round_open opens it; its later steps (closing, extending) are
        taken on the portal's round pages, where each is recorded."""
        if "status" not in self.fields:
            return
        before = self.instance.status if self.instance.pk else RecognitionRound.Status.PLANNED
        after = cleaned.get("status")
        if after == before:
            return
        if self.instance.pk is None or after != RecognitionRound.Status.OPEN:
            raise ValidationError(
                {
                    "status": _(
                        "Đợt mới ở trạng thái “Chưa mở”; mở, kết thúc và gia hạn nhận hồ sơ trên trang quản lý đợt "
                        "của cổng để mỗi bước được ghi lại."
                    )
                }
            )
        rounds.check_opening_dates(
            opens_on=cleaned.get("opens_on"),
            closes_on=cleaned.get("closes_on"),
            call_number=cleaned.get("call_number", ""),
            call_date=cleaned.get("call_date"),
            today=timezone.localdate(),
        )
        errors = rounds.round_open_errors(self.instance)
        if errors:
            raise ValidationError(errors)


@admin.register(RecognitionRound)
class RecognitionRoundAdmin(admin.ModelAdmin):
    form = RecognitionRoundForm
    list_display = [
        "title",
        "program",
        ROUND_YEAR,
        "status",
        "admits_other_provinces",
        "opens_on",
        "closes_on",
        "pass_threshold",
    ]
    list_filter = ["status", "admits_other_provinces", "program__city", "year"]
    search_fields = ["title"]
    list_select_related = ["program"]
    inlines = [DocumentTypeInline, CriterionInline, CouncilMemberInline]

    def _identity_fixed(self, obj) -> bool:
        # Certificate numbers and first-time recognitions are read from the round's program and year.
        return obj is not None and obj.applications.exists()

    def get_exclude(self, request, obj=None):
        return ["year"] if self._identity_fixed(obj) else []

    def get_readonly_fields(self, request, obj=None):
        fixed = ["copied_from"]
        if self._identity_fixed(obj):
            fixed += ["program", ROUND_YEAR]
        if obj is not None and services.scoring_started(obj):
            fixed += list(rounds.SCORING_SETTINGS)
        if obj is not None and obj.status != RecognitionRound.Status.PLANNED:
            # Closed and extended through products.rounds, which records each step.
            fixed += ["status", "opens_on", "closes_on", "call_number", "call_date"]
        return fixed

    def save_model(self, request, obj, form, change):
        if not change and obj.valid_years is None:
            obj.valid_years = obj.program.recognition_valid_years
        super().save_model(request, obj, form, change)
        if not change:
            RoundEvent.objects.create(round=obj, kind=RoundEvent.Kind.CREATED, actor=request.user)
        elif "status" in form.changed_data and obj.status == RecognitionRound.Status.OPEN:
            RoundEvent.objects.create(
                round=obj,
                kind=RoundEvent.Kind.OPENED,
                actor=request.user,
                note=_("Thông báo số %(number)s") % {"number": obj.call_number},
                closes_on_after=obj.closes_on,
            )


@admin.register(Recognition)
class RecognitionAdmin(HistoryAdmin):
    """Recognitions decided on the portal are shown as decided. A recognition recorded before the portal may be
    entered and corrected here; whether it is a first recognition is read from the product's earlier ones."""

    list_display = [
        "certificate_number",
        "product_name",
        "enterprise_name",
        "kind",
        "round",
        "is_first_time",
        "status",
        "decision_number",
        "valid_until",
    ]
    list_filter = ["kind", "is_first_time", "status", "round__program__city", "round__year"]
    search_fields = ["certificate_number", "decision_number", "product_name", "enterprise_name"]
    list_select_related = ["round"]
    raw_id_fields = ["product"]
    # What the recognition certifies is copied from the product when it is recorded (products/certified.py).
    # Its status changes only through products/lifecycle.py (the staff's page per recognition), never here.
    readonly_fields = ["public_id", "application", "is_first_time", "status", "renewal_reminded_at", *CERTIFIED_FIELDS]
    # A revert would bring back an old first-time flag or link; corrections go through the change form.
    revert_allowed = False

    def has_change_permission(self, request, obj=None) -> bool:
        return (obj is None or obj.application_id is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return (obj is None or obj.application_id is None) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.is_first_time = decision.is_first_time(obj.product, obj.round)
        if not change or "product" in form.changed_data:
            # Recorded for this product now; later edits of the product leave these as they are.
            for name, value in certified_fields(obj.product).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)


class ApplicationEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "note", "created_at", "notified_at"]


class ApplicationDocumentInline(ReadOnlyAdminMixin, admin.TabularInline):
    # Uploads pass the content checks of the upload service; files are downloaded from the portal.
    model = ApplicationDocument
    extra = 0
    readonly_fields = ["document_type", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Applications are written by the enterprise and moved by products.services (lock, workflow table, event,
    e-mail); their status, average and dates are derived from that history."""

    list_display = ["product", "enterprise", "round", "kind", "status", "score_average", "score_count", "updated_at"]
    list_filter = ["status", "kind", "round__program__city", "round"]
    search_fields = ["product__name", "enterprise__name", "enterprise__tax_code", "public_id"]
    list_select_related = ["product", "enterprise", "round"]
    inlines = [ApplicationDocumentInline, ApplicationEventInline]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "actor", "created_at", "notified_at"]
    list_filter = ["to_status"]
    list_select_related = ["application__product", "application__round", "actor"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    form = DocumentTypeForm
    list_display = ["name", "round", "order", "is_required"]
    list_filter = ["round", "is_required"]
    list_select_related = ["round"]


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "application", "document_type", "content_type", "size", "uploaded_at"]
    list_select_related = ["application__product", "application__round", "document_type"]
    exclude = ["file"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    form = CouncilMemberForm
    list_display = ["user", "round", "title"]
    list_filter = ["round"]
    list_select_related = ["user", "round"]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.scores.exists():
            return ["round", "user"]
        return []

    def has_delete_permission(self, request, obj=None) -> bool:
        return (obj is None or not obj.scores.exists()) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Deleting in bulk would take scored members' scores with them; members leave one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # Declared by the member during scoring (conflict_declare, which also removes their scores and recomputes
    # the average), or recorded by the city's staff after scoring (conflict_record, which leaves the result).
    list_display = ["member", "application", "declared_at", "after_scoring", "recorded_by"]
    list_filter = ["after_scoring"]
    list_select_related = [
        "member__user",
        "member__round",
        "application__product",
        "application__round",
        "recorded_by",
    ]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    form = CriterionForm
    list_display = ["name", "round", "order", "max_points"]
    list_filter = ["round"]
    list_select_related = ["round"]

    def has_add_permission(self, request) -> bool:
        # A criterion is added on its round's page, where the sheet is fixed once scoring has started.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return (obj is None or rounds.sheet_editable(obj.round)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return (obj is None or rounds.sheet_editable(obj.round)) and super().has_delete_permission(request, obj)


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # Saved by council_scores_save (products/scoring.py), which recomputes the application's result; never edited
    # here. The score the figures suggested is kept beside the member's.
    list_display = ["application", "member", "criterion", "points", "suggested_points", "scored_at"]
    list_filter = ["member__round"]
    list_select_related = ["application__product", "application__round", "member__user", "member__round", "criterion"]


@admin.register(PublicComment)
class PublicCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Comments arrive on the round's public result page or are entered by staff from paper, and are answered or
    noted on the round's comment page (products/comments.py): the admin only shows them."""

    list_display = ["author_name", "round", "application", "channel", "received_on", "handling", "created_at"]
    list_filter = ["channel", "handling", "round__program__city"]
    search_fields = ["author_name", "author_email", "body"]
    list_select_related = ["round", "application__product", "application__round"]


# ---------------------------------------------------------------- the city's catalogue and past decision lists


class ProductGroupInline(admin.TabularInline):
    model = ProductGroup
    extra = 0
    fields = ["order", "kind", "name", "description"]


@admin.register(ProductCatalogue)
class ProductCatalogueAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "decision_number", "decision_date", "stated_enterprises"]
    list_filter = ["city"]
    search_fields = ["title", "decision_number"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProductGroupInline]


@admin.register(ProductGroupMember)
class ProductGroupMemberAdmin(admin.ModelAdmin):
    """Members are listed by the staff page's service in the portal; here a model's own rules (one listing per
    group and enterprise, a bounded note) hold as well."""

    list_display = ["enterprise", "group", "is_demo"]
    list_filter = ["group__catalogue", "group", "is_demo"]
    search_fields = ["enterprise__name", "enterprise__tax_code", "group__name"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["enterprise", "group"]


@admin.register(RecognitionImport)
class RecognitionImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "program", "row_count", "created_by", "created_at"]
    readonly_fields = ["original_name", "program", "row_count", "created_by", "created_at"]
    list_select_related = ["program", "created_by"]

    def has_add_permission(self, request):
        # A list is loaded on the staff page (products/history.py), all rows or none.
        return False
