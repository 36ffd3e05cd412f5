"""Enterprises, where they are (Tenancy) and what they pay (TaxRecord); the industry classification."""
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from louyu.core.models import SourcedModel, Verification

from .uscc import validate_uscc


class IndustryLevel(models.TextChoices):
    SECTION = "section", "门类"
    DIVISION = "division", "大类"
    GROUP = "group", "中类"
    CLASS = "class", "小类"


class IndustryCode(models.Model):
    """GB/T 4754-2017 国民经济行业分类."""

    code = models.CharField("行业代码", max_length=5, primary_key=True)
    level = models.CharField("层级", max_length=10, choices=IndustryLevel.choices)
    name = models.CharField("名称", max_length=120)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    section = models.CharField("门类", max_length=1, db_index=True)

    class Meta:
        verbose_name = "国民经济行业分类"
        verbose_name_plural = "国民经济行业分类"
        ordering = ["section", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FeaturedCategory(models.Model):
    """The six featured-industry categories of 三(四), mapped to GB/T 4754 code prefixes (editable configuration)."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("特色产业类别", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    industry_prefixes = models.JSONField("行业代码前缀", default=list, help_text="GB/T 4754 大类/中类/小类代码，前缀匹配")
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "特色产业类别"
        verbose_name_plural = "特色产业类别"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Enterprise(SourcedModel):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField("企业名称", max_length=200, db_index=True)
    industry = models.ForeignKey(
        IndustryCode, verbose_name="行业代码", null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    registered_address = models.CharField("注册地址", max_length=300, blank=True, default="")
    established_on = models.DateField("成立日期", null=True, blank=True)
    registered_capital = models.DecimalField("注册资本(万元)", max_digits=18, decimal_places=4, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人数", null=True, blank=True)
    is_headquarters = models.BooleanField("是否总部", default=False)
    is_listed = models.BooleanField("是否上市", default=False)
    is_high_tech = models.BooleanField("是否高新技术企业", default=False)
    # The district the enterprise is attributed to (its registered building's, else its address's): the scope.
    district = models.ForeignKey(
        "geo.District", verbose_name="归属地区", null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )

    scope_path = "district"

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["uscc"]
        constraints = [
            models.CheckConstraint(condition=Q(registered_capital__gte=0) | Q(registered_capital__isnull=True), name="enterprise_capital_nonneg"),
        ]

    def __str__(self) -> str:
        return self.name


class TenancyKind(models.TextChoices):
    REGISTERED_PRESENT = "registered_present", "注册且办公"
    REGISTERED_ONLY = "registered_only", "仅注册"
    PRESENT_ONLY = "present_only", "仅办公"


REGISTERED_KINDS = (TenancyKind.REGISTERED_PRESENT, TenancyKind.REGISTERED_ONLY)  # tax follows registration
PRESENT_KINDS = (TenancyKind.REGISTERED_PRESENT, TenancyKind.PRESENT_ONLY)  # occupancy follows presence


class Tenancy(SourcedModel):
    """An enterprise in a building over the half-open interval [move_in, move_out)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="tenancies")
    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.PROTECT, related_name="tenancies")
    floor = models.CharField("楼层", max_length=20, blank=True, default="")
    room = models.CharField("房号", max_length=40, blank=True, default="")
    area = models.DecimalField("面积(㎡)", max_digits=12, decimal_places=2, null=True, blank=True)
    move_in = models.DateField("入驻日期", db_index=True)
    move_out = models.DateField("迁出日期", null=True, blank=True, db_index=True)
    kind = models.CharField("入驻类型", max_length=20, choices=TenancyKind.choices, db_index=True)

    scope_path = "building__district"

    class Meta:
        verbose_name = "入驻"
        verbose_name_plural = "入驻"
        ordering = ["building", "move_in"]
        constraints = [
            models.CheckConstraint(condition=Q(area__gte=0) | Q(area__isnull=True), name="tenancy_area_nonneg"),
            models.CheckConstraint(condition=Q(move_out__isnull=True) | Q(move_out__gt=models.F("move_in")), name="tenancy_move_out_after_move_in"),
            models.UniqueConstraint(fields=["enterprise", "building", "move_in"], name="tenancy_unique_start"),
        ]
        indexes = [models.Index(fields=["enterprise", "kind", "move_in"])]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.building.name}"


def tax_months_of_district(district_id) -> Q:
    """Tax records of the months an enterprise is attributed to the district: registered at month end in one
    of its buildings; or registered nowhere that month, belonging to the district and never registered in
    another district before. A month-end test by months: move_in ≤ month end ⇔ its month ≤ the 所属期,
    move_out > month end ⇔ its month > the 所属期."""
    registered = Tenancy.objects.filter(enterprise_id=OuterRef("enterprise_id"), kind__in=REGISTERED_KINDS).annotate(
        in_month=TruncMonth("move_in"), out_month=TruncMonth("move_out")).filter(in_month__lte=OuterRef("period"))
    active = registered.filter(Q(move_out__isnull=True) | Q(out_month__gt=OuterRef("period")))
    here = active.filter(building__district_id=district_id)
    elsewhere_before = registered.exclude(building__district_id=district_id)
    return Q(Exists(here)) | (Q(enterprise__district_id=district_id) & ~Q(Exists(active)) & ~Q(Exists(elsewhere_before)))


class TaxRecord(SourcedModel):
    """全口径税收 of one enterprise for one month (所属期 = first day of the month), in 元.

    Millions of rows, written by bulk imports: every index is paid once per imported row, so only the
    ones queries use are kept (see docs/decisions.md). The unique (enterprise, period) index serves the
    enterprise lookups, so the foreign key has no index of its own; SourcedModel's indexes on
    verification and updated_at are dropped here (a three-valued column is indexed only where it is not
    the default, and nothing reads tax by updated_at)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="tax_records", db_index=False)
    period = models.DateField("所属期", db_index=True)
    total_tax = models.DecimalField("全口径税收(元)", max_digits=18, decimal_places=2)
    breakdown = models.JSONField("分税种明细", default=dict, blank=True)
    verification = models.CharField("核实状态", max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_path = "enterprise__district"
    # A district reads an enterprise's tax only for the months attributed to it (louyu.core.permissions asks).
    district_scope = staticmethod(tax_months_of_district)

    class Meta:
        verbose_name = "税收记录"
        verbose_name_plural = "税收记录"
        ordering = ["enterprise", "period"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="tax_unique_enterprise_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="tax_period_first_day"),
        ]
        indexes = [models.Index(fields=["verification"], condition=~Q(verification=Verification.UNVERIFIED), name="tax_verification_set")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period:%Y-%m}"


class MoveStatus(models.TextChoices):
    PENDING = "pending", "待市级审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class DistrictMove(models.Model):
    """跨地区迁移申请: a tenancy written by a user below city level would move an enterprise into another
    district; the enterprise stays where it is until a city administrator approves the move."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="district_moves")
    from_district = models.ForeignKey("geo.District", verbose_name="原归属地区", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_district = models.ForeignKey("geo.District", verbose_name="申请迁入地区", on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey("buildings.Building", verbose_name="注册入驻楼宇", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=MoveStatus.choices, default=MoveStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    note = models.CharField("审批意见", max_length=300, blank=True, default="")

    # The requesting district reads its requests (and the requester always: louyu.core.permissions).
    scope_path = "to_district"
    audit_exclude = ("requested_at", "decided_at")

    class Meta:
        verbose_name = "跨地区迁移申请"
        verbose_name_plural = "跨地区迁移申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=Q(status="pending"), name="district_move_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.to_district}（{self.get_status_display()}）"
