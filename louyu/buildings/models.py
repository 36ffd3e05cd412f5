"""The three registers of 三(二): 重点楼宇 (Building), 新建楼宇项目, 存量楼宇改造提升; and operation reports."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from louyu.core.models import SourcedModel


class BuildingStatus(models.TextChoices):
    PLANNED = "planned", "规划"
    UNDER_CONSTRUCTION = "under_construction", "在建"
    OPERATING = "operating", "运营"
    RENOVATING = "renovating", "改造中"


class Holding(models.TextChoices):
    SINGLE_OWNER = "single_owner", "整体持有"
    STRATA = "strata", "分散产权"


class OwnershipType(models.TextChoices):
    STATE = "state", "国有"
    PRIVATE = "private", "民营"
    FOREIGN = "foreign", "外资"
    MIXED = "mixed", "混合所有制"
    COLLECTIVE = "collective", "集体"
    OTHER = "other", "其他"


AREA = dict(max_digits=12, decimal_places=2)
MONEY = dict(max_digits=18, decimal_places=2)


class Building(SourcedModel):
    code = models.CharField("楼宇编码", max_length=32, unique=True)
    name = models.CharField("楼宇名称", max_length=100, db_index=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    district = models.ForeignKey("geo.District", verbose_name="所属地区", on_delete=models.PROTECT, related_name="buildings")
    street = models.CharField("街道", max_length=40, blank=True, default="", db_index=True)
    address = models.CharField("地址", max_length=200)
    towers = models.JSONField("楼栋", default=list, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    gross_area = models.DecimalField("建筑面积(㎡)", null=True, blank=True, **AREA)
    office_area = models.DecimalField("商务办公面积(㎡)", null=True, blank=True, **AREA)
    floors_above = models.PositiveSmallIntegerField("地上层数", null=True, blank=True)
    completion_year = models.PositiveSmallIntegerField(
        "竣工年份", null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    status = models.CharField("楼宇状态", max_length=20, choices=BuildingStatus.choices, default=BuildingStatus.OPERATING, db_index=True)
    ownership_type = models.CharField("产权性质", max_length=12, choices=OwnershipType.choices, blank=True, default="")
    owner = models.CharField("产权单位", max_length=120, blank=True, default="")
    operator = models.CharField("运营单位", max_length=120, blank=True, default="")
    holding = models.CharField("整体持有/分散产权", max_length=12, choices=Holding.choices, blank=True, default="")
    is_key = models.BooleanField("是否重点楼宇", default=False, db_index=True)

    scope_path = "district"

    class Meta:
        verbose_name = "楼宇"
        verbose_name_plural = "楼宇"
        ordering = ["district__order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(gross_area__gte=0) | Q(gross_area__isnull=True), name="building_gross_area_nonneg"),
            models.CheckConstraint(condition=Q(office_area__gte=0) | Q(office_area__isnull=True), name="building_office_area_nonneg"),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180), name="building_longitude_range"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="building_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(completion_year__isnull=True) | Q(completion_year__gte=1900, completion_year__lte=2100),
                name="building_completion_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class ProjectProgress(models.TextChoices):
    PREPARATION = "preparation", "前期"
    UNDER_CONSTRUCTION = "under_construction", "在建"
    TOPPED_OUT = "topped_out", "主体封顶"
    COMPLETED = "completed", "竣工"


class NewBuildingProject(SourcedModel):
    """新建楼宇项目: a building not yet completed."""

    code = models.CharField("项目编码", max_length=32, unique=True)
    name = models.CharField("项目名称", max_length=120)
    district = models.ForeignKey("geo.District", verbose_name="所属地区", on_delete=models.PROTECT, related_name="new_projects")
    street = models.CharField("街道", max_length=40, blank=True, default="")
    parcel = models.CharField("地块", max_length=120, blank=True, default="")
    address = models.CharField("地址", max_length=200, blank=True, default="")
    planned_area = models.DecimalField("计划建筑面积(㎡)", null=True, blank=True, **AREA)
    planned_office_area = models.DecimalField("计划商务办公面积(㎡)", null=True, blank=True, **AREA)
    total_investment = models.DecimalField("总投资(元)", null=True, blank=True, **MONEY)
    start_date = models.DateField("开工日期", null=True, blank=True)
    expected_completion = models.DateField("预计竣工日期", null=True, blank=True)
    progress = models.CharField("进度", max_length=20, choices=ProjectProgress.choices, default=ProjectProgress.PREPARATION)
    progress_percent = models.PositiveSmallIntegerField("形象进度(%)", default=0, validators=[MaxValueValidator(100)])
    building = models.OneToOneField(
        Building, verbose_name="建成楼宇", null=True, blank=True, on_delete=models.SET_NULL, related_name="origin_project"
    )

    scope_path = "district"

    class Meta:
        verbose_name = "新建楼宇项目"
        verbose_name_plural = "新建楼宇项目"
        ordering = ["district__order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_area__gte=0) | Q(planned_area__isnull=True), name="project_area_nonneg"),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0) | Q(total_investment__isnull=True), name="project_investment_nonneg"
            ),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="project_percent_max_100"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(expected_completion__isnull=True) | Q(expected_completion__gte=models.F("start_date")),
                name="project_completion_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class RenovationStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    IN_PROGRESS = "in_progress", "实施中"
    COMPLETED = "completed", "已完工"


class RenovationProject(SourcedModel):
    """存量楼宇改造提升: upgrading an existing building."""

    code = models.CharField("项目编码", max_length=32, unique=True)
    building = models.ForeignKey(Building, verbose_name="楼宇", on_delete=models.PROTECT, related_name="renovations")
    content = models.TextField("改造内容", blank=True, default="")
    investment = models.DecimalField("投资(元)", null=True, blank=True, **MONEY)
    start_date = models.DateField("开工日期", null=True, blank=True)
    completion_date = models.DateField("完工日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=RenovationStatus.choices, default=RenovationStatus.PLANNED)
    is_demonstration = models.BooleanField("示范项目", default=False)

    scope_path = "building__district"

    class Meta:
        verbose_name = "存量楼宇改造提升项目"
        verbose_name_plural = "存量楼宇改造提升项目"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(investment__gte=0) | Q(investment__isnull=True), name="renovation_investment_nonneg"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(completion_date__isnull=True) | Q(completion_date__gte=models.F("start_date")),
                name="renovation_completion_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completion_date__isnull=False), name="renovation_completed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} 改造（{self.code}）"


class OperationReport(SourcedModel):
    """A building's monthly operation report (楼宇运营)."""

    building = models.ForeignKey(Building, verbose_name="楼宇", on_delete=models.CASCADE, related_name="operation_reports")
    period = models.DateField("所属期")
    leasable_area = models.DecimalField("可租面积(㎡)", null=True, blank=True, **AREA)
    leased_area = models.DecimalField("已租面积(㎡)", null=True, blank=True, **AREA)
    average_rent = models.DecimalField("平均租金(元/㎡·天)", max_digits=8, decimal_places=2, null=True, blank=True)
    present_count = models.PositiveIntegerField("入驻企业数", null=True, blank=True)
    # 楼宇填报 (louyu.filing): what the operator's monthly form adds; a returned report is 存疑 with a comment.
    moves_in = models.PositiveIntegerField("本月迁入企业数", null=True, blank=True)
    moves_out = models.PositiveIntegerField("本月迁出企业数", null=True, blank=True)
    vacant_units = models.PositiveIntegerField("空置单元数", null=True, blank=True)
    submitted_on = models.DateField("填报日期", null=True, blank=True)
    review_comment = models.CharField("核实意见", max_length=300, blank=True, default="")

    scope_path = "building__district"

    class Meta:
        verbose_name = "楼宇运营报告"
        verbose_name_plural = "楼宇运营报告"
        ordering = ["building", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["building", "period"], name="operation_report_unique_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="operation_report_period_first_day"),
            models.CheckConstraint(condition=Q(leasable_area__gte=0) | Q(leasable_area__isnull=True), name="operation_leasable_nonneg"),
            models.CheckConstraint(condition=Q(leased_area__gte=0) | Q(leased_area__isnull=True), name="operation_leased_nonneg"),
            models.CheckConstraint(
                condition=Q(leased_area__isnull=True) | Q(leasable_area__isnull=True) | Q(leased_area__lte=models.F("leasable_area")),
                name="operation_leased_le_leasable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.period:%Y-%m}"
