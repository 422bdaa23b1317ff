"""`manage.py backup --out DIR`: the database (pg_dump) and the media files, with a manifest to check a restore."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, PgTarget, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu PostgreSQL (pg_dump) và toàn bộ tệp tải lên vào một thư mục trống."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="Thư mục (trống) nhận bản sao lưu.")

    def handle(self, *args, out: Path, **options):
        try:
            target = PgTarget.from_settings(settings.DATABASES["default"])
            manifest = backup_create(target=target, media_root=Path(settings.MEDIA_ROOT), out=out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu {len(manifest['tables'])} bảng ({rows} dòng) và {len(manifest['media'])} tệp vào {out}."
        )
