"""Write a local test certificate for signing issued reports, where none is configured (`make run`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.signing import TEST_CERTIFICATE_LABEL, SigningFiles, make_test_certificate


class Command(BaseCommand):
    help = (
        "Tạo chứng thư số thử nghiệm (một CA tự lập và chứng thư ký dưới nó) tại các đường dẫn REPORTS_SIGNING_* "
        f"khi chưa có: “{TEST_CERTIFICATE_LABEL}”. Không dùng cho bản cài thật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="tạo lại cả khi đã có tệp")

    def handle(self, *args, force=False, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "DJANGO_ENV=production: hãy cấu hình chứng thư số thật của cơ quan (REPORTS_SIGNING_KEY_FILE, "
                "REPORTS_SIGNING_CERT_FILE, REPORTS_SIGNING_CHAIN_FILE, REPORTS_SIGNING_KEY_PASSWORD)."
            )
        files = SigningFiles.from_settings()
        if not files.missing() and not force:
            self.stdout.write(f"Đã có chứng thư ký văn bản: {files.cert}")
            return
        key, cert = Path(files.key), Path(files.cert)
        if not str(settings.REPORTS_SIGNING_KEY_FILE) or not str(settings.REPORTS_SIGNING_CERT_FILE):
            raise CommandError("Chưa đặt REPORTS_SIGNING_KEY_FILE và REPORTS_SIGNING_CERT_FILE.")
        if key.parent != cert.parent or key.name != "key.pem" or cert.name != "cert.pem":
            raise CommandError(
                "Lệnh này chỉ tạo chứng thư thử nghiệm ở thư mục mặc định (key.pem, cert.pem, chain.pem cùng một "
                "thư mục); với đường dẫn khác, hãy dùng chứng thư của cơ quan."
            )
        written = make_test_certificate(key.parent, password=files.password)
        self.stdout.write(f"Đã tạo chứng thư thử nghiệm ({TEST_CERTIFICATE_LABEL}): {written.cert}")
