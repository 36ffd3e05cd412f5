"""评价 (a published, frozen district evaluation of a year) and 督查 (supervision records with follow-ups)."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from louyu.core.models import SourcedModel


class Evaluation(models.Model):
    """A published evaluation: the weights used and every district's components and score, frozen as they were
    (later data changes never move it). Each publication of a year is a new version."""

    year = models.PositiveSmallIntegerField("评价年度")
    version = models.PositiveSmallIntegerField("版本")
    months = models.PositiveSmallIntegerField("数据月数", default=12)
    weights = models.JSONField("权重")
    results = models.JSONField("评价结果")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    scope_path = None  # a comparison of all districts: readable by every signed-in role (READ_ALL_MODELS)
    audit_exclude = ("published_at",)

    class Meta:
        verbose_name = "地区评价"
        verbose_name_plural = "地区评价"
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="evaluation_unique_year_version")]

    def __str__(self) -> str:
        return f"{self.year} 年地区评价（第 {self.version} 版）"


class InspectionStatus(models.TextChoices):
    OPEN = "open", "整改中"
    DONE = "done", "已整改"
    CLOSED = "closed", "已销号"


class Inspection(SourcedModel):
    """督查: a supervision of a district (or a department) on a policy item, with its rectification."""

    inspected_on = models.DateField("督查日期")
    district = models.ForeignKey("geo.District", verbose_name="督查对象（地区）", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections")
    department = models.CharField("督查对象（部门）", max_length=100, blank=True, default="")
    policy_item = models.CharField("政策条款", max_length=200, help_text="如：三(一) 加强楼宇载体建设")
    findings = models.TextField("发现问题")
    requirement = models.TextField("整改要求", blank=True, default="")
    deadline = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.OPEN)

    scope_path = "district"
    delete_blockers = {"follow_ups": "整改跟进报告"}  # a rectification already reported on stays on the record

    class Meta:
        verbose_name = "督查记录"
        verbose_name_plural = "督查记录"
        ordering = ["-inspected_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(district__isnull=False) | ~models.Q(department=""),
                                              name="inspection_has_subject")]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.subject} · {self.policy_item}"

    @property
    def subject(self) -> str:
        return self.district.name if self.district_id else self.department


class InspectionFollowUp(models.Model):
    """整改情况报告: what the subject reports back on a supervision."""

    inspection = models.ForeignKey(Inspection, verbose_name="督查记录", on_delete=models.CASCADE, related_name="follow_ups")
    reported_on = models.DateField("报告日期")
    content = models.TextField("整改情况")

    scope_path = "inspection__district"

    class Meta:
        verbose_name = "整改报告"
        verbose_name_plural = "整改报告"
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.reported_on:%Y-%m-%d} {self.content[:20]}"
