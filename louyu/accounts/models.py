"""Accounts: a user's role and scope (district, department, operated buildings). The scoping rules themselves
live in louyu.core.permissions, once; they read `user.profile` and never import this app."""
from django.conf import settings
from django.db import models

from louyu.core.models import Role


class UserProfile(models.Model):
    """A user's role and scope. Scoping rules themselves live in louyu.core.permissions, once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CITY_VIEWER)
    district = models.ForeignKey(
        "geo.District", verbose_name="所属地区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.CharField("所属部门", max_length=100, blank=True, default="")
    buildings = models.ManyToManyField("buildings.Building", verbose_name="运营楼宇", blank=True, related_name="+")
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    # 等保 2.0 三员分立: the system, security and audit administrators are three different accounts.
    is_system_admin = models.BooleanField("系统管理员", default=False)
    is_security_admin = models.BooleanField("安全管理员", default=False)
    is_audit_admin = models.BooleanField("审计管理员", default=False)

    class Meta:
        db_table = "core_userprofile"  # the table predates this app (moved from core, state only)
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="district_editor") | models.Q(district__isnull=False),
                name="district_editor_has_district",
            ),
            models.CheckConstraint(
                condition=~(models.Q(is_system_admin=True) & models.Q(is_security_admin=True))
                & ~(models.Q(is_system_admin=True) & models.Q(is_audit_admin=True))
                & ~(models.Q(is_security_admin=True) & models.Q(is_audit_admin=True)),
                name="profile_one_admin_duty",
                violation_error_message="三员分立：系统管理员、安全管理员、审计管理员须由不同账户担任",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
