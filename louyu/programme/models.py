"""The policy's work programme: annual targets (附件1) with versions, key tasks (附件2) with their
responsible units' assignments and progress reports."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from louyu.core.models import SourcedModel


class TargetColumn(models.TextChoices):
    """附件1's six columns, in its order."""

    OFFICE_BUILDINGS_10K = "office_buildings_10k", "商务办公1万㎡以上楼宇数量"
    NEW_100M = "new_100m", "新增亿元楼宇"
    CUMULATIVE_100M = "cumulative_100m", "累计亿元楼宇"
    NEW_FEATURED = "new_featured", "新增特色产业楼宇"
    RENOVATED = "renovated", "改造存量楼宇"
    PROMOTION_EVENTS = "promotion_events", "举办楼宇推介活动"


class AnnualTarget(models.Model):
    """One district's targets for one year in force: the approved TargetVersion numbered `version`.

    Every reader of targets (progress, exports, the engine) reads this row; only the approval services
    write it, together with the version they copy it from."""

    year = models.PositiveSmallIntegerField("年度")
    district = models.ForeignKey("geo.District", verbose_name="地区", on_delete=models.PROTECT, related_name="targets")
    office_buildings_10k = models.PositiveIntegerField("商务办公1万㎡以上楼宇数量")
    new_100m = models.PositiveIntegerField("新增亿元楼宇")
    cumulative_100m = models.PositiveIntegerField("累计亿元楼宇")
    new_featured = models.PositiveIntegerField("新增特色产业楼宇")
    renovated = models.PositiveIntegerField("改造存量楼宇")
    promotion_events = models.PositiveIntegerField("举办楼宇推介活动")
    version = models.PositiveSmallIntegerField("现行版本", default=1)

    scope_path = "district"

    class Meta:
        verbose_name = "年度目标（附件1）"
        verbose_name_plural = "年度目标（附件1）"
        ordering = ["-year", "district__order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "district"], name="target_unique_district_year"),
            models.CheckConstraint(condition=Q(cumulative_100m__gte=models.F("new_100m")), name="target_cumulative_ge_new"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.district}"


class TargetStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批准"


class TargetVersion(SourcedModel):
    """One submission or approved version of a district's (or, with no district, the city's own) 附件1 row.

    Never edited in place once approved: a change is a new row. Approved rows carry `number` 1, 2, …
    per (year, district); the highest is the one in force (copied to AnnualTarget)."""

    year = models.PositiveSmallIntegerField("年度")
    district = models.ForeignKey("geo.District", verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="target_versions", help_text="空：市级目标清单本身")
    number = models.PositiveSmallIntegerField("版本号", null=True, blank=True)
    office_buildings_10k = models.PositiveIntegerField("商务办公1万㎡以上楼宇数量")
    new_100m = models.PositiveIntegerField("新增亿元楼宇")
    cumulative_100m = models.PositiveIntegerField("累计亿元楼宇")
    new_featured = models.PositiveIntegerField("新增特色产业楼宇")
    renovated = models.PositiveIntegerField("改造存量楼宇")
    promotion_events = models.PositiveIntegerField("举办楼宇推介活动")
    status = models.CharField("状态", max_length=12, choices=TargetStatus.choices, default=TargetStatus.SUBMITTED)
    reason = models.CharField("调整说明", max_length=300, blank=True, default="")
    return_reason = models.CharField("退回原因", max_length=300, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField("填报人", max_length=150, blank=True, default="")
    decided_by_label = models.CharField("审核人", max_length=150, blank=True, default="")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    scope_path = "district"

    class Meta:
        verbose_name = "年度目标版本"
        verbose_name_plural = "年度目标版本"
        ordering = ["-year", "district__order", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "district", "number"], name="target_version_unique_number"),
            models.CheckConstraint(condition=Q(cumulative_100m__gte=models.F("new_100m")), name="target_version_cumulative_ge_new"),
            models.CheckConstraint(condition=Q(status="approved", number__isnull=False) | (~Q(status="approved") & Q(number__isnull=True)),
                                   name="target_version_number_iff_approved"),
        ]

    def __str__(self) -> str:
        where = self.district.name if self.district_id else "全市"
        return f"{self.year} {where} " + (f"第{self.number}版" if self.number else self.get_status_display())


class Cycle(models.TextChoices):
    """A 持续推进 task's reporting cycle, in months."""

    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    HALF = "half", "每半年"
    YEAR = "year", "每年"


class KeyTask(models.Model):
    """A key task of 附件2 with its deadline and responsible units."""

    seq = models.PositiveSmallIntegerField("序号")
    area = models.CharField("五方面工作", max_length=40)
    task = models.TextField("重点任务")
    deadline_text = models.CharField("完成时限", max_length=40)
    deadline = models.DateField("截止日期", null=True, blank=True, help_text="空表示持续推进")
    responsible_units = models.JSONField("责任单位", default=list)
    cycle = models.CharField("报告周期", max_length=8, choices=Cycle.choices, default=Cycle.QUARTER,
                             help_text="持续推进的任务按此周期报告进展；有截止日期的任务不适用")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "重点任务（附件2）"
        verbose_name_plural = "重点任务（附件2）"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["order"], name="key_task_unique_order")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.task[:30]}"


