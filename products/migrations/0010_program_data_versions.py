"""The triggers renewing programme data versions (programs.changes) on products' tables."""

from django.db import migrations

from programs.changes import postgresql_only, watch_table_sql

# Every table of products that a program page or a report reads, and how its rows lead to their programmes.
WATCHED = {
    "products_recognitionround": "SELECT r.program_id FROM {rows} r",
    "products_recognition": (
        "SELECT rr.program_id FROM {rows} r JOIN products_recognitionround rr ON rr.id = r.round_id"
    ),
    # A product is counted (its enterprise) by the programmes whose rounds recognised it.
    "products_product": (
        "SELECT rr.program_id FROM {rows} r JOIN products_recognition rc ON rc.product_id = r.id "
        "JOIN products_recognitionround rr ON rr.id = rc.round_id"
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0009_conflict_recorded_after_scoring"),
        ("programs", "0005_program_data_versions"),
    ]

    operations = [
        migrations.RunPython(postgresql_only(install), postgresql_only(remove))
        for install, remove in (watch_table_sql(table, ids) for table, ids in WATCHED.items())
    ]
