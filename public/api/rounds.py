"""Open data, read-only: selection rounds and recognitions.

`/rounds/`: the rounds of published programmes once opened (a planned round is staff's draft), each with its call
for applications, its criteria sheet, its timetable and decision, and, once the result list has been published
for comment (result_published_on), the ranked list as published: rank, product, enterprise, the round's result and
whether it is among the Top. Never a member's score, a dossier's content or a draft.

`/recognitions/`: every recognition of a published programme with its status and validity, and each suspension,
revocation or reinstatement with its date, reason and document; never who recorded it.
"""

import django_filters
from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from products.models import Application, Criterion, Recognition, RecognitionRound, RecognitionStatusChange
from products.selectors import registry_recognitions
from programs.models import Program
from public.api.open_data import IdFilter, OpenDataViewSet, documented
from public.api.products import RegistryApiFilter

A = Application.Status
# The dossiers of a published result list: in public comment, or settled from it by the decision.
PUBLISHED_LIST = (A.PUBLIC_COMMENT, A.RECOGNISED, A.REJECTED)

# --- Rounds ------------------------------------------------------------------------------------------


class CallSerializer(serializers.Serializer):
    number = serializers.CharField(source="call_number", help_text="Số thông báo mời nộp hồ sơ")
    date = serializers.DateField(source="call_date", allow_null=True, help_text="Ngày thông báo")
    text = serializers.CharField(source="call_text", help_text="Nội dung thông báo")
    admits_other_provinces = serializers.BooleanField(help_text="Nhận hồ sơ của doanh nghiệp ngoài thành phố")


class TimetableSerializer(serializers.Serializer):
    opens_on = serializers.DateField(allow_null=True, help_text="Ngày mở nhận hồ sơ")
    closes_on = serializers.DateField(allow_null=True, help_text="Hạn nộp hồ sơ")
    review_days = serializers.IntegerField(allow_null=True, help_text="Thời hạn thẩm định (ngày)")
    supplement_days = serializers.IntegerField(allow_null=True, help_text="Thời hạn bổ sung hồ sơ (ngày)")
    scoring_days = serializers.IntegerField(allow_null=True, help_text="Thời hạn chấm điểm (ngày)")
    result_published_on = serializers.DateField(allow_null=True, help_text="Ngày công bố kết quả lấy ý kiến")
    comment_closes_on = serializers.DateField(allow_null=True, help_text="Hạn góp ý kết quả")


class DecisionSerializer(serializers.Serializer):
    body = serializers.CharField(source="decision_body.name", allow_null=True, default=None)
    number = serializers.CharField(source="decision_number")
    date = serializers.DateField(source="decision_date", allow_null=True)


class CriterionSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", allow_null=True, help_text="Mã số (id) tiêu chí cha")

    class Meta:
        model = Criterion
        fields = ["id", "code", "order", "name", "max_points", "parent"]


class ResultRowSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product.name")
    enterprise = serializers.UUIDField(source="enterprise.public_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    score = serializers.DecimalField(
        source="score_average", max_digits=6, decimal_places=2, allow_null=True, help_text="Điểm xét chọn của đợt"
    )
    top = serializers.BooleanField(source="in_top", help_text="Thuộc danh sách sản phẩm tiêu biểu")
    outcome = serializers.ChoiceField(source="status", choices=list(PUBLISHED_LIST), help_text="Tình trạng hồ sơ")

    class Meta:
        model = Application
        fields = ["rank", "product", "enterprise", "enterprise_name", "kind", "score", "top", "outcome"]


class RoundSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    city = serializers.CharField(source="program.city.code", read_only=True)
    call = CallSerializer(source="*", read_only=True)
    timetable = TimetableSerializer(source="*", read_only=True)
    decision = serializers.SerializerMethodField(help_text="Quyết định công nhận; null khi chưa có")
    criteria = CriterionSerializer(source="sheet", many=True, read_only=True)
    result = serializers.SerializerMethodField(
        help_text="Danh sách kết quả đã công bố, theo thứ hạng; null khi chưa công bố"
    )

    class Meta:
        model = RecognitionRound
        fields = [
            "id",
            "program",
            "city",
            "year",
            "title",
            "status",
            "is_historical",
            "pass_threshold",
            "scoring_rule",
            "tie_break",
            "top_size",
            "call",
            "timetable",
            "criteria",
            "decision",
            "result",
        ]

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, round):
        return DecisionSerializer(round).data if round.decision_number else None

    @extend_schema_field(ResultRowSerializer(many=True, allow_null=True))
    def get_result(self, round):
        if round.result_published_on is None:
            return None
        return ResultRowSerializer(round.published_list, many=True).data


