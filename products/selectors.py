"""Reads of the products app. Protected objects are read through querysets scoped to the user by
core/permissions.py; the view answers 404 for anything outside them, exactly as for a missing id."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.text import query_words, ranked, search_document, search_rank, words_condition
from enterprises.models import Sector
from products.eligibility import rounds_admitting
from products.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ConflictDeclaration,
    CouncilMember,
    DocumentType,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
    Score,
)
from programs.models import IssuingBody, Program, Signer

SEARCH_TEXT_MAX = Product._meta.get_field("search_text").max_length
SECTOR_LABELS = dict(Sector.choices)

S = Application.Status


# ---------------------------------------------------------------- public registry


def _of_published_programs(queryset: QuerySet) -> QuerySet:
    """Rows of the rounds of published programmes (Program.objects.published()): what the public may see."""
    return queryset.filter(round__program__in=Program.objects.published())


def registry_recognitions() -> QuerySet[Recognition]:
    return _of_published_programs(
        Recognition.objects.select_related("product__enterprise", "round__program__city")
    ).order_by("-round__year", "product_name", "id")


def product_search_text(*, name: str, description: str, sector: str) -> str:
    """The stored search document (core/text.py) of a product: its name; its description and sector."""
    with translation.override(settings.LANGUAGE_CODE):
        sector_label = str(SECTOR_LABELS.get(sector, ""))
    return search_document([name], [description, sector_label], max_length=SEARCH_TEXT_MAX)


def search_products(queryset: QuerySet, query: str, *, product: str = "product__") -> QuerySet:
    """Rows of a product (recognitions, applications) with every word of the query among the product's words
    or in its enterprise's name, accents and case aside; the product's name first. Never the enterprise's
    district: "nhua" does not find a product made in Phú Nhuận."""
    words = query_words(query)
    if not words:
        return queryset
    documents = [f"{product}search_text", (f"{product}enterprise__search_text", True)]
    condition = words_condition(words, documents)
    return ranked(queryset.filter(condition), search_rank(f"{product}search_text", words))


def search_recognitions(queryset: QuerySet[Recognition], query: str) -> QuerySet[Recognition]:
    """As search_products, over the product and enterprise as they were recognised (products/certified.py)."""
    words = query_words(query)
    if not words:
        return queryset
    condition = words_condition(words, ["search_text", ("enterprise_search_text", True)])
    return ranked(queryset.filter(condition), search_rank("search_text", words))


def search_applications(queryset: QuerySet[Application], query: str) -> QuerySet[Application]:
    return search_products(queryset, query)


def get_recognition_for_verification(*, public_id=None, number: str = "") -> Recognition | None:
    """The certificate of a published programme with this public id, or else this number; None if there is none."""
    queryset = _of_published_programs(Recognition.objects.select_related("product__enterprise", "round__program__city"))
    if public_id is not None:
        return queryset.filter(public_id=public_id).first()
    if number.strip():
        return queryset.filter(certificate_number=number.strip()).first()
    return None


def applications_in_public_comment() -> QuerySet[Application]:
    return (
        _of_published_programs(Application.objects.filter(status=S.PUBLIC_COMMENT))
        .select_related("product", "enterprise", "round__program__city")
        .order_by("comment_closes_on", "id")
    )


# ---------------------------------------------------------------- scoping (core/permissions.py)
# Each read below is a queryset already scoped to the user; the views answer 404 for what it leaves out.


def council_scope(user) -> Q:
    """The dossiers a council member reads as a member: of their rounds, from the council stage on."""
    return permissions.council_scope(user, Application)


def applications_visible_to(user) -> QuerySet[Application]:
    """Enterprise: its own. Staff: submitted dossiers of their city's programs. Council: their rounds' dossiers
    from the council stage on (a dossier under staff review is not theirs yet). Drafts stay private to the
    enterprise."""
    return permissions.applications_visible_to(user, Application.objects.all())


def applications_for_user(user) -> QuerySet[Application]:
    """The dossiers `user` opens, shaped for the dossier's page."""
    return applications_visible_to(user).select_related("product", "enterprise", "round__program__city")


def council_applications(seat: CouncilMember) -> QuerySet[Application]:
    """The dossiers of the member's round as the council sees them: none before it reaches the council, even for
    a member who is also the city's staff (they read it on the staff pages)."""
    return Application.objects.filter(council_scope(seat.user), round_id=seat.round_id).select_related(
        "product", "enterprise", "round__program__city"
    )


def products_for_user(user) -> QuerySet[Product]:
    return permissions.products_visible_to(user, Product.objects.all())


def recognitions_for_user(user) -> QuerySet[Recognition]:
    """Certificates: the owning enterprise's and, for workspace readers (staff, officials, administrators), all."""
    queryset = Recognition.objects.select_related("product__enterprise", "round__program__city")
    return permissions.recognitions_visible_to(user, queryset)


