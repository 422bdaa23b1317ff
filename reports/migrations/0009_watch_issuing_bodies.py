"""The report data reads the issuing bodies and their signers (the header, place name and signature block): their
writes renew the data version (programs.changes) of every programme of the body's city, so that a report stamped
before the change is not reused after it."""

from django.db import migrations

from programs.changes import postgresql_only, watch_table_sql

WATCHED = {
    "programs_issuingbody": "SELECT p.id FROM {rows} r JOIN programs_program p ON p.city_id = r.city_id",
    "programs_signer": (
        "SELECT p.id FROM {rows} r JOIN programs_issuingbody b ON b.id = r.body_id "
        "JOIN programs_program p ON p.city_id = b.city_id"
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_report_documents"),
        ("programs", "0006_period_truth_and_issuing_bodies"),
    ]

    operations = [
        migrations.RunPython(postgresql_only(install), postgresql_only(remove))
        for install, remove in (watch_table_sql(table, ids) for table, ids in WATCHED.items())
    ]
