"""Replace the demo data: enterprises, products, participations, recognitions, task updates and demo users.

Every demo row is marked (is_demo=True; demo task updates are those written by a demo user) and the
previous demo rows are deleted first, so running it again with the same --seed gives the same data.
Real rows are never touched. The seeded programs must exist: run `seed_programs` first.
"""

import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from enterprises import demo as enterprise_demo
from enterprises.models import Enterprise
from products import demo as product_demo
from programs import demo as program_demo
from programs.caching import all_program_data_changed
from programs.models import City, Program
from programs.seed_data import PROGRAMS


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    city: str | None
    enterprise_city: str | None
    can_do: str
    first_name: str = ""


# Documented demo logins (also printed by `manage.py demo_logins`). They pass the password validators.
DEMO_LOGINS = (
    DemoLogin("demo.quantri", "Sen-Hong-2030-QT", "admin", None, None,
              "Quản trị toàn bộ cổng: người dùng, danh mục, trang quản trị", "Quản trị"),
    DemoLogin("demo.canbo.hcm", "Cao-Su-Nhua-Sai-Gon", "staff", "hcm", None,
              "Cập nhật nhiệm vụ, chỉ tiêu, xét duyệt hồ sơ của TP Hồ Chí Minh", "Lan"),
    DemoLogin("demo.canbo.hanoi", "Cong-Nghiep-Ho-Tro-HN", "staff", "hanoi", None,
              "Cập nhật nhiệm vụ, chỉ tiêu, xét duyệt hồ sơ của Hà Nội", "Minh"),
    DemoLogin("demo.lanhdao", "Bao-Cao-Giua-Ky-2030", "official", None, None,
              "Xem bảng điều khiển, tải báo cáo giữa kỳ và báo cáo tiến độ (PDF)", "Hùng"),
    DemoLogin("demo.doanhnghiep.hcm", "Thuong-Hieu-Vang-TP", "enterprise", None, "hcm",
              "Cập nhật hồ sơ doanh nghiệp, nộp và theo dõi hồ sơ xét chọn sản phẩm", "Phương"),
    DemoLogin("demo.doanhnghiep.hanoi", "San-Pham-Chu-Luc-HN", "enterprise", None, "hanoi",
              "Cập nhật hồ sơ doanh nghiệp, nộp và theo dõi hồ sơ xét chọn sản phẩm", "Tuấn"),
)  # fmt: skip
DEMO_USERNAMES = [login.username for login in DEMO_LOGINS]


def ensure_demo_users(cities: dict[str, City]) -> dict[str, object]:
    """Create or refresh the demo users; enterprise users are linked later, once the enterprises exist."""
    User = get_user_model()
    users = {}
    for login in DEMO_LOGINS:
        user, _ = User.objects.update_or_create(
            username=login.username,
            defaults={
                "role": login.role,
                "city": cities.get(login.city) if login.city else None,
                "first_name": login.first_name,
                "email": f"{login.username}@example.vn",
                "is_staff": login.role == "admin",
                "is_superuser": login.role == "admin",
                "is_active": True,
            },
        )
        if not user.check_password(login.password):
            validate_password(login.password, user)
            user.set_password(login.password)
            user.save(update_fields=["password"])
        users[login.username] = user
    return users


def link_enterprise_users(users: dict[str, object], enterprises: list[Enterprise], cities: dict[str, City]) -> None:
    for login in DEMO_LOGINS:
        if not login.enterprise_city:
            continue
        province = cities[login.enterprise_city].name
        enterprise = next((e for e in enterprises if e.province == province), None)
        user = users[login.username]
        user.enterprise = enterprise
        user.claimed_tax_code = enterprise.tax_code if enterprise else ""
        user.save(update_fields=["enterprise", "claimed_tax_code"])


def refresh_planner_statistics() -> None:
    """After a bulk load, PostgreSQL plans from the table sizes it last sampled (none, on a new database) until
    autovacuum samples again, a minute or more later: joins of the lists hash ten thousand enterprises to show
    twenty-five rows. Sample now, as any bulk load into PostgreSQL should."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "Tạo lại dữ liệu minh họa (doanh nghiệp, sản phẩm, công nhận, cập nhật nhiệm vụ, tài khoản demo)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=300)
        parser.add_argument("--products", type=int, default=120)
        parser.add_argument("--task-updates", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, **options):
        for name in ("enterprises", "products", "task_updates"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} phải là số không âm.")
        programs = list(Program.objects.filter(slug__in=[p["slug"] for p in PROGRAMS]).select_related("city"))
        if len(programs) != len(PROGRAMS):
            raise CommandError("Chưa có dữ liệu chương trình: hãy chạy `manage.py seed_programs` trước.")
        started = time.monotonic()
        with transaction.atomic():
            counts = self._replace(random.Random(options["seed"]), programs, options)
            all_program_data_changed()
        refresh_planner_statistics()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(f"Dữ liệu minh họa: {summary} ({time.monotonic() - started:.1f} giây).")

    def _replace(self, rng: random.Random, programs: list[Program], options) -> dict[str, int]:
        cities = {c.code: c for c in City.objects.all()}
        users = ensure_demo_users(cities)
        with program_demo.history_paused():
            program_demo.delete_demo_task_updates([u.id for u in users.values()])
            product_demo.delete_demo_products()
            enterprise_demo.delete_demo_enterprises()
        program_demo.sync_task_states()

        enterprises = enterprise_demo.create_demo_enterprises(
            rng, count=options["enterprises"], cities=list(cities.values())
        )
        enrollments = enterprise_demo.create_demo_enrollments(rng, enterprises=enterprises, programs=programs)
        activities = enterprise_demo.create_demo_activities(rng, programs=programs)
        participations = enterprise_demo.create_demo_participations(rng, activities=activities, enterprises=enterprises)
        products = product_demo.create_demo_products(rng, count=options["products"], enterprises=enterprises)
        rounds = product_demo.demo_rounds(programs)
        recognitions = product_demo.create_demo_recognitions(rng, products=products, rounds=rounds)
        staff_by_city = {u.city_id: u.id for u in users.values() if u.role == "staff"}
        task_updates = program_demo.create_demo_task_updates(
            rng, count=options["task_updates"], programs=programs, authors_by_city=staff_by_city
        )
        link_enterprise_users(users, enterprises, cities)
        return {
            "doanh nghiệp": len(enterprises),
            "lượt tham gia chương trình": len(enrollments),
            "hoạt động hỗ trợ": len(activities),
            "lượt tham gia hoạt động": len(participations),
            "sản phẩm": len(products),
            "công nhận": len(recognitions),
            "cập nhật nhiệm vụ": task_updates,
            "tài khoản demo": len(users),
        }
