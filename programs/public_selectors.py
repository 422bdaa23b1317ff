"""Reads for the public program pages: what each program promised and how far it got, public fields only.

Support activities and recognised products belong to the enterprises and products apps, which sit above
programs and so cannot be imported here. Their models are reached by name through the app registry, the
way Django itself resolves a relation declared as a string, and only public columns are loaded.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from programs.models import Program, Task
from programs.selectors import ProgramDashboard, ProgramOverview, program_dashboard, program_overview_list, task_list


@dataclass
class PublicProgram:
    dashboard: ProgramDashboard
    activities: list
    recognitions: list

    @property
    def participation_count(self) -> int:
        return sum(a.participation_count for a in self.activities)

    @property
    def supplier_count(self) -> int:
        return sum(a.supplier_count for a in self.activities)


def _model(label: str):
    app_label, model_name = label.split(".")
    if not apps.is_installed(app_label):
        return None
    return apps.get_model(app_label, model_name)


def program_activities(program: Program) -> list:
    """Support activities of the program, newest first, with participation counts, in one query."""
    activity_model = _model("enterprises.SupportActivity")
    if activity_model is None:
        return []
    return list(
        activity_model.objects.filter(program=program)
        .only("public_id", "program_id", "kind", "title", "start_date", "end_date", "location", "organizer")
        .annotate(
            participation_count=Count("participations"),
            supplier_count=Count("participations", filter=Q(participations__became_supplier=True)),
        )
        .order_by("-start_date", "title")
    )


def program_recognitions(program: Program) -> list:
    """Products recognised in the program's rounds, with the enterprise's name only, in one query."""
    recognition_model = _model("products.Recognition")
    if recognition_model is None:
        return []
    return list(
        recognition_model.objects.filter(round__program=program)
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


def public_program_overviews() -> list[ProgramOverview]:
    """The home page's cards: published programmes only, each with its progress."""
    return program_overview_list(public_programs())


def get_public_program(slug: str) -> Program:
    program = public_programs().filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


def public_program_page(program: Program, today: datetime.date | None = None) -> PublicProgram:
    return PublicProgram(
        dashboard=program_dashboard(program, None, today),
        activities=program_activities(program),
        recognitions=program_recognitions(program),
    )


def public_tasks() -> QuerySet[Task]:
    """Tasks of public programs, shaped like the workspace list; templates show public columns only."""
    return task_list().for_published_programs()
