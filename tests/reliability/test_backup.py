"""`manage.py backup` then `manage.py restore` into a freshly created database: every record and file is back."""

import uuid
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from programs.changes import ALL_PROGRAMS_SQL
from tests.security.world import build_world


def _server_url(name: str) -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _connect(name: str):
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=name, user=db["USER"], password=db.get("PASSWORD") or None, host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )  # fmt: skip


@pytest.fixture
def fresh_database_name():
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    yield name
    admin = _connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _rows(restored, sql: str) -> list[tuple]:
    with restored.cursor() as cursor:
        cursor.execute(sql)
        return sorted(cursor.fetchall())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_every_record_and_file(settings, tmp_path, fresh_database_name):
    world = build_world()
    media = Path(settings.MEDIA_ROOT)
    backup_dir, restored_media = tmp_path / "sao-luu", tmp_path / "media-khoi-phuc"

    call_command("backup", out=backup_dir)
    assert sorted(p.name for p in backup_dir.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
    call_command("restore", source=backup_dir, database_url=_server_url(fresh_database_name), media_root=restored_media)

    restored = _connect(fresh_database_name)
    try:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            expected = model._base_manager.count()
            assert _rows(restored, f'SELECT count(*) FROM "{table}"') == [(expected,)], table
        assert _rows(restored, "SELECT name, tax_code FROM enterprises_enterprise") == sorted(
            [(world.enterprise_a.name, world.enterprise_a.tax_code), (world.enterprise_b.name, world.enterprise_b.tax_code)]
        )  # fmt: skip
        assert (str(world.application_a.public_id), "draft") in [
            (str(public_id), status) for public_id, status in _rows(restored, "SELECT public_id, status FROM products_application")
        ]  # fmt: skip
        assert ("GCN-A-001",) in _rows(restored, "SELECT certificate_number FROM products_recognition")
        admin = world.users["admin"]
        assert _rows(restored, f"SELECT password FROM portal_user WHERE id = {admin.pk}") == [(admin.password,)]
        assert _rows(restored, f"SELECT file FROM reports_report WHERE id = {world.report.pk}") == [
            (world.report.file.name,)
        ]
        # The copy's data versions are those of the dump, and its sequence hands them out again: pages and report
        # stamps of the original are still never taken for the copy's, its identity differs.
        with connection.cursor() as cursor:
            cursor.execute(ALL_PROGRAMS_SQL)
            original = cursor.fetchone()
        [copy] = _rows(restored, ALL_PROGRAMS_SQL)
        assert copy[1:] == original[1:] and copy[1] is True
        assert copy[0] != original[0]
    finally:
        restored.close()

    originals = _files(media)
    assert len(originals) >= 5  # two evidence files, two dossier documents, one report PDF
    assert _files(restored_media) == originals
    assert world.document_a.file.name in originals


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables_and_detects_a_damaged_backup(tmp_path, fresh_database_name):
    build_world()
    backup_dir = tmp_path / "sao-luu"
    call_command("backup", out=backup_dir)
    call_command(
        "restore", source=backup_dir, database_url=_server_url(fresh_database_name), media_root=tmp_path / "m1"
    )

    with pytest.raises(CommandError, match="đã có bảng"):
        call_command(
            "restore", source=backup_dir, database_url=_server_url(fresh_database_name), media_root=tmp_path / "m2"
        )

    # A backup whose manifest no longer matches what it holds is refused, not silently half-restored.
    manifest = backup_dir / "manifest.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('"enterprises_enterprise": 2', '"enterprises_enterprise": 3'),
        encoding="utf-8",
    )
    other = f"{fresh_database_name}_b"
    try:
        with pytest.raises(CommandError, match="enterprises_enterprise"):
            call_command("restore", source=backup_dir, database_url=_server_url(other), media_root=tmp_path / "m3")
    finally:
        admin = _connect("postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')
        admin.close()
