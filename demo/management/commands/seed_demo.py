"""Replace the demo data: enterprises, products, participations, recognitions, task updates, demo users, demo
signers, a demo award and catalogue-group members, and the recognition rounds run through the portal's services
(demo/journeys.py: an open round per city, Hanoi's past rounds ranked, published and decided, HCMC's last round
awaiting its decision) with dossiers in every status of the workflow.

Every demo row is marked: is_demo=True (enterprises, products, activities, recognitions, rounds, awards, group
members), demo accounts
are members of the group DEMO_GROUP, demo task updates are those written by a demo account, and a dossier is a
demo one when its enterprise, product or round is. The previous demo rows are deleted first, so running it again
with the same --seed gives the same data (the rounds' dates count from today).

It refuses, changing nothing, where it would touch what it did not make: an account with a demo username that is
not a demo account, a real enterprise holding a demo login's tax code, a round of the place a demo round takes,
real rows hanging on demo rows (dossiers, recognitions, council seats, paper comments and status changes entered by
other accounts, awards and group memberships of a demo enterprise, accounts linked to a demo enterprise); and
under DJANGO_ENV=production unless --allow-production is given. The seeded programs must exist: run
`seed_programs` first.
"""

import logging
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from demo import enterprises as enterprise_demo
from demo import journeys as demo_journeys
from demo import products as product_demo
from demo import rounds as round_demo
from demo import signers as signer_demo
from demo import task_updates as program_demo
from enterprises.models import Enterprise
from programs.models import City, Program
from programs.seed_data import PROGRAMS
from programs.task_state import task_states_sync

# Membership marks an account as made by seed_demo (shown on the account's page in the admin).
DEMO_GROUP = "Tài khoản minh họa (seed_demo)"
MIN_ENTERPRISES = len(enterprise_demo.LOGIN_ENTERPRISES)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    city: str | None
    enterprise_city: str | None
    can_do: str
    first_name: str = ""
    last_name: str = ""


# Documented demo logins (also printed by `manage.py demo_logins`). They pass the password validators.
DEMO_LOGINS = (
    DemoLogin("demo.quantri", "Sen-Hong-2030-QT", "admin", None, None,
              "Quản trị toàn bộ cổng: người dùng, danh mục, trang quản trị", "Quản trị"),
    DemoLogin("demo.canbo.hcm", "Cao-Su-Nhua-Sai-Gon", "staff", "hcm", None,
              "Nhiệm vụ, chỉ tiêu của TP Hồ Chí Minh; đợt xét chọn: thiết lập, mở, gia hạn đợt; thẩm định hồ sơ, yêu "
              "cầu bổ sung, chuyển hội đồng; đợt năm trước đã hết hạn góp ý: ghi quyết định của UBND (người ký minh "
              "họa)", "Lan"),
    DemoLogin("demo.canbo.hanoi", "Cong-Nghiep-Ho-Tro-HN", "staff", "hanoi", None,
              "Nhiệm vụ, chỉ tiêu của Hà Nội; đợt xét chọn: thiết lập, phân công chấm điểm, thẩm định hồ sơ, chuyển "
              "hội đồng; đợt năm trước: xếp hạng, ghi nhận Top 10, nhập ý kiến bằng văn bản, trả lời ý kiến; đợt đã "
              "có quyết định: tạm đình chỉ, khôi phục công nhận", "Minh"),
    DemoLogin("demo.lanhdao", "Bao-Cao-Giua-Ky-2030", "official", None, None,
              "Xem bảng điều khiển, tải báo cáo giữa kỳ và báo cáo tiến độ (PDF)", "Hùng"),
    DemoLogin("demo.hoidong", "Cham-Diem-Chu-Luc-26", "official", None, None,
              "Thành viên hội đồng xét chọn các đợt đang mở (TP Hồ Chí Minh: chấm cả phiếu; Hà Nội: chấm các tiêu "
              "chí được phân công cho Sở Kế hoạch và Đầu tư, từ điểm gợi ý theo số liệu), khai báo xung đột lợi ích; "
              "xem bảng điều khiển như lãnh đạo", "Thu", "Lê Thị"),
    DemoLogin("demo.chutich.hanoi", "Chu-Tich-Hoi-Dong-HN", "official", None, None,
              "Chủ tịch hội đồng xét chọn của Hà Nội: chấm tiêu chí “Khả năng xuất khẩu” được phân công, xem phần "
              "điểm của từng thành viên, kết thúc chấm điểm khi mọi tiêu chí đã được chấm", "Bảo", "Phạm Quốc"),
    DemoLogin("demo.doanhnghiep.hcm", "Thuong-Hieu-Vang-TP", "enterprise", None, "hcm",
              "Hồ sơ doanh nghiệp (giải thưởng Thương hiệu Vàng minh họa); xét chọn sản phẩm: nhập số liệu, hoàn "
              "thiện và nộp bản nháp, trả lời yêu cầu bổ sung, tạo hồ sơ mới, theo dõi hồ sơ đang lấy ý kiến",
              "Phương"),
    DemoLogin("demo.doanhnghiep.hanoi", "San-Pham-Chu-Luc-HN", "enterprise", None, "hanoi",
              "Hồ sơ doanh nghiệp; xét chọn sản phẩm: nhập số liệu, hoàn thiện và nộp bản nháp, trả lời yêu cầu "
              "bổ sung, tạo hồ sơ mới, tải giấy chứng nhận", "Tuấn"),
)  # fmt: skip
DEMO_USERNAMES = [login.username for login in DEMO_LOGINS]
COUNCIL_LOGIN = "demo.hoidong"


