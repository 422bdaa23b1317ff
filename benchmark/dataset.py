"""The demo dataset the bench measures: seed_programs, seed_demo at the asked sizes, and applications."""

import random
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction

from products.models import Application, Product, Recognition, RecognitionRound

APPLICATION_STATUSES = [s for s in Application.Status.values if s != Application.Status.DRAFT]


@dataclass(frozen=True)
class Sizes:
    enterprises: int
    products: int
    task_updates: int

    def scaled(self, factor: float) -> "Sizes":
        return Sizes(*(max(1, round(n * factor)) for n in (self.enterprises, self.products, self.task_updates)))


FULL = Sizes(enterprises=10_000, products=2_000, task_updates=20_000)
QUICK = Sizes(enterprises=1_000, products=200, task_updates=2_000)
# The page section also counts queries on a dataset this much smaller: a list page's count must not grow.
SMALL_FACTOR = 0.1


def prepare_schema() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_programs", verbosity=0, stdout=_Discard())


def seed(sizes: Sizes, *, seed: int = 2024) -> None:
    """Replace the demo data with a dataset of these sizes, and give every demo product an application."""
    call_command(
        "seed_demo",
        enterprises=sizes.enterprises,
        products=sizes.products,
        task_updates=sizes.task_updates,
        seed=seed,
        stdout=_Discard(),
    )
    create_applications(random.Random(seed))


@transaction.atomic
def create_applications(rng: random.Random) -> int:
    """One submitted application per demo product that has none, in a round of its city, in every non-draft status.

    seed_demo, just run, made a few dozen dossiers through the workflow; the staff list needs thousands to read.
    """
    rounds_by_city: dict[str, list[RecognitionRound]] = {}
    for round_ in RecognitionRound.objects.select_related("program__city"):
        rounds_by_city.setdefault(round_.program.city.name, []).append(round_)
    rows = []
    for product in Product.objects.filter(is_demo=True, applications=None).select_related("enterprise").order_by("id"):
        rounds = rounds_by_city.get(product.enterprise.province)
        if rounds:
            rows.append(
                Application(
                    round=rng.choice(rounds),
                    product=product,
                    enterprise=product.enterprise,
                    kind=rng.choice(Recognition.Kind.values),
                    status=rng.choice(APPLICATION_STATUSES),
                    market_summary="Hồ sơ do lệnh bench tạo.",
                )
            )
    return len(Application.objects.bulk_create(rows, batch_size=2000))


class _Discard:
    """A stdout for the seeding commands: their summaries would break the table (and --json)."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
