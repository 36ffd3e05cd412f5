"""活动登记 (推介活动、联席会议、发展大会、行业会议、蓝皮书发布), their materials and 联席会议 议定事项."""
from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from louyu.core.models import SourcedModel

CITY_LEVEL = "全市"  # what 地区 says for an event of the city itself (no district)


class EventKind(models.TextChoices):
    PROMOTION_EVENT = "promotion_event", "推介活动"
    JOINT_MEETING = "joint_meeting", "联席会议"
    CONFERENCE = "conference", "发展大会"
    INDUSTRY_MEETING = "industry_meeting", "行业会议"
    BLUEBOOK = "bluebook", "蓝皮书发布"


class Event(SourcedModel):
    """One event held (or a publication made) by a district or by the city (district empty = 全市)."""

    name = models.CharField("活动名称", max_length=200)
    kind = models.CharField("活动类型", max_length=20, choices=EventKind.choices, db_index=True)
    district = models.ForeignKey(
        "geo.District", verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT, related_name="events",
        help_text="空表示全市（市级）活动",
    )
    held_on = models.DateField("举办日期", db_index=True)
    organiser = models.CharField("主办单位", max_length=200)
    participants = models.PositiveIntegerField("参与人数", null=True, blank=True)
    signed_projects = models.PositiveIntegerField("签约项目数", null=True, blank=True)
    intended_projects = models.PositiveIntegerField("意向项目数", null=True, blank=True)
    signed_amount = models.DecimalField(
        "签约金额(万元)", max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    topics = models.TextField("议题", blank=True, default="", help_text="联席会议的议题，每行一项")
    note = models.TextField("备注", blank=True, default="")

    scope_path = "district"
    delete_blockers = {"resolutions": "议定事项"}  # tracked like key tasks: a meeting with them is not deleted
    delete_cascades = {"attachments": "活动材料"}

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动登记"
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["name", "held_on"], name="event_unique_name_date")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.name}"

    @property
    def region(self) -> str:
        return self.district.name if self.district_id else CITY_LEVEL


class AttachmentKind(models.TextChoices):
    AGENDA = "agenda", "议程"
    MINUTES = "minutes", "纪要"
    PHOTO = "photo", "照片"
    OTHER = "other", "其他材料"


class EventAttachment(models.Model):
    """A material of an event; the upload is checked (type by content, size) before it is stored."""

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("材料类型", max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    title = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="events/%Y/")
    size = models.PositiveIntegerField("大小(字节)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, default="")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    scope_path = "event__district"
    audit_exclude = ("uploaded_at",)

    class Meta:
        verbose_name = "活动材料"
        verbose_name_plural = "活动材料"
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return f"{self.event.name} · {self.title}"


class ResolutionStatus(models.TextChoices):
    OPEN = "open", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"


class Resolution(models.Model):
    """联席会议 议定事项: what was agreed, who carries it out and by when — tracked like a key task."""

    event = models.ForeignKey(Event, verbose_name="会议", on_delete=models.CASCADE, related_name="resolutions")
    content = models.TextField("议定事项")
    owner = models.CharField("责任单位", max_length=200)
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN)
    progress = models.TextField("进展情况", blank=True, default="")
    completed_on = models.DateField("完成日期", null=True, blank=True)

    scope_path = "event__district"

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.owner}：{self.content[:30]}"