class RoundApiFilter(django_filters.FilterSet):
    city = IdFilter(field_name="program__city", help_text="Mã số (id) thành phố")
    program = IdFilter(field_name="program", help_text="Mã số (id) chương trình")
    year = IdFilter(field_name="year", help_text="Năm của đợt")
    status = django_filters.ChoiceFilter(
        choices=[c for c in RecognitionRound.Status.choices if c[0] != RecognitionRound.Status.PLANNED]
    )

    class Meta:
        model = RecognitionRound
        fields = []


def _sheet_order(criteria):
    """The sheet as it is read: each criterion followed by its sub-criteria (1, 1.1, 1.2, 2, 2.1 …)."""
    return criteria.order_by(
        Coalesce("parent__order", "order"),
        Coalesce("parent_id", "id"),
        F("parent_id").asc(nulls_first=True),
        "order",
        "id",
    )


def public_rounds():
    """Opened rounds of published programmes, newest first, each with its sheet and published list prefetched."""
    published_list = (
        Application.objects.filter(status__in=PUBLISHED_LIST, comment_opens_on__isnull=False)
        .select_related("product", "enterprise")
        .only(
            "id",
            "round_id",
            "rank",
            "kind",
            "score_average",
            "in_top",
            "status",
            "product__name",
            "enterprise__public_id",
            "enterprise__name",
        )  # fmt: skip
        .order_by(F("rank").asc(nulls_last=True), F("score_average").desc(nulls_last=True), "id")
    )
    return (
        RecognitionRound.objects.filter(program__in=Program.objects.published())
        .exclude(status=RecognitionRound.Status.PLANNED)
        .select_related("program__city", "decision_body")
        .prefetch_related(
            Prefetch("criteria", queryset=_sheet_order(Criterion.objects.all()), to_attr="sheet"),
            Prefetch("applications", queryset=published_list, to_attr="published_list"),
        )
        .order_by("-year", "id")
    )


@documented
class RoundViewSet(OpenDataViewSet):
    """Đợt xét chọn của các chương trình đã công bố: thông báo, phiếu chấm, thời hạn, quyết định và kết quả đã
    công bố (không có điểm của từng thành viên hội đồng)."""

    serializer_class = RoundSerializer
    filterset_class = RoundApiFilter

    def get_queryset(self):
        return public_rounds()


# --- Recognitions ------------------------------------------------------------------------------------


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecognitionStatusChange
        fields = ["from_status", "to_status", "effective_on", "reason", "decision_number"]


class RecognitionSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product_name", read_only=True)
    sector = serializers.CharField(source="product_sector", read_only=True)
    enterprise = serializers.UUIDField(source="product.enterprise.public_id", read_only=True)
    program = serializers.SlugRelatedField(source="round.program", slug_field="slug", read_only=True)
    city = serializers.CharField(source="round.program.city.code", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True)
    status_changes = StatusChangeSerializer(source="changes", many=True, read_only=True)

    class Meta:
        model = Recognition
        fields = [
            "public_id",
            "certificate_number",
            "product",
            "sector",
            "enterprise",
            "enterprise_name",
            "program",
            "city",
            "year",
            "round",
            "kind",
            "is_first_time",
            "status",
            "decision_body_name",
            "decision_number",
            "decision_date",
            "valid_from",
            "valid_until",
            "logo_use_granted",
            "status_changes",
        ]


class RecognitionApiFilter(RegistryApiFilter):
    status = django_filters.ChoiceFilter(field_name="status", choices=Recognition.Status.choices)


def public_recognitions():
    changes = RecognitionStatusChange.objects.order_by("effective_on", "created_at", "id")
    return registry_recognitions().prefetch_related(Prefetch("status_changes", queryset=changes, to_attr="changes"))


@documented
class RecognitionViewSet(OpenDataViewSet):
    """Công nhận sản phẩm của các chương trình đã công bố: tình trạng, hiệu lực, tạm đình chỉ, thu hồi."""

    serializer_class = RecognitionSerializer
    filterset_class = RecognitionApiFilter
    lookup_field = "public_id"

    def get_queryset(self):
        return public_recognitions()
