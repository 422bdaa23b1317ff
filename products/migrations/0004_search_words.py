from django.db import migrations

# The search text became a document of words in sections (name | description and sector, see core/text.py),
# matched by whole words with LIKE patterns: every product's is rebuilt by the code the services use, and on
# PostgreSQL a trigram index answers the patterns, as it does for the enterprises (enterprises 0004).
BATCH_SIZE = 1000
TRIGRAM_INDEX = "product_search_trigram"


def rebuild_search_text(apps, schema_editor):
    from products.selectors import product_search_text

    product_model = apps.get_model("products", "Product")
    batch = []
    products = product_model.objects.only("id", "name", "description", "sector", "search_text").order_by("id")
    for product in products.iterator(chunk_size=BATCH_SIZE):
        product.search_text = product_search_text(
            name=product.name, description=product.description, sector=product.sector
        )
        batch.append(product)
        if len(batch) == BATCH_SIZE:
            product_model.objects.bulk_update(batch, ["search_text"])
            batch = []
    product_model.objects.bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON products_product USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0003_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
