"""Report stamps read the programme data versions (programs.changes): the global log of writing transactions, and
its triggers, go."""

from importlib import import_module

from django.db import migrations

data_stamp = import_module("reports.migrations.0004_data_stamp")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_report_labels"),
        ("programs", "0005_program_data_versions"),
        ("enterprises", "0007_program_data_versions"),
        ("products", "0010_program_data_versions"),
    ]

    operations = [
        migrations.RunPython(data_stamp.remove_triggers, data_stamp.install_triggers),
        migrations.DeleteModel(name="DataChange"),
    ]
