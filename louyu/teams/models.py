"""优秀楼宇招商运营团队 (三(四)): operation teams, the buildings they run, and their yearly recognition."""
from __future__ import annotations

from django.db import models

from louyu.core.models import SourcedModel


class OperationTeam(SourcedModel):
    name = models.CharField("团队名称", max_length=150)
    company = models.CharField("所属公司", max_length=150)
    district = models.ForeignKey("geo.District", verbose_name="所在地区", on_delete=models.PROTECT, related_name="operation_teams")
    contacts = models.CharField("联系人及电话", max_length=300, blank=True, default="")
    buildings = models.ManyToManyField("buildings.Building", verbose_name="运营楼宇", blank=True, related_name="operation_teams")

    scope_path = "district"
    delete_blockers = {"recognitions": "优秀团队认定"}  # a recognised team stays on the record

    class Meta:
        verbose_name = "招商运营团队"
        verbose_name_plural = "招商运营团队"
        ordering = ["district__order", "name"]

    def __str__(self) -> str:
        return self.name


class TeamRecognition(models.Model):
    """A team recognised as 优秀楼宇招商运营团队 for a year (by the city)."""

    team = models.ForeignKey(OperationTeam, verbose_name="团队", on_delete=models.CASCADE, related_name="recognitions")
    year = models.PositiveSmallIntegerField("评定年度")
    recognised_on = models.DateField("认定日期")
    note = models.TextField("评定意见", blank=True, default="")

    scope_path = "team__district"

    class Meta:
        verbose_name = "优秀招商运营团队认定"
        verbose_name_plural = "优秀招商运营团队认定"
        ordering = ["-year", "team"]
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="team_recognised_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year} 年 {self.team}"
