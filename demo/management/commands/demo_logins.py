"""Print the demo logins created by `seed_demo`, with what each role can do."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.management.commands.seed_demo import DEMO_LOGINS, demo_accounts


class Command(BaseCommand):
    help = "In danh sách tài khoản minh họa (tên đăng nhập, mật khẩu, vai trò, quyền)."

    def handle(self, *args, **options):
        User = get_user_model()
        # Only accounts seed_demo made: a real account that happens to bear a demo name has its own password.
        existing = {user.username for user in demo_accounts()}
        roles = dict(User.Role.choices)
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Được phép")]
        rows += [(d.username, d.password, str(roles[d.role]), d.can_do) for d in DEMO_LOGINS if d.username in existing]
        if len(rows) == 1:
            self.stdout.write("Chưa có tài khoản minh họa: hãy chạy `manage.py seed_demo`.")
            return
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        rule = "-+-".join("-" * w for w in widths) + "-+-" + "-" * max(len(row[3]) for row in rows)
        self.stdout.write("Tài khoản minh họa (chỉ dùng cho môi trường thử nghiệm):")
        for n, row in enumerate(rows):
            self.stdout.write(" | ".join(cell.ljust(w) for cell, w in zip(row, widths + [0], strict=True)))
            if n == 0:
                self.stdout.write(rule)
