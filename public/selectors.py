"""Reads for the public site, public fields only: what each programme promised and how far it got, the
enterprise directory, and what the domain apps know of each other's records there.

The public app sits above every domain app, so these reads import their models directly. Each loads only
public columns: a template cannot show a private one by mistake.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from enterprises.models import Enterprise, SupportActivity
from enterprises.selectors import public_enterprises
from products.models import Product, Recognition
from products.selectors import program_rounds, registry_recognitions
from programs.models import Program, Task
from programs.selectors import ProgramDashboard, program_dashboard, program_overview_list, task_list
from programs.standing import ProgramStanding


@dataclass
class PublicProgram:
    dashboard: ProgramDashboard
    activities: list
    recognitions: list
    rounds: list

    @property
    def participation_count(self) -> int:
        return sum(a.participation_count for a in self.activities)

    @property
    def supplier_count(self) -> int:
        return sum(a.supplier_count for a in self.activities)


def program_activities(program: Program) -> list:
    """Support activities of the program, newest first, with participation counts, in one query."""
    return list(
        SupportActivity.objects.filter(program=program)
        .only("public_id", "program_id", "kind", "title", "start_date", "end_date", "location", "organizer")
        .annotate(
            participation_count=Count("participations"),
            supplier_count=Count("participations", filter=Q(participations__became_supplier=True)),
        )
        .order_by("-start_date", "title")
    )


def program_recognitions(program: Program) -> list:
    """Products recognised in the program's rounds, with the enterprise's name only, in one query."""
    return list(
        Recognition.objects.filter(round__program=program)
        .select_related("product__enterprise", "round")
        .only(
            "public_id",
            "kind",
            "certificate_number",
            "valid_until",
            "round__year",
            "product_name",
            "product_sector",
            "enterprise_name",
            "product__enterprise__public_id",
        )
        .order_by("-round__year", "product_name")
    )


def public_programs() -> QuerySet[Program]:
    """Programs the public sees (Program.objects.published(): everything but drafts)."""
    return Program.objects.published().select_related("city")


def public_program_overviews() -> list[ProgramStanding]:
    """The home page's cards: published programmes only, each with its progress."""
    return program_overview_list(public_programs())


def get_public_program(slug: str) -> Program | None:
    """The published programme with this slug; None if there is none (the view answers 404)."""
    return public_programs().filter(slug=slug).first()


def public_program_page(program: Program, today: datetime.date | None = None) -> PublicProgram:
    return PublicProgram(
        dashboard=program_dashboard(program, None, today),
        activities=program_activities(program),
        recognitions=program_recognitions(program),
        rounds=program_rounds(program),
    )


def public_tasks() -> QuerySet[Task]:
    """Tasks of public programs, shaped like the workspace list; templates show public columns only."""
    return task_list().for_published_programs()


# --- Enterprise directory ----------------------------------------------------------------------------


def _recognised_products() -> Prefetch:
    """Each enterprise's products that hold a recognition, as `enterprise.recognised_products`, each with the
    name its latest recognition certifies as `certified_name` (a product renamed since keeps it)."""
    recognitions = Recognition.objects.filter(product=OuterRef("pk"))
    certified_name = recognitions.order_by("-decision_date", "-id").values("product_name")[:1]
    recognised = (
        Product.objects.filter(Exists(recognitions))
        .only("id", "enterprise_id")
        .annotate(certified_name=Subquery(certified_name))
        .order_by("certified_name", "id")
    )
    return Prefetch("products", queryset=recognised, to_attr="recognised_products")


def public_directory() -> QuerySet[Enterprise]:
    """The enterprise directory: public fields, certifications and recognised products."""
    return public_enterprises().prefetch_related(_recognised_products())


def get_public_enterprise(public_id) -> Enterprise | None:
    """The directory's enterprise with this public id, its awards too; None if there is none. Its recognitions are
    read apart, with their status (enterprise_recognitions)."""
    return public_enterprises().prefetch_related("awards").filter(public_id=public_id).first()


def enterprise_recognitions(enterprise: Enterprise) -> QuerySet[Recognition]:
    """The enterprise's recognitions in published programmes, newest first, with their status and validity."""
    return registry_recognitions().filter(product__enterprise=enterprise).order_by("-round__year", "product_name", "id")