@dataclass(frozen=True)
class DemoAccount:
    """A demo account that nobody signs in with (no usable password): it takes the steps of the other members of
    a council, or of the enterprises that apply besides the demo logins'."""

    username: str
    role: str
    city: str
    first_name: str = ""
    last_name: str = ""


# Their seats, roles and agencies on each council are in demo/rounds.py.
DEMO_ACCOUNTS = (
    DemoAccount("demo.hoidong.hcm.1", "official", "hcm", "Khoa", "Võ Minh"),
    DemoAccount("demo.hoidong.hcm.2", "official", "hcm", "Hạnh", "Đặng Thị"),
    DemoAccount("demo.hoidong.hanoi.2", "official", "hanoi", "Hương", "Bùi Thanh"),
    DemoAccount("demo.hoidong.hanoi.3", "official", "hanoi", "Quân", "Đỗ Minh"),
    *(
        DemoAccount(f"demo.doanhnghiep.{city}.{n}", "enterprise", city)
        for city in ("hcm", "hanoi")
        for n in range(2, 2 + demo_journeys.APPLICANTS_PER_CITY)
    ),
)
ALL_DEMO_USERNAMES = DEMO_USERNAMES + [a.username for a in DEMO_ACCOUNTS]
# Accounts made before DEMO_GROUP existed are known by the address seed_demo gave them.
LEGACY_USERNAMES = frozenset(DEMO_USERNAMES) - {COUNCIL_LOGIN, "demo.chutich.hanoi"}
# Demo accounts an earlier seed_demo made and this one no longer does (removed when they are demo accounts).
RETIRED_USERNAMES = ("demo.hoidong.hanoi.1",)


def demo_email(username: str) -> str:
    return f"{username}@example.vn"


def is_demo_account(user) -> bool:
    if any(group.name == DEMO_GROUP for group in user.groups.all()):
        return True
    return user.username in LEGACY_USERNAMES and user.email == demo_email(user.username)


def demo_accounts():
    """The accounts seed_demo made (demo usernames that are demo accounts)."""
    User = get_user_model()
    users = User.objects.filter(username__in=ALL_DEMO_USERNAMES).prefetch_related("groups")
    return [u for u in users if is_demo_account(u)]


def find_obstacles(programs: list[Program], today) -> list[str]:
    """Everything seed_demo did not make that replacing the demo data would overwrite, take along or clash with."""
    User = get_user_model()
    users = list(User.objects.filter(username__in=ALL_DEMO_USERNAMES).prefetch_related("groups"))
    problems = [f"tài khoản “{u.username}” đã có nhưng không do seed_demo tạo" for u in users if not is_demo_account(u)]
    demo_ids = [u.id for u in users if is_demo_account(u)]
    problems += [
        f"mã số thuế {e.tax_code} của doanh nghiệp minh họa đã thuộc doanh nghiệp “{e.name}”"
        for e in enterprise_demo.login_enterprise_tax_codes_taken()
    ]
    problems += [
        f"tài khoản “{u.username}” (không do seed_demo tạo) gắn với doanh nghiệp minh họa “{u.enterprise.name}”"
        for u in User.objects.filter(enterprise__is_demo=True).exclude(id__in=demo_ids).select_related("enterprise")
    ]
    problems += product_demo.rows_in_the_way(demo_ids)
    problems += enterprise_demo.rows_in_the_way()
    problems += [
        f"đợt xét chọn “{r.title}” của {r.program.short_title or r.program.title}, năm {r.year}, "
        f"chiếm chỗ của đợt minh họa"
        for r in demo_journeys.round_collisions(programs, today)
    ]
    return problems


