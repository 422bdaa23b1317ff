"""Backup and restore of the whole portal: the PostgreSQL database (pg_dump custom format) and the media files.

A backup folder holds three files:
- `database.dump`: `pg_dump -Fc` of the database, restorable with `pg_restore`;
- `media.tar.gz`: every uploaded and generated file under MEDIA_ROOT, with paths relative to it;
- `manifest.json`: when it was taken, the row count of every table and the SHA-256 of every media file,
  which `restore` checks the restored copy against, so a restore that lost anything fails loudly.
"""

import datetime
import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be completed; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class PgTarget:
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, db: dict) -> "PgTarget":
        if "postgresql" not in db["ENGINE"]:
            raise BackupError("Sao lưu chỉ hỗ trợ cơ sở dữ liệu PostgreSQL (DATABASE_URL=postgres://...).")
        return cls(
            name=db["NAME"],
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
        )

    def client_args(self) -> list[str]:
        args = []
        for flag, value in (("-h", self.host), ("-p", self.port), ("-U", self.user)):
            if value:
                args += [flag, value]
        return args

    def client_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, dbname: str | None = None):
        return psycopg2.connect(
            dbname=dbname or self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
        )


def _run(command: list[str], target: PgTarget) -> None:
    result = subprocess.run(command, env=target.client_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"Lệnh {command[0]} thất bại: {result.stderr.strip()}")


def table_counts(target: PgTarget) -> dict[str, int]:
    """Row count of every table of the public schema."""
    with target.connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    connection.close()
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_checksums(media_root: Path) -> dict[str, str]:
    if not media_root.is_dir():
        return {}
    return {
        path.relative_to(media_root).as_posix(): _sha256(path)
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def backup_create(*, target: PgTarget, media_root: Path, out: Path) -> dict:
    """Write the dump, the media archive and the manifest into `out` (created; must be empty)."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise BackupError(f"Thư mục {out} đã có dữ liệu; hãy chọn một thư mục trống cho bản sao lưu.")
    counts = table_counts(target)
    _run(["pg_dump", "-Fc", "--no-owner", "--no-acl", *target.client_args(), "-f", str(out / DUMP_NAME), target.name],
         target)  # fmt: skip
    checksums = media_checksums(media_root)
    with tarfile.open(out / MEDIA_NAME, "w:gz") as archive:
        for relative in checksums:
            archive.add(media_root / relative, arcname=relative)
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": target.name,
        "tables": counts,
        "media": checksums,
    }
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict:
    missing = [name for name in (DUMP_NAME, MEDIA_NAME, MANIFEST_NAME) if not (source / name).is_file()]
    if missing:
        raise BackupError(f"Bản sao lưu {source} thiếu tệp: {', '.join(missing)}.")
    manifest = json.loads((source / MANIFEST_NAME).read_text(encoding="utf-8"))
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError("Định dạng bản sao lưu không được hỗ trợ.")
    return manifest


def _ensure_empty_database(target: PgTarget) -> None:
    """Create the target database if missing; refuse one that already has tables (nothing is overwritten)."""
    admin = target.connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
    admin.close()
    if table_counts(target):
        raise BackupError(f"Cơ sở dữ liệu {target.name} đã có bảng; chỉ khôi phục vào một cơ sở dữ liệu trống.")


def _restore_media(source: Path, media_root: Path) -> None:
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"Thư mục tệp {media_root} đã có dữ liệu; chỉ khôi phục vào một thư mục trống.")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_NAME, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
        archive.extractall(media_root, filter="data")


def verify_restore(*, manifest: dict, target: PgTarget, media_root: Path) -> list[str]:
    """What differs between the manifest and the restored copy; empty when nothing was lost."""
    problems = []
    counts = table_counts(target)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"Bảng {table}: {counts.get(table)} dòng, bản sao lưu có {expected}.")
    restored = media_checksums(media_root)
    for relative, checksum in manifest["media"].items():
        if restored.get(relative) != checksum:
            problems.append(f"Tệp {relative} thiếu hoặc khác bản sao lưu.")
    return problems


def backup_restore(*, source: Path, target: PgTarget, media_root: Path) -> dict:
    manifest = read_manifest(source)
    _ensure_empty_database(target)
    _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", *target.client_args(), "-d", target.name,
          str(source / DUMP_NAME)], target)  # fmt: skip
    _restore_media(source, media_root)
    problems = verify_restore(manifest=manifest, target=target, media_root=media_root)
    if problems:
        raise BackupError("Bản khôi phục không khớp bản sao lưu:\n" + "\n".join(problems))
    return manifest
