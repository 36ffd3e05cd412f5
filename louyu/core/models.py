"""Base models shared by every domain app: provenance, verification and the audit trail."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "未核实"
    VERIFIED = "verified", "已核实"
    DOUBTFUL = "doubtful", "存疑"


class SourcedModel(models.Model):
    """Every official record says where it came from (数据来源), whether it is verified, and when it changed."""

    source = models.CharField("数据来源", max_length=200, blank=True, default="")
    # The import batch's id, not a foreign key: batches are never deleted (they are the imports' audit trail),
    # PostgreSQL checks a foreign key row by row at commit (seconds for a million-row import), and the kernel
    # points at no app above it (docs/architecture.md).
    source_batch_id = models.BigIntegerField("来源导入批次", null=True, blank=True, db_index=True)
    verification = models.CharField(
        "核实状态", max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED, db_index=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    # Path from this model to geo.District, used by louyu.core.permissions to scope querysets.
    scope_path: str | None = None
    # Fields that are bookkeeping, not official data: never part of an audit diff.
    audit_exclude = ("created_at", "updated_at", "source_batch_id")

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"


class AuditEntry(models.Model):
    """One change to official data: who, when, what, old → new. Written by services in the same transaction."""

    timestamp = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    actor_label = models.CharField("操作人标识", max_length=150, blank=True, default="")
    action = models.CharField("操作", max_length=10, choices=AuditAction.choices)
    # No single-column indexes on content_type / object_id: the (content_type, object_id) index below serves
    # both, and every extra index is written once per audited row (a million for a large import's updates).
    content_type = models.ForeignKey(ContentType, verbose_name="数据类型", on_delete=models.PROTECT, db_index=False)
    object_id = models.CharField("对象ID", max_length=64)
    object_repr = models.CharField("对象", max_length=300, blank=True, default="")
    # The district's and the import batch's ids as they were when the change was made, not foreign keys: the
    # trail is append-only (a foreign key's SET NULL would rewrite it) and the kernel points at no app above it.
    district_id = models.BigIntegerField("地区", null=True, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    batch_id = models.BigIntegerField("导入批次", null=True, blank=True, db_index=True)
    note = models.CharField("备注", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", "市级管理员"
    CITY_VIEWER = "city_viewer", "市领导（只读）"
    DISTRICT_EDITOR = "district_editor", "地区填报员"
    DEPARTMENT = "department", "部门用户"
    OPERATOR = "operator", "楼宇运营方"


class AdminDuty(models.TextChoices):
    SYSTEM = "system", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDIT = "audit", "审计管理员"


class LoginThrottle(models.Model):
    """Failed sign-ins counted per (account, client address) and per client address, with a lock that
    doubles each time it is earned (louyu.accounts.auth). Keyed by address too, so nobody elsewhere can lock a
    person out of their own account by guessing at it."""

    key = models.CharField("限流键", max_length=300, unique=True)
    failures = models.PositiveIntegerField("失败次数", default=0)
    strikes = models.PositiveIntegerField("锁定次数", default=0)
    locked_until = models.DateTimeField("限制至", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_path = None  # security bookkeeping, not official data: city administrators only (admin site)

    class Meta:
        verbose_name = "登录限流"
        verbose_name_plural = "登录限流"

    def __str__(self) -> str:
        return self.key


class PasswordChange(models.Model):
    """When a user's password was last set: the start of its validity (LOUYU_PASSWORD_MAX_AGE_DAYS).
    Written by louyu.core.passwords.ComplexityValidator.password_changed, which Django calls on every save
    of a new password."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    changed_at = models.DateTimeField("修改时间", auto_now_add=True, db_index=True)

    scope_path = None

    class Meta:
        verbose_name = "密码修改记录"
        verbose_name_plural = "密码修改记录"
        ordering = ["-changed_at", "-id"]


class ApiToken(models.Model):
    """A per-user API token (louyu.core.tokens): only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True, default="")
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    digest = models.CharField("摘要(SHA-256)", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    scope_path = None

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
