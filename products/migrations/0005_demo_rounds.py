from django.db import migrations, models

# The one round that earlier versions of seed_demo made (without a mark): it becomes a marked demo round.
LEGACY_DEMO_ROUND_TITLE = "Xét chọn sản phẩm công nghiệp chủ lực, tiềm năng ngành cao su - nhựa năm 2024 (minh họa)"


def mark_legacy_demo_round(apps, schema_editor):
    RecognitionRound = apps.get_model("products", "RecognitionRound")
    RecognitionRound.objects.filter(title=LEGACY_DEMO_ROUND_TITLE, year=2024).update(is_demo=True)


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0004_search_words'),
    ]

    operations = [
        migrations.AddField(
            model_name='recognitionround',
            name='is_demo',
            field=models.BooleanField(default=False, verbose_name='dữ liệu minh họa'),
        ),
        migrations.RunPython(mark_legacy_demo_round, migrations.RunPython.noop),
    ]
