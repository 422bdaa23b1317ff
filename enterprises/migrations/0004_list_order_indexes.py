from django.db import migrations, models

# The directory search is a substring match (search_text LIKE '%…%'), which a B-tree cannot serve: on PostgreSQL a
# trigram index answers it, and the count above the list, without reading every enterprise. SQLite (the embedded
# development database) has neither, and keeps scanning.
TRIGRAM_INDEX = "enterprise_search_trigram"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON enterprises_enterprise USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_accounts_and_imports"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["name", "id"], name="enterprise_name_order"),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
