"""What every open-data API view shares: its pages, its typed filters, its error answers and their documentation.

The published OpenAPI schema is a contract: every answer a view can give is documented with its body, and a
parameter admits exactly the values the view accepts. A parameter sent empty (`?status=`) is the same as one
left out, as the public pages' filter forms send it; the schema says so with `allowEmptyValue`.
"""

import django_filters
from django import forms
from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from drf_spectacular.utils import extend_schema_view as _extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# Integer ids are PostgreSQL integers: larger values can name nothing.
MAX_ID = 2**31 - 1

# --- Error bodies ------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The body of a 404 (nothing at this address, or no such page) and of a 429 (too many requests)."""

    detail = serializers.CharField(help_text="Lý do, bằng ngôn ngữ của người gọi")


class ParameterErrorsSerializer(serializers.Serializer):
    """The body of a 400: each refused query parameter with its messages, `{"status": ["…"]}`."""


class ParameterErrorsExtension(OpenApiSerializerExtension):
    """Its keys are the names of the refused parameters: an object of string lists, not fixed fields."""

    target_class = ParameterErrorsSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Tham số bị từ chối và thông báo lỗi của từng tham số",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "minProperties": 1,
        }


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Số giây cần chờ trước khi gọi lại",
)
_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Không có đối tượng này (hoặc chưa công bố)")
_THROTTLED = OpenApiResponse(ErrorSerializer, description="Quá nhiều yêu cầu từ một địa chỉ; chờ Retry-After giây")
_LIST_ERRORS = {
    400: OpenApiResponse(ParameterErrorsSerializer, description="Một tham số lọc hoặc phân trang không hợp lệ"),
    404: OpenApiResponse(ErrorSerializer, description="Trang vượt quá số trang của danh sách"),
    429: _THROTTLED,
}


def documented(viewset):
    """Documents, on a read-only open-data viewset, every answer besides 200 that its list and detail give."""
    serializer = viewset.serializer_class
    return _extend_schema_view(
        list=extend_schema(responses={200: serializer, **_LIST_ERRORS}, parameters=[RETRY_AFTER]),
        retrieve=extend_schema(responses={200: serializer, 404: _NOT_FOUND, 429: _THROTTLED}, parameters=[RETRY_AFTER]),
    )(viewset)


# --- Pages -------------------------------------------------------------------------------------------


class OpenDataPagination(PageNumberPagination):
    """Numbered pages of 50 rows (`page_size` up to 100). A page or size that is not a whole number in bounds is
    refused with 400, never read as page 1; a page after the last is 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def _number(self, request, name: str, max_value: int | None = None) -> int | None:
        field = forms.IntegerField(required=False, min_value=1, max_value=max_value)
        try:
            return field.clean(request.query_params.get(name, ""))
        except forms.ValidationError as error:
            raise ValidationError({name: list(error.messages)}) from None

    def get_page_size(self, request) -> int:
        return self._number(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def get_page_number(self, request, paginator) -> int:
        number = self._number(request, self.page_query_param) or 1
        if number > max(paginator.num_pages, 1):
            raise NotFound(
                gettext("Không có trang %(page)d: danh sách có %(pages)d trang.")
                % {"page": number, "pages": max(paginator.num_pages, 1)}
            )
        return number

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "allowEmptyValue": True,
                "description": "Số trang, từ 1",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "allowEmptyValue": True,
                "description": f"Số dòng mỗi trang, từ 1 đến {self.max_page_size} (mặc định {self.page_size})",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = OpenDataPagination


# --- Typed filters -----------------------------------------------------------------------------------


class IdFilter(django_filters.NumberFilter):
    """An integer id from 1. An id that names nothing (or nothing published) filters to an empty list; anything
    that is not such an id is refused with 400, as the schema says."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
        extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})(self)


class _TrueFalseField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.pop("widget", None)
        super().__init__(choices=[("true", "true"), ("false", "false")], coerce=lambda v: v == "true", **kwargs)


class StrictBooleanFilter(django_filters.BooleanFilter):
    """`true` or `false`, nothing else: the pages' BooleanFilter reads any other value as no filter."""

    field_class = _TrueFalseField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extend_schema_field(OpenApiTypes.BOOL)(self)


def document_query_parameters(result, generator, request, public):
    """Post-processing hook of the schema: say what the filters accept besides their declared type.

    Every optional query parameter may be sent empty (it then does not filter); a free-text parameter
    accepts any text but the NUL character, which Django's form fields refuse.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query" or parameter.get("required"):
                    continue
                parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not ({"enum", "format", "pattern"} & set(schema)):
                    schema["pattern"] = r"^[^\x00]*$"
    _link_lists_to_details(result.get("paths", {}))
    return result


def _link_lists_to_details(paths: dict) -> None:
    """Each row of a list carries the key of its detail (`/tasks/` → `/tasks/{public_id}/`): an OpenAPI link says
    so, for readers of the schema and for the tools that follow it."""
    for path, operations in paths.items():
        detail = next((p for p in paths if p.startswith(path + "{") and p.count("/") == path.count("/") + 1), None)
        if detail is None or "get" not in operations or "get" not in paths[detail]:
            continue
        key = detail[len(path) + 1 : detail.index("}")]
        links = operations["get"]["responses"]["200"].setdefault("links", {})
        links["detail"] = {
            "operationId": paths[detail]["get"]["operationId"],
            "parameters": {key: f"$response.body#/results/0/{key}"},
            "description": "Trang chi tiết của dòng đầu tiên",
        }
