"""Per-programme data versions (programs.changes): the table, its sequence, and the triggers on programs' tables.

The other apps' migrations put the same triggers on their own tables.
"""

from django.db import migrations, models

from programs.changes import FUNCTIONS_REMOVE_SQL, FUNCTIONS_SQL, postgresql_only, watch_table_sql

# Every table of programs that a program page or a report reads, and how its rows lead to their programme.
WATCHED = {
    "programs_program": "SELECT r.id FROM {rows} r",
    "programs_city": "SELECT p.id FROM {rows} r JOIN programs_program p ON p.city_id = r.id",
    "programs_taskgroup": "SELECT r.program_id FROM {rows} r",
    "programs_task": "SELECT g.program_id FROM {rows} r JOIN programs_taskgroup g ON g.id = r.group_id",
    "programs_taskupdate": (
        "SELECT g.program_id FROM {rows} r JOIN programs_task t ON t.id = r.task_id "
        "JOIN programs_taskgroup g ON g.id = t.group_id"
    ),
    "programs_indicator": "SELECT r.program_id FROM {rows} r",
    "programs_indicatorvalue": "SELECT i.program_id FROM {rows} r JOIN programs_indicator i ON i.id = r.indicator_id",
}

TRIGGERS = [watch_table_sql(table, program_ids) for table, program_ids in WATCHED.items()]


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_program_comment_min_days"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgramDataVersion",
            fields=[
                ("program_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "phiên bản dữ liệu chương trình",
                "verbose_name_plural": "phiên bản dữ liệu chương trình",
            },
        ),
        migrations.RunPython(postgresql_only(FUNCTIONS_SQL), postgresql_only(FUNCTIONS_REMOVE_SQL)),
        *(migrations.RunPython(postgresql_only(install), postgresql_only(remove)) for install, remove in TRIGGERS),
    ]