class TaskAssignment(models.Model):
    """One responsible unit's share of a key task: a department's (by department name) or a district's."""

    task = models.ForeignKey(KeyTask, verbose_name="重点任务", null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    plan_item = models.OneToOneField("programme.PlanItem", verbose_name="行动计划责任分工", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="assignment")
    unit = models.CharField("责任单位", max_length=60)
    department = models.CharField("责任部门", max_length=100, blank=True, default="")
    district = models.ForeignKey("geo.District", verbose_name="责任地区", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="task_assignments")

    scope_path = "district"
    department_path = "department"  # louyu.core.permissions: a department user changes its own assignments

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task__order", "district__order", "department", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "department", "district"], name="assignment_unique"),
            models.CheckConstraint(condition=~Q(department="") | Q(district__isnull=False), name="assignment_has_owner"),
            models.CheckConstraint(condition=Q(task__isnull=False, plan_item__isnull=True) | Q(task__isnull=True, plan_item__isnull=False),
                                   name="assignment_of_task_or_plan_item"),
        ]

    @property
    def item(self):
        """What is reported on: the 附件2 key task, or a district's plan item (both answer the same questions)."""
        return self.task if self.task_id else self.plan_item

    @property
    def owner(self) -> str:
        return self.district.name if self.district_id else self.department

    def __str__(self) -> str:
        return f"{self.item.seq}. {self.item.task[:20]} · {self.owner}"


class ReportStatus(models.TextChoices):
    DONE = "done", "完成"
    ONGOING = "ongoing", "推进中"
    BLOCKED = "blocked", "受阻"


class ProgressReport(SourcedModel):
    """A responsible unit's update on one assignment (进展报告)."""

    assignment = models.ForeignKey(TaskAssignment, verbose_name="任务分工", on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField("报告日期")
    text = models.TextField("进展情况")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices)
    obstacle = models.CharField("困难和问题", max_length=500, blank=True, default="")
    attachment = models.FileField("附件", upload_to="programme/reports/%Y/", blank=True, default="")
    attachment_name = models.CharField("附件原文件名", max_length=255, blank=True, default="")
    author_label = models.CharField("报告人", max_length=150, blank=True, default="")

    scope_path = "assignment__district"
    department_path = "assignment__department"
    audit_exclude = SourcedModel.audit_exclude + ("attachment",)  # the audit records attachment_name

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="blocked") | ~Q(obstacle=""), name="report_blocked_has_obstacle"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.reported_on} {self.get_status_display()}"


PLAN_PUBLISH_DEADLINE = "2023-04-30"  # 三(三)：2023年4月底前各地制定出台楼宇经济三年行动计划


class ActionPlan(SourcedModel):
    """A district's 楼宇经济三年行动计划 (2023—2025): the published document, its annual goals and its
    responsibility split. Re-uploading the document raises `document_version`; the audit keeps the history."""

    district = models.OneToOneField("geo.District", verbose_name="地区", on_delete=models.PROTECT, related_name="action_plan")
    title = models.CharField("名称", max_length=200, default="楼宇经济三年行动计划（2023—2025）")
    published_on = models.DateField("印发日期", null=True, blank=True)
    document = models.FileField("计划文件", upload_to="programme/plans/", blank=True, default="")
    document_name = models.CharField("计划文件原文件名", max_length=255, blank=True, default="")
    document_version = models.PositiveSmallIntegerField("文件版本", default=0)

    scope_path = "district"
    audit_exclude = SourcedModel.audit_exclude + ("document",)  # the audit records document_name and version

    class Meta:
        verbose_name = "三年行动计划"
        verbose_name_plural = "三年行动计划"
        ordering = ["district__order"]

    def __str__(self) -> str:
        return f"{self.district.name}{self.title}"


class PlanGoal(models.Model):
    """The plan's goal for one year (年度目标任务)."""

    plan = models.ForeignKey(ActionPlan, verbose_name="行动计划", on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField("年度")
    text = models.TextField("年度目标")

    scope_path = "plan__district"

    class Meta:
        verbose_name = "行动计划年度目标"
        verbose_name_plural = "行动计划年度目标"
        ordering = ["plan", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="plan_goal_unique_year")]

    def __str__(self) -> str:
        return f"{self.plan.district.name} {self.year}"


class PlanItem(models.Model):
    """One work-focus item of the plan with its responsibility split (责任分工: item → unit → deadline)."""

    plan = models.ForeignKey(ActionPlan, verbose_name="行动计划", on_delete=models.CASCADE, related_name="items")
    focus = models.TextField("工作重点")
    unit = models.CharField("责任单位", max_length=100)
    deadline = models.DateField("完成时限", null=True, blank=True, help_text="空表示持续推进")
    cycle = models.CharField("报告周期", max_length=8, choices=Cycle.choices, default=Cycle.QUARTER)
    order = models.PositiveSmallIntegerField("排序", default=0)

    scope_path = "plan__district"
    # Reported on like a key task (TaskAssignment.item): the same names for what the pages show.
    seq = "计划"
    area = "三年行动计划"

    @property
    def task(self) -> str:
        return self.focus

    @property
    def deadline_text(self) -> str:
        return f"{self.deadline:%Y 年 %m 月 %d 日}前" if self.deadline else "持续推进"

    @property
    def responsible_units(self) -> list[str]:
        return [self.unit]

    class Meta:
        verbose_name = "行动计划责任分工"
        verbose_name_plural = "行动计划责任分工"
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return f"{self.plan.district.name} · {self.focus[:20]} · {self.unit}"
