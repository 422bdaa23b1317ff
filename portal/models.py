from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import permissions
from enterprises.taxcode import TaxCodeField


class User(AbstractUser):
    """A portal user. The role decides what they see; staff are scoped to one city (core/permissions.py)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Quản trị viên")
        STAFF = "staff", _("Cán bộ Sở Công Thương")
        OFFICIAL = "official", _("Lãnh đạo / cán bộ theo dõi")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")

    # Vietnamese names: the given name (tên) is the last word, after the family and middle names (họ và tên đệm).
    first_name = models.CharField(pgettext_lazy("tên riêng của người", "tên"), max_length=150, blank=True)
    last_name = models.CharField(_("họ và tên đệm"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    city = models.ForeignKey(
        "programs.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("thành phố phụ trách"),
    )
    # Set only once staff have verified the account against the enterprise's tax code.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("doanh nghiệp"),
    )
    claimed_tax_code = TaxCodeField(_("mã số thuế đăng ký"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="staff") | models.Q(city__isnull=False), name="staff_has_city"
            ),
        ]

    def get_full_name(self) -> str:
        """In Vietnamese order: family and middle names (last_name) before the given name (first_name)."""
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    @property
    def is_admin_role(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def is_department_staff(self) -> bool:
        return self.role == self.Role.STAFF

    @property
    def is_official(self) -> bool:
        return self.role == self.Role.OFFICIAL

    @property
    def is_enterprise_user(self) -> bool:
        return self.role == self.Role.ENTERPRISE

    @property
    def can_read_workspace(self) -> bool:
        """For templates ({% if user.can_read_workspace %}); the rule is core.permissions.can_read_workspace."""
        return permissions.can_read_workspace(self)

    @property
    def is_staff_member(self) -> bool:
        """For templates: department staff and administrators (core.permissions.is_staff_member)."""
        return permissions.is_staff_member(self)
