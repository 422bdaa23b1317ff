from django.db import migrations

# The search text became a document of words in sections (names | describing words # place words, see
# core/text.py), matched by whole words: every enterprise's is rebuilt by the code the services use.
BATCH_SIZE = 1000


def rebuild_search_text(apps, schema_editor):
    from enterprises.selectors import enterprise_search_text

    enterprise_model = apps.get_model("enterprises", "Enterprise")
    fields = ("id", "name", "english_name", "sector", "district", "tax_code", "search_text")
    batch = []
    for enterprise in enterprise_model.objects.only(*fields).order_by("id").iterator(chunk_size=BATCH_SIZE):
        enterprise.search_text = enterprise_search_text(enterprise)
        batch.append(enterprise)
        if len(batch) == BATCH_SIZE:
            enterprise_model.objects.bulk_update(batch, ["search_text"])
            batch = []
    enterprise_model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True),
    ]