def ensure_demo_users(cities: dict[str, City]) -> dict[str, object]:
    """Create or refresh the demo users (members of DEMO_GROUP); enterprise users are linked once the enterprises
    exist. Accounts without a login get no usable password."""
    User = get_user_model()
    group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    users = {}
    accounts = [(login, login.password) for login in DEMO_LOGINS] + [(account, None) for account in DEMO_ACCOUNTS]
    for spec, password in accounts:
        city = spec.city if spec.role == "staff" else None
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "role": spec.role,
                "city": cities.get(city) if city else None,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": demo_email(spec.username),
                "is_staff": spec.role == "admin",
                "is_superuser": spec.role == "admin",
                "is_active": True,
            },
        )
        if password is None:
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
        elif not user.check_password(password):
            validate_password(password, user)
            user.set_password(password)
            user.save(update_fields=["password"])
        users[spec.username] = user
    group.user_set.add(*users.values())
    return users


def retire_demo_accounts() -> None:
    """Remove the demo accounts an earlier seed_demo made that this one no longer makes (their seats went with the
    demo rounds)."""
    User = get_user_model()
    retired = User.objects.filter(username__in=RETIRED_USERNAMES).prefetch_related("groups")
    ids = [u.id for u in retired if is_demo_account(u)]
    User.objects.filter(id__in=ids).delete()


def link_user(user, enterprise: Enterprise | None) -> None:
    user.enterprise = enterprise
    user.claimed_tax_code = enterprise.tax_code if enterprise else ""
    if enterprise and not user.first_name:
        *family, given = enterprise.representative.split() or [""]
        user.first_name, user.last_name = given, " ".join(family)
    user.save(update_fields=["enterprise", "claimed_tax_code", "first_name", "last_name"])


