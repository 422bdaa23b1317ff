"""The triggers renewing programme data versions (programs.changes) on enterprises' tables."""

from django.db import migrations

from programs.changes import postgresql_only, watch_table_sql

# Every table of enterprises that a program page or a report reads, and how its rows lead to their programmes.
WATCHED = {
    "enterprises_enrollment": "SELECT r.program_id FROM {rows} r",
    "enterprises_supportactivity": "SELECT r.program_id FROM {rows} r",
    "enterprises_participation": (
        "SELECT a.program_id FROM {rows} r JOIN enterprises_supportactivity a ON a.id = r.activity_id"
    ),
    # An enterprise is shown by the programmes it is enrolled in or whose activities it took part in.
    "enterprises_enterprise": (
        "SELECT e.program_id FROM {rows} r JOIN enterprises_enrollment e ON e.enterprise_id = r.id "
        "UNION SELECT a.program_id FROM {rows} r JOIN enterprises_participation p ON p.enterprise_id = r.id "
        "JOIN enterprises_supportactivity a ON a.id = p.activity_id"
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0006_tax_code_field_date_bounds_labels"),
        ("programs", "0005_program_data_versions"),
    ]

    operations = [
        migrations.RunPython(postgresql_only(install), postgresql_only(remove))
        for install, remove in (watch_table_sql(table, ids) for table, ids in WATCHED.items())
    ]
