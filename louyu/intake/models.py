from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", "已校验（试导入）"
    COMMITTED = "committed", "已导入"
    REJECTED = "rejected", "已拒绝"
    FAILED = "failed", "失败"


class FollowupStatus(models.TextChoices):
    """What happened after the rows were written: the indicator refresh and the other after-import hooks."""

    NONE = "", "无需后续处理"
    DONE = "done", "已完成"
    FAILED = "failed", "失败，待重试"


class ImportKind(models.TextChoices):
    """What a file holds (louyu.intake.kinds has one module per kind)."""

    BUILDINGS = "buildings", "楼宇"
    ENTERPRISES = "enterprises", "企业"
    TENANCIES = "tenancies", "入驻"
    TAX = "tax", "税收"
    OPERATIONS = "operations", "楼宇运营"
    NEW_PROJECTS = "new_projects", "新建楼宇项目"
    RENOVATIONS = "renovations", "存量楼宇改造提升"
    TARGETS = "targets", "年度目标（附件1）"
    VACANT_UNITS = "vacant_units", "可招商空间"
    EVENTS = "events", "活动"
    INSPECTIONS = "inspections", "督查记录"
    USERS = "users", "账户"
    SERVICE_POINTS = "service_points", "政务服务点"
    SERVICE_VOLUMES = "service_volumes", "服务点月度办件量"
    PARTY_ORGANISATIONS = "party_organisations", "楼宇党组织"
    OPERATION_TEAMS = "operation_teams", "招商运营团队"
    RESOLUTIONS = "resolutions", "议定事项"
    DEMANDS = "demands", "招商需求"
    STEWARDS = "stewards", "楼长"


# Batches not written by an import file: the demo data loader (louyu.demo.loader) records its load as one.
OTHER_BATCH_KINDS = [("demo", "演示数据")]


class ImportBatch(models.Model):
    """One import of one file: who, when, what file, what happened. Every change it made points back here."""

    kind = models.CharField("数据类型", max_length=30, db_index=True, choices=ImportKind.choices + OTHER_BATCH_KINDS)
    file_name = models.CharField("文件名", max_length=255)
    file_sha256 = models.CharField("文件哈希(SHA-256)", max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    actor_label = models.CharField("导入人标识", max_length=150, blank=True, default="")
    district = models.ForeignKey("geo.District", verbose_name="地区", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.CharField("报送部门", max_length=100, blank=True, default="")
    channel = models.CharField("渠道", max_length=10, default="cli")  # cli / web / api
    started_at = models.DateTimeField("开始时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.VALIDATED)
    dry_run = models.BooleanField("试导入", default=False)
    valid_rows_only = models.BooleanField("仅导入有效行", default=False)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_inserted = models.PositiveIntegerField("新增", default=0)
    rows_updated = models.PositiveIntegerField("更新", default=0)
    rows_unchanged = models.PositiveIntegerField("未变化", default=0)
    rows_rejected = models.PositiveIntegerField("拒绝", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)
    warnings = models.JSONField("警告", default=list, blank=True)
    skipped = models.JSONField("跳过的行", default=list, blank=True)
    # A committed import whose indicator refresh failed is not a success: it says so and is retried
    # (louyu.intake.hooks.retry_failed) with what it touched, kept here only while it is pending.
    followup_status = models.CharField("后续处理", max_length=8, choices=FollowupStatus.choices, default="", blank=True, db_index=True)
    followup_errors = models.JSONField("后续处理错误", default=list, blank=True)
    followup_attempts = models.PositiveIntegerField("后续处理尝试次数", default=0)
    pending_affected = models.JSONField("待刷新范围", default=dict, blank=True)

    # A district user's imports are scoped to their district (louyu.core.permissions); city imports have none.
    scope_path = "district"

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def status_text(self) -> str:
        """The status as shown to people: an import whose refresh failed never reads as a plain 已导入."""
        if self.followup_status == FollowupStatus.FAILED:
            return f"{self.get_status_display()}（指标刷新等后续处理失败，待重试）"
        return self.get_status_display()