@contextmanager
def quiet_notifications():
    """The dossiers' status changes queue their e-mail task on commit; the demo events are already claimed, so each
    task sends nothing. Without a broker the tasks run in this process: keep their log lines (and kombu's
    broker-less warning) out of the command's output."""
    loggers = [logging.getLogger(name) for name in ("celery.app.trace", "kombu.connection")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def refresh_planner_statistics() -> None:
    """After a bulk load, PostgreSQL plans from the table sizes it last sampled (none, on a new database) until
    autovacuum samples again, a minute or more later: joins of the lists hash ten thousand enterprises to show
    twenty-five rows. Sample now, as any bulk load into PostgreSQL should."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Tạo lại dữ liệu minh họa (doanh nghiệp, sản phẩm, công nhận, cập nhật nhiệm vụ, tài khoản demo, các đợt xét "
        "chọn chạy qua cổng với hồ sơ ở mọi trạng thái). Chỉ dùng cho môi trường thử nghiệm."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enterprises", type=int, default=300, help="số doanh nghiệp minh họa (kể cả hai doanh nghiệp demo)"
        )
        parser.add_argument(
            "--products", type=int, default=120, help="số sản phẩm minh họa, ngoài sản phẩm của các hồ sơ minh họa"
        )
        parser.add_argument("--task-updates", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="chạy cả khi DJANGO_ENV=production (chỉ cho bản cài thử nghiệm, không bao giờ trên dữ liệu thật)",
        )

    def handle(self, *args, **options):
        for name in ("enterprises", "products", "task_updates"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} phải là số không âm.")
        if options["enterprises"] < MIN_ENTERPRISES:
            raise CommandError(
                f"--enterprises phải từ {MIN_ENTERPRISES} trở lên: mỗi thành phố có một doanh nghiệp của tài khoản demo."
            )
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                "DJANGO_ENV=production: seed_demo không chạy trên bản cài thật. Nếu đây là bản cài thử nghiệm, "
                "hãy chạy lại với --allow-production."
            )
        programs = list(Program.objects.filter(slug__in=[p["slug"] for p in PROGRAMS]).select_related("city"))
        if len(programs) != len(PROGRAMS):
            raise CommandError("Chưa có dữ liệu chương trình: hãy chạy `manage.py seed_programs` trước.")
        started = time.monotonic()
        today = timezone.localdate()
        stored: list[str] = []
        try:
            with quiet_notifications(), transaction.atomic():
                problems = find_obstacles(programs, today)
                if problems:
                    raise CommandError(
                        "seed_demo không chạy: cơ sở dữ liệu có dữ liệu không do lệnh này tạo, mà việc thay dữ liệu "
                        "minh họa sẽ ghi đè hoặc xóa theo:\n"
                        + "\n".join(f"- {p}" for p in problems)
                        + "\nKhông có gì bị thay đổi. Hãy dùng một cơ sở dữ liệu thử nghiệm riêng."
                    )
                with program_demo.history_paused():
                    counts = self._replace(options, programs, today, stored)
        except BaseException:
            # The rows are rolled back; the demo documents written meanwhile go with them.
            for name in stored:
                default_storage.delete(name)
            raise
        refresh_planner_statistics()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(f"Dữ liệu minh họa: {summary} ({time.monotonic() - started:.1f} giây).")
        self.stdout.write(
            f"Thời hạn hiệu lực của công nhận trong các đợt minh họa: {round_demo.DEMO_VALID_YEARS} năm — cấu hình "
            "minh họa của từng đợt (không có nguồn nêu thời hạn này); thời hạn của các chương trình thật vẫn để "
            "trống cho cán bộ nhập."
        )

    def _replace(self, options, programs: list[Program], today, stored: list[str]) -> dict[str, int]:
        rng = random.Random(options["seed"])
        cities = {c.code: c for c in City.objects.all()}
        users = ensure_demo_users(cities)
        program_demo.delete_demo_task_updates([u.id for u in users.values()])
        product_demo.delete_demo_products()
        enterprise_demo.delete_demo_enterprises()
        retire_demo_accounts()
        task_states_sync()

        enterprises = enterprise_demo.create_demo_enterprises(
            rng, count=options["enterprises"], cities=list(cities.values())
        )
        enrollments = enterprise_demo.create_demo_enrollments(rng, enterprises=enterprises, programs=programs)
        activities = enterprise_demo.create_demo_activities(rng, programs=programs)
        participations = enterprise_demo.create_demo_participations(rng, activities=activities, enterprises=enterprises)
        products = product_demo.create_demo_products(rng, count=options["products"], enterprises=enterprises)
        rounds = product_demo.demo_rounds(programs, taken=demo_journeys.demo_round_years(programs, today))
        recognitions = product_demo.create_demo_recognitions(rng, products=products, rounds=rounds)
        staff_by_city = {u.city_id: u.id for u in users.values() if u.role == "staff"}
        task_updates = program_demo.create_demo_task_updates(
            rng, count=options["task_updates"], programs=programs, authors_by_city=staff_by_city
        )
        cast = self._cast(users, enterprises, cities)
        # The UBND's demo signers sign the demo rounds' decisions.
        signers = signer_demo.replace_demo_signers()
        # A generator of its own, so that the dossiers are the same whatever the sizes asked for.
        journeys = demo_journeys.create_demo_rounds(
            random.Random(f"dossiers:{options['seed']}"), programs=programs, cast=cast, today=today, stored=stored
        )
        awards = enterprise_demo.create_demo_awards(enterprises, staff=cast.staff.get("hcm"), today=today)
        members = enterprise_demo.create_demo_group_members(
            random.Random(f"groups:{options['seed']}"), enterprises, staff=cast.staff.get("hcm")
        )
        return {
            "doanh nghiệp": len(enterprises),
            "lượt tham gia chương trình": len(enrollments),
            "hoạt động hỗ trợ": len(activities),
            "lượt tham gia hoạt động": len(participations),
            "sản phẩm": len(products),
            "công nhận": len(recognitions),
            "cập nhật nhiệm vụ": task_updates,
            "đợt xét chọn chạy qua cổng": len(journeys.rounds),
            "hồ sơ xét chọn": sum(journeys.counts.values()),
            "giải thưởng": awards,
            "doanh nghiệp trong danh mục nhóm sản phẩm": members,
            "tài khoản demo": len(users),
            "người ký minh họa": signers,
        }

    def _cast(self, users: dict[str, object], enterprises: list[Enterprise], cities: dict[str, City]):
        """Link the enterprise accounts to their enterprises and say who takes which step in each city."""
        login_codes = {e.city: e.tax_code for e in enterprise_demo.LOGIN_ENTERPRISES}
        by_code = {e.tax_code: e for e in enterprises}
        cast = demo_journeys.Cast(staff={}, users=users, applicants={})
        for code, city in cities.items():
            staff = [u for u in users.values() if u.role == "staff" and u.city_id == city.id]
            login = next((lg for lg in DEMO_LOGINS if lg.enterprise_city == code), None)
            enterprise = by_code.get(login_codes.get(code))
            if not staff or login is None or enterprise is None:
                continue
            cast.staff[code] = staff[0]
            link_user(users[login.username], enterprise)
            cast.applicants[code] = [(enterprise, users[login.username])]
            others = demo_journeys.applicant_enterprises(
                enterprises, province=city.name, city=code, exclude={enterprise.id}
            )
            accounts = [a for a in DEMO_ACCOUNTS if a.role == "enterprise" and a.city == code]
            for account, other in zip(accounts, others + [None] * len(accounts), strict=False):
                link_user(users[account.username], other)
                if other is not None:
                    cast.applicants[code].append((other, users[account.username]))
        return cast
