"""A generated enterprise list (XLSX) through the portal's import, and the same file through
django-import-export, each in a transaction rolled back afterwards so that both start from the same registry."""

import random
import tempfile
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from openpyxl import Workbook
from stdnum.vn import mst

from benchmark.measure import timed
from enterprises import importing
from enterprises.models import Enterprise, Sector
from enterprises.services import derive_fields, enterprise_import

ADMIN = "demo.quantri"
PROVINCES = {"03": "TP Hồ Chí Minh", "01": "Hà Nội"}
# The columns both importers read; the titles are those of the portal's template.
FIELDS = ("tax_code", "name", "english_name", "address", "province", "district", "ownership", "sector")
FIELDS += ("employees", "revenue", "capital")
TITLES = {key: importing.COLUMN_TITLES[key] for key in FIELDS}


def tax_codes(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Valid, unused MSTs: a province prefix, seven digits and the check digit (bodies whose digit is 10 have none)."""
    codes: list[str] = []
    while len(codes) < count:
        body = rng.choice(tuple(PROVINCES)) + f"{rng.randrange(10**7):07d}"
        digit = mst.calc_check_digit(body)
        code = body + digit
        if digit != "10" and code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def _row(rng: random.Random, code: str, n: int) -> list:
    return [
        code,
        f"Công ty TNHH Sản xuất Thử nghiệm {n:05d}",
        f"Bench Manufacturing {n:05d} Co., Ltd",
        f"{rng.randint(1, 999)} Đường số {rng.randint(1, 60)}",
        PROVINCES[code[:2]],
        f"Quận {rng.randint(1, 12)}",
        rng.choice(Enterprise.Ownership.values),
        rng.choice(Sector.values),
        rng.randint(5, 900),
        float(Decimal(rng.randint(100, 90_000)) / 100),
        float(Decimal(rng.randint(100, 60_000)) / 100),
    ]


def write_enterprise_file(path: Path, rows: int, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    taken = set(Enterprise.objects.values_list("tax_code", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append([TITLES[key] for key in FIELDS])
    for n, code in enumerate(tax_codes(rng, rows, taken), start=1):
        sheet.append(_row(rng, code, n))
    workbook.save(path)


def enterprise_resource():
    """django-import-export's ModelResource for Enterprise, set up as its documentation shows."""
    from import_export import fields, resources

    declared = {key: fields.Field(attribute=key, column_name=TITLES[key]) for key in FIELDS}

    class Meta:
        model = Enterprise
        import_id_fields = ("tax_code",)
        fields = FIELDS

    def before_save_instance(self, instance, row, **kwargs):
        derive_fields(instance)  # the SME size and search text the portal keeps on every row

    return type(
        "EnterpriseResource",
        (resources.ModelResource,),
        {**declared, "Meta": Meta, "before_save_instance": before_save_instance},
    )


def run_portal_import(path: Path, actor) -> int:
    with path.open("rb") as handle:
        result = enterprise_import(actor=actor, file=handle)
    if not result.ok:
        raise RuntimeError(f"The portal refused the generated file: {result.errors[:3]}")
    return result.record.created_count + result.record.updated_count


def run_import_export(path: Path, actor) -> int:
    import tablib

    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = enterprise_resource()().import_data(dataset, dry_run=False, raise_errors=True, user=actor)
    return result.totals["new"] + result.totals["update"]


def rolled_back(action):
    """Run `action` and undo what it wrote: both importers start from the same registry."""
    with transaction.atomic():
        outcome = timed(action)
        transaction.set_rollback(True)
    return outcome


@dataclass(frozen=True)
class ImportFigures:
    rows: int
    portal_seconds: float
    portal_rows_per_second: float
    import_export_seconds: float
    import_export_rows_per_second: float
    speedup: float

    def as_dict(self) -> dict:
        return asdict(self)


def measure_import(*, rows: int) -> ImportFigures:
    actor = get_user_model().objects.get(username=ADMIN)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        path = Path(folder) / "doanh-nghiep.xlsx"
        write_enterprise_file(path, rows)
        portal_seconds, portal_rows = rolled_back(lambda: run_portal_import(path, actor))
        peer_seconds, peer_rows = rolled_back(lambda: run_import_export(path, actor))
    if portal_rows != rows or peer_rows != rows:
        raise RuntimeError(f"Imported {portal_rows} (portal) and {peer_rows} (import-export) of {rows} rows.")
    portal_rate, peer_rate = rows / portal_seconds, rows / peer_seconds
    return ImportFigures(
        rows=rows,
        portal_seconds=round(portal_seconds, 2),
        portal_rows_per_second=round(portal_rate, 1),
        import_export_seconds=round(peer_seconds, 2),
        import_export_rows_per_second=round(peer_rate, 1),
        speedup=round(portal_rate / peer_rate, 1),
    )
