"""`manage.py restore --from DIR --database-url URL`: a backup into an empty database and media folder, checked."""

from pathlib import Path

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, PgTarget, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục bản sao lưu vào một cơ sở dữ liệu PostgreSQL trống (tạo mới nếu chưa có) và thư mục tệp trống, "
        "rồi đối chiếu số dòng của mọi bảng và mọi tệp với bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help="Thư mục bản sao lưu.")
        parser.add_argument(
            "--database-url", required=True, help="Cơ sở dữ liệu đích, ví dụ postgres://user@host:5432/portal_moi."
        )
        parser.add_argument(
            "--media-root", type=Path, default=None, help="Thư mục tệp đích (mặc định: MEDIA_ROOT của cấu hình)."
        )

    def handle(self, *args, source: Path, database_url: str, media_root: Path | None, **options):
        media_root = media_root or Path(settings.MEDIA_ROOT)
        try:
            target = PgTarget.from_settings(environ.Env.db_url_config(database_url))
            manifest = backup_restore(source=source, target=target, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục {len(manifest['tables'])} bảng ({rows} dòng) vào {target.name} "
            f"và {len(manifest['media'])} tệp vào {media_root}; mọi số dòng và tệp khớp bản sao lưu."
        )
