"""Data stamps (reports.datastamp): DataChange, and the triggers on every table the report data is read from."""

from django.db import migrations, models

# Every table reports.selectors.report_data reads; tests/reports/test_datastamp.py checks that none is missing.
WATCHED_TABLES = [
    "enterprises_enrollment",
    "enterprises_enterprise",
    "enterprises_participation",
    "enterprises_supportactivity",
    "products_product",
    "products_recognition",
    "products_recognitionround",
    "programs_city",
    "programs_indicator",
    "programs_indicatorvalue",
    "programs_program",
    "programs_task",
    "programs_taskgroup",
    "programs_taskupdate",
]

NOTE_FUNCTION = """
CREATE OR REPLACE FUNCTION reports_note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: the primary key makes every later note of the same transaction a no-op.
    INSERT INTO reports_datachange (txid) VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$
"""


def install_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # no stamps elsewhere: the fingerprint alone decides
    schema_editor.execute(NOTE_FUNCTION)
    for table in WATCHED_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER reports_note_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reports_note_data_change()"
        )


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in WATCHED_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_note_data_change ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_note_data_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_schedules"),
        ("programs", "0002_taskupdate_public_id_history"),
        ("enterprises", "0004_list_order_indexes"),
        ("products", "0003_list_order_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataChange",
            fields=[
                ("txid", models.BigIntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.AddField(
            model_name="report",
            name="data_stamp",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
