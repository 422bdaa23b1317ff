"""Render a report synchronously through the same path as the background job, and write it to a file."""

import shutil

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from programs.models import City, Program
from reports.models import Report
from reports.periods import parse_period
from reports.services import report_render, report_request


class Command(BaseCommand):
    help = "Tạo báo cáo PDF ngay (không qua hàng đợi) và ghi ra tệp."

    def add_arguments(self, parser):
        parser.add_argument("--program", help="Mã số (id) hoặc mã định danh (slug) của chương trình.")
        parser.add_argument("--kind", required=True, choices=Report.Kind.values)
        parser.add_argument("--period", help="Kỳ báo cáo: 2024-03, 2024-Q1, 2024 hoặc 2024-01-01..2024-03-31.")
        parser.add_argument("--city", help="Mã thành phố (báo cáo tổng hợp), ví dụ hcm, hanoi.")
        parser.add_argument(
            "--include-demo", action="store_true", help="Gồm dữ liệu minh họa (bản xem thử, không ban hành được)."
        )
        parser.add_argument("--out", required=True, help="Đường dẫn tệp PDF kết quả.")
        parser.add_argument("--annex-out", help="Tiền tố tệp phụ lục: ghi <tiền tố>.pdf và <tiền tố>.xlsx.")

    def handle(self, *args, **options):
        program = self._program(options["program"])
        city = self._city(options["city"])
        try:
            period = parse_period(options["period"]) if options["period"] else None
            report, created = report_request(
                user=None,
                kind=options["kind"],
                program=program,
                city=city,
                period=period,
                include_demo=options["include_demo"],
                enqueue=False,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if created or report.status == Report.Status.PENDING:
            report_render(report_id=report.id, worker="make_report")
        report.refresh_from_db()
        if report.status != Report.Status.DONE:
            raise CommandError(report.error or f"Báo cáo đang ở trạng thái {report.get_status_display()}.")
        with report.file.open("rb") as source, open(options["out"], "wb") as target:
            shutil.copyfileobj(source, target)
        if options["annex_out"]:
            for field_name, extension in (("annex_pdf", "pdf"), ("annex_xlsx", "xlsx")):
                annex = getattr(report, field_name)
                if annex:
                    with annex.open("rb") as source, open(f"{options['annex_out']}.{extension}", "wb") as target:
                        shutil.copyfileobj(source, target)
        reused = "" if created else " (dùng lại báo cáo đã có cho cùng dữ liệu)"
        self.stdout.write(f"{options['out']}: {report.page_count} trang{reused}")

    def _program(self, key: str | None) -> Program | None:
        if not key:
            return None
        lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
        program = Program.objects.filter(**lookup).first()
        if program is None:
            raise CommandError(f"Không tìm thấy chương trình “{key}”.")
        return program

    def _city(self, code: str | None) -> City | None:
        if not code:
            return None
        city = City.objects.filter(code=code).first()
        if city is None:
            raise CommandError(f"Không tìm thấy thành phố “{code}”.")
        return city
