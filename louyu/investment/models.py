"""招商: vacant space listed by operators (VacantUnit), what enterprises need (Demand) and the pipeline
that brings the two together (Lead)."""
from django.db import models
from django.db.models import Q

from louyu.core.models import SourcedModel

AREA = dict(max_digits=12, decimal_places=2)
RENT = dict(max_digits=8, decimal_places=2)


class FitOut(models.TextChoices):
    SHELL = "shell", "毛坯"
    BASIC = "basic", "简装"
    FULL = "full", "精装"


class ListingStatus(models.TextChoices):
    AVAILABLE = "available", "可招商"
    STALE = "stale", "待确认"
    WITHDRAWN = "withdrawn", "已下架"
    LEASED = "leased", "已出租"


def attachment_path(instance, filename: str) -> str:
    # The stored name never reuses the uploader's file name (it may carry a path or markup).
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"investment/units/{uuid.uuid4().hex}.{suffix}"


class VacantUnit(SourcedModel):
    """可招商空间: one vacant unit (or floor) of a building, listed by its operator or the district."""

    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.CASCADE, related_name="vacant_units")
    floor = models.CharField("楼层", max_length=20)
    unit = models.CharField("单元/房号", max_length=40, blank=True, default="")
    area = models.DecimalField("面积(㎡)", **AREA)
    asking_rent = models.DecimalField("报价租金(元/㎡·天)", null=True, blank=True, **RENT)
    fit_out = models.CharField("装修", max_length=10, choices=FitOut.choices, default=FitOut.SHELL)
    available_from = models.DateField("可入驻日期")
    divisible = models.BooleanField("可分割", default=False)
    status = models.CharField("状态", max_length=12, choices=ListingStatus.choices, default=ListingStatus.AVAILABLE, db_index=True)
    confirmed_on = models.DateField("最近确认日期")
    photo = models.FileField("实景照片", upload_to=attachment_path, blank=True, default="")
    floor_plan = models.FileField("平面图", upload_to=attachment_path, blank=True, default="")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    scope_path = "building__district"

    class Meta:
        verbose_name = "可招商空间"
        verbose_name_plural = "可招商空间"
        ordering = ["building", "floor", "unit"]
        constraints = [
            models.CheckConstraint(condition=Q(area__gt=0), name="vacant_unit_area_positive"),
            models.CheckConstraint(condition=Q(asking_rent__gte=0) | Q(asking_rent__isnull=True), name="vacant_unit_rent_nonneg"),
            # The import's key: one listing per building, floor and unit (a re-listed unit is the same row).
            models.UniqueConstraint(fields=["building", "floor", "unit"], name="vacant_unit_unique_place"),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.floor}层 {self.unit}".strip()


class DemandSource(models.TextChoices):
    COMMERCE = "commerce", "商务局"
    DISTRICT = "district", "地区招商"
    REFERRAL = "referral", "推荐"
    OPERATOR = "operator", "楼宇运营方"
    OTHER = "other", "其他"


class Demand(SourcedModel):
    """招商需求: an enterprise (existing or prospective) that needs space."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="已登记企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="demands")
    enterprise_name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    industry = models.ForeignKey("enterprises.IndustryCode", verbose_name="行业代码", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    area_min = models.DecimalField("最小面积(㎡)", **AREA)
    area_max = models.DecimalField("最大面积(㎡)", **AREA)
    budget_rent = models.DecimalField("租金预算(元/㎡·天)", null=True, blank=True, **RENT)
    district = models.ForeignKey("geo.District", verbose_name="意向地区", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", help_text="空：不限地区（仅市级可见）")
    move_in_by = models.DateField("期望入驻日期", null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True, default="")
    contact_phone = models.CharField("联系电话", max_length=40, blank=True, default="")
    origin = models.CharField("需求来源", max_length=12, choices=DemandSource.choices, default=DemandSource.DISTRICT)
    note = models.CharField("说明", max_length=300, blank=True, default="")

    scope_path = "district"

    class Meta:
        verbose_name = "招商需求"
        verbose_name_plural = "招商需求"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(area_min__gt=0) & Q(area_max__gte=models.F("area_min")), name="demand_area_range"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_name} · {self.area_min:,.0f}–{self.area_max:,.0f}㎡"


class LeadStage(models.TextChoices):
    CLUE = "clue", "线索"
    CONTACT = "contact", "对接"
    VISIT = "visit", "看房"
    INTENT = "intent", "意向"
    SIGNED = "signed", "签约"
    LOST = "lost", "流失"


# The forward path; 流失 may end any open stage.
STAGE_ORDER = (LeadStage.CLUE, LeadStage.CONTACT, LeadStage.VISIT, LeadStage.INTENT, LeadStage.SIGNED)
STAGE_DATE_FIELD = {LeadStage.CLUE: "clue_on", LeadStage.CONTACT: "contact_on", LeadStage.VISIT: "visit_on",
                    LeadStage.INTENT: "intent_on", LeadStage.SIGNED: "signed_on", LeadStage.LOST: "lost_on"}


class Lead(SourcedModel):
    """招商线索: one demand pursued for one unit, through the stages with their dates."""

    demand = models.ForeignKey(Demand, verbose_name="招商需求", on_delete=models.CASCADE, related_name="leads")
    unit = models.ForeignKey(VacantUnit, verbose_name="空间", on_delete=models.PROTECT, related_name="leads")
    # The unit's district, kept on the lead (set by the service): 招商 staff of that district work the lead.
    district = models.ForeignKey("geo.District", verbose_name="地区", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField("阶段", max_length=10, choices=LeadStage.choices, default=LeadStage.CLUE, db_index=True)
    clue_on = models.DateField("线索日期")
    contact_on = models.DateField("对接日期", null=True, blank=True)
    visit_on = models.DateField("看房日期", null=True, blank=True)
    intent_on = models.DateField("意向日期", null=True, blank=True)
    signed_on = models.DateField("签约日期", null=True, blank=True)
    lost_on = models.DateField("流失日期", null=True, blank=True)
    lost_reason = models.CharField("流失原因", max_length=200, blank=True, default="")
    notes = models.TextField("跟进记录", blank=True, default="")
    tenancy = models.ForeignKey("enterprises.Tenancy", verbose_name="签约入驻", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    scope_path = "district"

    class Meta:
        verbose_name = "招商线索"
        verbose_name_plural = "招商线索"
        ordering = ["-clue_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(stage="lost") | ~Q(lost_reason=""), name="lead_lost_has_reason"),
            models.CheckConstraint(condition=~Q(stage="signed") | Q(signed_on__isnull=False), name="lead_signed_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.demand.enterprise_name} → {self.unit}"
