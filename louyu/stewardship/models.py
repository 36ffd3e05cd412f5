"""楼长制: a named government 楼长 paired with an operator contact per key building (BuildingSteward), and the
企业诉求 they collect and follow to resolution (EnterpriseRequest)."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from louyu.core.models import SourcedModel


class BuildingSteward(SourcedModel):
    """楼长: the district official answerable for one building, and the property side's contact."""

    building = models.OneToOneField("buildings.Building", verbose_name="楼宇", on_delete=models.CASCADE, related_name="steward")
    steward = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="楼长", on_delete=models.PROTECT, related_name="stewarded")
    steward_title = models.CharField("楼长职务", max_length=60, blank=True, default="")
    operator_contact = models.CharField("运营方联系人", max_length=40, blank=True, default="")
    operator_phone = models.CharField("运营方联系电话", max_length=40, blank=True, default="")
    since = models.DateField("任职日期")

    scope_path = "building__district"

    class Meta:
        verbose_name = "楼长"
        verbose_name_plural = "楼长"
        ordering = ["building"]

    def __str__(self) -> str:
        return f"{self.building.name} · 楼长 {self.steward.get_full_name() or self.steward.get_username()}"


class RequestCategory(models.TextChoices):
    SPACE = "space", "空间需求"
    PERMITS = "permits", "证照审批"
    POLICY = "policy", "政策咨询兑现"
    DISPUTE = "dispute", "纠纷协调"
    OTHER = "other", "其他"


class RequestStatus(models.TextChoices):
    OPEN = "open", "待办理"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已办结"
    CONFIRMED = "confirmed", "企业已确认"


CLOSED_STATUSES = (RequestStatus.RESOLVED, RequestStatus.CONFIRMED)


class EnterpriseRequest(SourcedModel):
    """企业诉求: what an enterprise in a building asks for, assigned, tracked to resolution and confirmed."""

    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.PROTECT, related_name="enterprise_requests")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="requests")
    enterprise_name = models.CharField("企业名称", max_length=200)
    category = models.CharField("诉求类别", max_length=12, choices=RequestCategory.choices)
    summary = models.CharField("诉求内容", max_length=300)
    received_on = models.DateField("受理日期")
    department = models.CharField("承办部门", max_length=60, blank=True, default="")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_requests")
    due_on = models.DateField("办理期限")
    status = models.CharField("状态", max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True)
    resolution = models.CharField("办理结果", max_length=300, blank=True, default="")
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    confirmed_on = models.DateField("企业确认日期", null=True, blank=True)

    scope_path = "building__district"

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")), name="request_due_after_received"),
            models.CheckConstraint(condition=~Q(status__in=["resolved", "confirmed"]) | Q(resolved_on__isnull=False),
                                   name="request_resolved_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_name}：{self.summary[:30]}"
