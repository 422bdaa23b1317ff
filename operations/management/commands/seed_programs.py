"""Load the three programmes of programs/seed_data.py with their activities and recognition rounds, and the
cities' issuing bodies; running it again changes nothing, and running it on a database seeded by an earlier
version brings the seeded rows to the current facts. It lives above the domain apps because it writes to each
of them."""

from django.core.management.base import BaseCommand
from django.db import models, transaction

from enterprises.models import SupportActivity
from products.models import ProductCatalogue, ProductGroup, RecognitionRound
from programs.models import City, Indicator, IndicatorValue, IssuingBody, Program, Task, TaskGroup, TaskUpdate
from programs.seed_data import CATALOGUES, CITIES, ISSUING_BODIES, PROGRAMS, SOURCES
from programs.task_state import task_states_sync

PROGRAM_FIELDS = (
    "kind", "title", "short_title", "issuer", "lead_agency", "plan_number", "plan_date", "period_start",
    "period_end", "vision_year", "status", "stated_task_count", "summary", "fields_of_focus", "midterm_result",
    "next_steps", "source",
)  # fmt: skip
INDICATOR_NUMBERS = ("target_value", "target_low", "target_high")
INDICATOR_TEXTS = ("unit", "period_label", "metric", "note")
INDICATOR_DEFAULTS = {"role": Indicator.Role.INDICATOR, "metric_window": Indicator.MetricWindow.PERIOD}


def upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """update_or_create that saves only when something differs, so a second run writes no history rows."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**{**values, **lookup})
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
    return obj


class Command(BaseCommand):
    help = "Nạp ba chương trình ban đầu (TPHCM cao su - nhựa, Hà Nội CNHT 2021, Hà Nội 267/KH-UBND 2022)."

    @transaction.atomic
    def handle(self, *args, **options):
        cities = {c["code"]: upsert(City, {"code": c["code"]}, c) for c in CITIES}
        for body in ISSUING_BODIES:
            values = {k: v for k, v in body.items() if k not in ("code", "city")}
            upsert(IssuingBody, {"code": body["code"]}, {"city": cities[body["city"]], **values})
        for data in PROGRAMS:
            values = {"city": cities[data["city"]], **{f: data[f] for f in PROGRAM_FIELDS}}
            program = upsert(Program, {"slug": data["slug"]}, values)
            task_ids = self._load_groups(program, data["groups"])
            self._load_indicators(program, data["indicators"])
            self._load_activities(program, data["activities"])
            self._load_rounds(program, data["rounds"])
            task_states_sync(task_ids=task_ids)
            self.stdout.write(f"{program.short_title}: {len(data['groups'])} nhóm, {len(data['indicators'])} chỉ tiêu")
        for data in CATALOGUES:
            self._load_catalogue(cities[data["city"]], data)

    def _load_catalogue(self, city: City, data: dict) -> None:
        values = {k: v for k, v in data.items() if k not in ("slug", "city", "groups")}
        catalogue = upsert(ProductCatalogue, {"slug": data["slug"]}, {"city": city, **values})
        for g in data["groups"]:
            upsert(
                ProductGroup,
                {"catalogue": catalogue, "order": g["order"]},
                {k: v for k, v in g.items() if k != "order"},
            )
        self.stdout.write(f"{catalogue.decision_number}: {len(data['groups'])} nhóm sản phẩm")

    def _load_groups(self, program: Program, groups: list[dict]) -> list[int]:
        task_ids = []
        for g in groups:
            group = upsert(
                TaskGroup,
                {"program": program, "order": g["order"]},
                {"code": g["code"], "title": g["title"], "description": g.get("description", "")},
            )
            for t in g["tasks"]:
                task = upsert(
                    Task,
                    {"group": group, "order": t["order"]},
                    {
                        "title": t["title"],
                        "lead_agency": t["lead_agency"],
                        "due_date": t.get("due_date"),
                        "description": t.get("description", ""),
                    },
                )
                task_ids.append(task.id)
                for u in t["updates"]:
                    # Recorded facts have no author; demo updates always have one.
                    upsert(
                        TaskUpdate,
                        {"task": task, "date": u["date"], "author": None, "is_demo": False},
                        {
                            "status": u["status"],
                            "progress": u["progress"],
                            "note": f"{u['note']} (Nguồn: {SOURCES[u['source']]}.)",
                        },
                    )
        return task_ids

    def _load_indicators(self, program: Program, indicators: list[dict]) -> None:
        for order, i in enumerate(indicators, start=1):
            values = {
                "order": order,
                "name": i["name"],
                "target_kind": i["target_kind"],
                **{f: i.get(f) for f in INDICATOR_NUMBERS},
                **{f: i.get(f, "") for f in INDICATOR_TEXTS},
                **{f: i.get(f, default) for f, default in INDICATOR_DEFAULTS.items()},
            }
            indicator = upsert(Indicator, {"program": program, "code": i["code"]}, values)
            for v in i.get("values", []):
                if v.get("moved_from"):
                    self._move_value(indicator, v["moved_from"], v["period_label"])
                upsert(
                    IndicatorValue,
                    {"indicator": indicator, "period_label": v["period_label"]},
                    {
                        "period_end": v["period_end"],
                        "value": v["value"],
                        "qualifier": v.get("qualifier", IndicatorValue.Qualifier.EXACT),
                        "source": SOURCES[v["source"]],
                        "note": v.get("note", ""),
                    },
                )

    def _move_value(self, indicator: Indicator, old_code: str, period_label: str) -> None:
        """A value an earlier version filed under another indicator of the programme moves to its own, with its
        history, unless the new indicator already holds that period."""
        if indicator.values.filter(period_label=period_label).exists():
            return
        old = IndicatorValue.objects.filter(
            indicator__program=indicator.program, indicator__code=old_code, period_label=period_label
        ).first()
        if old is not None:
            old.indicator = indicator
            old.save(update_fields=["indicator"])

    def _load_activities(self, program: Program, activities: list[dict]) -> None:
        for a in activities:
            values = {k: v for k, v in a.items() if k != "title"}
            upsert(SupportActivity, {"program": program, "title": a["title"], "is_demo": False}, values)

    def _load_rounds(self, program: Program, rounds: list[dict]) -> None:
        for r in rounds:
            upsert(
                RecognitionRound, {"program": program, "year": r["year"]}, {"title": r["title"], "status": r["status"]}
            )
