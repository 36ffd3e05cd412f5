"""Attribution of enterprises to buildings from their registered address, and its review queue."""
from django.conf import settings
from django.db import models


class MatchStatus(models.TextChoices):
    MATCHED = "matched", "匹配"
    REVIEW = "review", "待复核"
    NONE = "none", "无匹配"
    CONFIRMED = "confirmed", "已确认"
    CORRECTED = "corrected", "已更正"
    REJECTED = "rejected", "已驳回"


DECIDED = (MatchStatus.CONFIRMED, MatchStatus.CORRECTED, MatchStatus.REJECTED)


class AddressMatch(models.Model):
    """The engine's answer for one enterprise's registered address, and a person's decision on it."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="address_match"
    )
    address = models.CharField("注册地址", max_length=300)
    status = models.CharField("状态", max_length=10, choices=MatchStatus.choices, db_index=True)
    building = models.ForeignKey(
        "buildings.Building", verbose_name="楼宇", null=True, blank=True, on_delete=models.SET_NULL, related_name="address_matches"
    )
    confidence = models.DecimalField("置信度", max_digits=5, decimal_places=4, default=0)
    evidence = models.JSONField("依据", default=list, blank=True)
    candidates = models.JSONField("候选楼宇", default=list, blank=True)
    # Scope: the district of the proposed building (else the enterprise's), so each district reviews its own.
    district = models.ForeignKey("geo.District", verbose_name="地区", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tenancy = models.ForeignKey(
        "enterprises.Tenancy", verbose_name="生成的入驻", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)
    note = models.CharField("复核意见", max_length=300, blank=True, default="")
    matched_at = models.DateTimeField("匹配时间", auto_now=True)

    scope_path = "district"

    class Meta:
        verbose_name = "地址匹配"
        verbose_name_plural = "地址匹配"
        ordering = ["status", "-confidence"]
        constraints = [
            models.CheckConstraint(condition=models.Q(confidence__gte=0, confidence__lte=1), name="match_confidence_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.building or '无'}（{self.get_status_display()}）"
