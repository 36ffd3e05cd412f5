"""政务服务进楼宇 (service points in buildings, the services they offer, monthly transactions) and 楼宇党建
(party organisations in buildings)."""
from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from louyu.core.models import SourcedModel


class GovernmentService(models.Model):
    """One item of the city's service catalogue (reference data: cities/<city>/government_services.csv)."""

    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("服务事项", max_length=100)
    self_service = models.BooleanField("可自助办理", default=False)

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServicePoint(SourcedModel):
    """政务服务站/点 in a building."""

    name = models.CharField("服务点名称", max_length=120)
    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.PROTECT, related_name="service_points")
    opened_on = models.DateField("设立日期", null=True, blank=True)
    services = models.ManyToManyField(GovernmentService, verbose_name="提供的服务", blank=True, related_name="points")
    has_self_service_terminal = models.BooleanField("设有自助终端", default=False)

    scope_path = "building__district"
    delete_blockers = {"volumes": "月度办件量"}  # the reported counts feed the self-service ratio

    class Meta:
        verbose_name = "政务服务点"
        verbose_name_plural = "政务服务点"
        ordering = ["building__district__order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceVolume(models.Model):
    """A month's transactions at a service point, where reported: all and those done self-service (自助办理)."""

    point = models.ForeignKey(ServicePoint, verbose_name="服务点", on_delete=models.CASCADE, related_name="volumes")
    period = models.DateField("月份", help_text="当月第一天")
    transactions = models.PositiveIntegerField("办件量")
    self_service = models.PositiveIntegerField("其中自助办理")

    scope_path = "point__building__district"

    class Meta:
        verbose_name = "服务点月度办件量"
        verbose_name_plural = "服务点月度办件量"
        ordering = ["point", "period"]
        constraints = [
            models.UniqueConstraint(fields=["point", "period"], name="service_volume_one_per_month"),
            models.CheckConstraint(condition=Q(self_service__lte=F("transactions")), name="service_volume_self_within_total"),
            models.CheckConstraint(condition=Q(period__day=1), name="service_volume_period_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.point} {self.period:%Y-%m}"


class PartyOrgKind(models.TextChoices):
    INDEPENDENT = "independent", "独立党组织"
    JOINT = "joint", "联合党组织"
    FUNCTIONAL = "functional", "功能型党组织"


class PartyOrganisation(SourcedModel):
    """楼宇党组织: a party organisation resting on a building's operator or a lead enterprise."""

    name = models.CharField("党组织名称", max_length=150)
    kind = models.CharField("类型", max_length=12, choices=PartyOrgKind.choices)
    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.PROTECT, related_name="party_organisations")
    lead_unit = models.CharField("依托单位", max_length=150, help_text="楼宇运营方或牵头企业")
    members = models.PositiveIntegerField("党员人数", validators=[MinValueValidator(3)], help_text="不少于 3 人")
    community = models.CharField("所属党建共同体", max_length=150, blank=True, default="")
    founded_on = models.DateField("成立日期", null=True, blank=True)

    scope_path = "building__district"

    class Meta:
        verbose_name = "楼宇党组织"
        verbose_name_plural = "楼宇党组织"
        ordering = ["building__district__order", "name"]

    def __str__(self) -> str:
        return self.name