# ---------------------------------------------------------------- lists


def _list_shape(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("product", "enterprise", "round__program__city")


def enterprise_applications(user) -> QuerySet[Application]:
    return _list_shape(applications_visible_to(user)).order_by("-updated_at", "-id")


def enterprise_products(user) -> QuerySet[Product]:
    return products_for_user(user).order_by("name", "id")


def staff_applications(user) -> QuerySet[Application]:
    """The submitted dossiers of the rounds the user reviews: their city's, every one for administrators."""
    queryset = permissions.applications_reviewable_by(user, Application.objects.all())
    return _list_shape(queryset).order_by("-updated_at", "-id")


def overdue_condition(today) -> Q:
    """Dossiers whose current stage passed its deadline (products/dossier.py sets it at each step)."""
    from products.dossier import OPEN_STAGES

    return Q(status__in=OPEN_STAGES, stage_due_on__lt=today)


def with_overdue(queryset: QuerySet[Application], today) -> QuerySet[Application]:
    """The rows with `is_overdue`, for a list that flags them ("Quá hạn")."""
    return queryset.annotate(is_overdue=Case(When(overdue_condition(today), then=Value(True)), default=Value(False)))


def overdue_applications(user, today) -> QuerySet[Application]:
    """The dossiers the user reviews whose stage is overdue, the oldest deadline first."""
    return staff_applications(user).filter(overdue_condition(today)).order_by("stage_due_on", "id")


def open_rounds() -> QuerySet[RecognitionRound]:
    return RecognitionRound.objects.filter(status=RecognitionRound.Status.OPEN).select_related("program__city")


def open_rounds_for(enterprise) -> QuerySet[RecognitionRound]:
    """The open rounds that take this enterprise's dossiers (products/eligibility.py); none without one."""
    if enterprise is None:
        return RecognitionRound.objects.none()
    return open_rounds().filter(rounds_admitting(enterprise))


def staff_rounds(user) -> QuerySet[RecognitionRound]:
    """The rounds whose decision the user takes: their city's, every one for administrators, with their result."""
    rounds = with_results(RecognitionRound.objects.select_related("program__city"))
    return permissions.rounds_editable_by(user, rounds)


def council_seats(user) -> QuerySet[CouncilMember]:
    """The user's council seats, each with its round's result (round_recognition_count, round_result)."""
    return (
        CouncilMember.objects.filter(user=user)
        .select_related("round__program__city")
        .annotate(
            round_recognition_count=_recognition_count("round_id"),
            round_result=_result_state("round_recognition_count", "round__status", "round_id"),
        )
    )


def council_round_applications(seat: CouncilMember) -> QuerySet[Application]:
    """The round's dossiers sent to the council, with whether this member has scored or recused."""
    return (
        _list_shape(
            Application.objects.filter(council_scope(seat.user), round_id=seat.round_id).exclude(status=S.WITHDRAWN)
        )
        .annotate(
            scored_by_me=Exists(Score.objects.filter(application=OuterRef("pk"), member=seat)),
            recused=Exists(
                ConflictDeclaration.objects.filter(application=OuterRef("pk"), member=seat, after_scoring=False)
            ),
        )
        .order_by("product__name", "id")
    )


# ---------------------------------------------------------------- a round's result
# A round shows the result its decision recorded: the products it recognised, or that it recognised none. A round
# with nothing recorded has no result yet ("Chưa có kết quả"), which is not the same as recognising nothing: the
# seeded 2022 round of plan 267 is closed, and the portal holds none of its results.


class RoundResult(models.TextChoices):
    RECOGNISED = "recognised", _("Có sản phẩm được công nhận")
    NONE_RECOGNISED = "none_recognised", _("Không có sản phẩm nào được công nhận")
    NO_RESULT = "no_result", _("Chưa có kết quả")


def _recognition_count(round_ref: str = "pk"):
    """The recognitions of the round: a real round counts its real ones only; a demo round counts its own."""
    counted = (
        Recognition.objects.filter(round=OuterRef(round_ref))
        .filter(Q(is_demo=False) | Q(round__is_demo=True))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


def _result_state(count: str, status: str, round_ref: str):
    # A closed round whose decision refused dossiers and recognised none has a result: no product recognised.
    refused = Application.objects.filter(round=OuterRef(round_ref), status=S.REJECTED, decided_at__isnull=False)
    return Case(
        When(**{f"{count}__gt": 0}, then=Value(RoundResult.RECOGNISED)),
        When(Q(**{status: RecognitionRound.Status.CLOSED}) & Exists(refused), then=Value(RoundResult.NONE_RECOGNISED)),
        default=Value(RoundResult.NO_RESULT),
        output_field=models.CharField(),
    )


def with_results(rounds: QuerySet[RecognitionRound]) -> QuerySet[RecognitionRound]:
    """Rounds with `recognition_count` and `result` (a RoundResult value), for any page that shows a round."""
    return rounds.annotate(
        recognition_count=_recognition_count(), result=_result_state("recognition_count", "status", "pk")
    )


def program_rounds(program: Program) -> list[RecognitionRound]:
    """A programme's rounds, newest first, with their results, in one query."""
    return list(with_results(RecognitionRound.objects.filter(program=program)).order_by("-year", "id"))


# ---------------------------------------------------------------- certificates


def recognition_is_demo(recognition: Recognition) -> bool:
    """Demo when the recognition, its round, its product or the product's enterprise is demo data: its certificate
    and its verification page then say so, and never pass for real."""
    product = recognition.product
    return any((recognition.is_demo, recognition.round.is_demo, product.is_demo, product.enterprise.is_demo))


def recognition_committee(city_id: int) -> IssuingBody | None:
    """The city's Ủy ban nhân dân, whose decision a recognition is; None while it is not configured."""
    return IssuingBody.objects.filter(city_id=city_id, kind=IssuingBody.Kind.COMMITTEE).first()


def active_signers(body: IssuingBody) -> QuerySet[Signer]:
    """The body's active signers, in order: whom a decision may name as its signer."""
    return body.signers.filter(is_active=True).order_by("order", "id")


def active_signer(body: IssuingBody) -> Signer | None:
    """The body's first active signer (by order), or None when none is configured."""
    return active_signers(body).first()


# ---------------------------------------------------------------- a round's published result and its comments


def round_proposed_list(round: RecognitionRound) -> QuerySet[Application]:
    """The round's published list: its dossiers in public comment (or settled from it), in rank order as
    published, then by score."""
    published = (S.PUBLIC_COMMENT, S.RECOGNISED, S.REJECTED)
    return (
        Application.objects.filter(round=round, status__in=published, comment_opens_on__isnull=False)
        .select_related("product", "enterprise")
        .order_by(models.F("rank").asc(nulls_last=True), models.F("score_average").desc(nulls_last=True), "id")
    )


def published_rounds() -> QuerySet[RecognitionRound]:
    """Rounds of published programmes whose result list has been published for comment; also a round whose
    dossiers were published one by one before the round-level comment (their comments stay visible there)."""
    published_one_by_one = Application.objects.filter(round=OuterRef("pk"), comment_opens_on__isnull=False)
    return (
        RecognitionRound.objects.filter(program__in=Program.objects.published())
        .filter(Q(result_published_on__isnull=False) | Exists(published_one_by_one))
        .select_related("program__city")
        .order_by("-result_published_on", "-id")
    )


def round_comments(round: RecognitionRound) -> QuerySet[PublicComment]:
    """Every comment on the round's result, oldest first, with what a row of the staff page shows."""
    return (
        PublicComment.objects.filter(round=round)
        .select_related("application__product", "entered_by", "handled_by")
        .order_by(models.F("received_on").asc(nulls_last=True), "created_at", "id")
    )


def department_of(city_id: int) -> IssuingBody | None:
    """The city's Sở (department): its address takes the paper comments."""
    return IssuingBody.objects.filter(city_id=city_id, kind=IssuingBody.Kind.DEPARTMENT).first()


def recognition_status_changes(recognition: Recognition):
    return recognition.status_changes.select_related("actor").order_by("created_at", "id")


def latest_status_change(recognition: Recognition):
    """The change that put the recognition in its current status (None while it is active as decided)."""
    if recognition.status == Recognition.Status.ACTIVE:
        return None
    return recognition.status_changes.filter(to_status=recognition.status).order_by("-created_at", "-id").first()


# ---------------------------------------------------------------- detail


@dataclass
class DocumentSlot:
    document_type: DocumentType
    documents: list[ApplicationDocument]

    @property
    def limits(self) -> str:
        """The type's kinds of file and size limit, as the upload form names them."""
        from products.services import document_limits_text

        return document_limits_text(self.document_type)


def document_slots(application: Application) -> list[DocumentSlot]:
    """Each document type of the round with the documents uploaded for it, in two queries."""
    types = application.round.document_types.prefetch_related(
        Prefetch(
            "documents",
            queryset=ApplicationDocument.objects.filter(application=application).order_by("uploaded_at", "id"),
            to_attr="uploaded",
        )
    )
    return [DocumentSlot(document_type=t, documents=t.uploaded) for t in types]


def application_events(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("created_at", "id")


def application_comments(application: Application) -> QuerySet[PublicComment]:
    return application.public_comments.order_by("created_at", "id")


def application_conflicts(application: Application) -> QuerySet[ConflictDeclaration]:
    """The conflicts of interest on the dossier: declared by members, or recorded by the staff after scoring."""
    return application.conflicts.select_related("member__user", "recorded_by").order_by("declared_at", "id")


def member_sheet(seat: CouncilMember, application: Application) -> dict[int, object]:
    return dict(Score.objects.filter(member=seat, application=application).values_list("criterion_id", "points"))
