"""Materialised indicator facts (filled only by louyu.indicators.engine), alerts and featured recognitions.

Fact tables are derived data: never edited by hand, rebuilt set-wise by `louyu compute` and after imports.
Every page, API, export and report reads them through louyu.indicators.selectors.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

MONEY = dict(max_digits=18, decimal_places=2)
AREA = dict(max_digits=14, decimal_places=2)
RATIO = dict(max_digits=12, decimal_places=6)  # stored with 6 places; exports round to 4


def _fact_fk(to, verbose, **kw):
    # Facts are derived and rebuilt set-wise: no database FK checks (a bulk rebuild would pay one per row);
    # Django's on_delete still cascades when a building or enterprise is deleted.
    return models.ForeignKey(to, verbose_name=verbose, on_delete=models.CASCADE, related_name="+", db_constraint=False, **kw)


class Month(models.Model):
    """Calendar helper: one row per computed month, so month-end dates are joined, not calculated in SQL."""

    period = models.DateField("所属期", primary_key=True)
    month_end = models.DateField("月末日")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    month = models.PositiveSmallIntegerField("月份")
    prev_quarter_end = models.DateField("上季度末所属期")  # period of the last month of the previous quarter

    class Meta:
        verbose_name = "计算月份"
        verbose_name_plural = "计算月份"
        ordering = ["period"]


class IndustryCategoryMap(models.Model):
    """GB/T 4754 code → 门类 and featured category (prefix match), rebuilt at every compute (≈1,400 rows)."""

    code = models.CharField("行业代码", max_length=5, primary_key=True)
    section = models.CharField("门类", max_length=1)
    category = models.ForeignKey(
        "enterprises.FeaturedCategory", verbose_name="特色产业类别", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "行业—特色产业对照"
        verbose_name_plural = "行业—特色产业对照"


class SupersededTenancy(models.Model):
    """A registered tenancy that overlaps a later registered tenancy of the same enterprise at a month's end.

    The intake rejects such overlaps; rows here come from other paths (forms, review queue) and are a data
    quality finding. The later tenancy wins, so tax is never counted twice.
    """

    tenancy = models.ForeignKey("enterprises.Tenancy", verbose_name="入驻", on_delete=models.CASCADE, related_name="+")
    period = models.DateField("所属期")

    class Meta:
        verbose_name = "重叠的注册入驻"
        verbose_name_plural = "重叠的注册入驻"
        constraints = [models.UniqueConstraint(fields=["tenancy", "period"], name="superseded_unique")]


class ComputeState(models.Model):
    """What the facts were last computed against (one row): the data horizon decides the months of a year."""

    horizon = models.DateField("数据截至所属期", null=True, blank=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)
    last_scope = models.CharField("计算范围", max_length=300, blank=True, default="")
    seconds = models.FloatField("耗时(秒)", default=0)

    class Meta:
        verbose_name = "指标计算状态"
        verbose_name_plural = "指标计算状态"


class OccupancySource(models.TextChoices):
    REPORT = "report", "运营报告"
    TENANCIES = "tenancies", "入驻登记"
    NONE = "", "无"


class BuildingMonth(models.Model):
    """One building in one month: attributed tax, month-end tenancy snapshot and 入驻率."""

    building = _fact_fk("buildings.Building", "楼宇")
    district = _fact_fk("geo.District", "地区")
    period = models.DateField("所属期")
    year = models.PositiveSmallIntegerField("年度")
    total_tax = models.DecimalField("全口径税收(元)", **MONEY)
    taxpayer_count = models.PositiveIntegerField("纳税企业数", default=0)
    present_count = models.PositiveIntegerField("入驻企业数", default=0)
    registered_count = models.PositiveIntegerField("注册企业数", default=0)
    registered_present_count = models.PositiveIntegerField("注册且办公企业数", default=0)
    occupied_area = models.DecimalField("入驻面积(㎡)", **AREA)
    leasable_area = models.DecimalField("可租面积(㎡)", null=True, **AREA)
    leased_area = models.DecimalField("已租面积(㎡)", null=True, **AREA)
    occupancy_rate = models.DecimalField("入驻率", null=True, **RATIO)
    occupancy_source = models.CharField("入驻率来源", max_length=10, choices=OccupancySource.choices, blank=True, default="")
    occupancy_over = models.BooleanField("入驻面积超过商务办公面积", default=False)

    scope_path = "district"

    class Meta:
        verbose_name = "楼宇月度指标"
        verbose_name_plural = "楼宇月度指标"
        ordering = ["building", "period"]
        constraints = [models.UniqueConstraint(fields=["building", "period"], name="building_month_unique")]
        indexes = [models.Index(fields=["period", "district"])]


MONTH_FIELDS = [f"m{i:02d}" for i in range(1, 13)]


class MonthColumns(models.Model):
    """A year's tax in twelve monthly columns (NULL: no tax record of that month belongs here), so one month's
    import rewrites one column instead of re-reading the whole year."""

    m01 = models.DecimalField("1月(元)", null=True, **MONEY)
    m02 = models.DecimalField("2月(元)", null=True, **MONEY)
    m03 = models.DecimalField("3月(元)", null=True, **MONEY)
    m04 = models.DecimalField("4月(元)", null=True, **MONEY)
    m05 = models.DecimalField("5月(元)", null=True, **MONEY)
    m06 = models.DecimalField("6月(元)", null=True, **MONEY)
    m07 = models.DecimalField("7月(元)", null=True, **MONEY)
    m08 = models.DecimalField("8月(元)", null=True, **MONEY)
    m09 = models.DecimalField("9月(元)", null=True, **MONEY)
    m10 = models.DecimalField("10月(元)", null=True, **MONEY)
    m11 = models.DecimalField("11月(元)", null=True, **MONEY)
    m12 = models.DecimalField("12月(元)", null=True, **MONEY)

    class Meta:
        abstract = True

    def by_month(self) -> list[tuple[int, object]]:
        return [(i, getattr(self, f)) for i, f in enumerate(MONTH_FIELDS, start=1) if getattr(self, f) is not None]


class UnattributedTax(MonthColumns):
    """未归属: an enterprise's tax of the months in which it had no registered tenancy in any building on the
    month's last day — one row per enterprise and year, the months in columns (NULL: attributed, or no tax
    record). Each month's figure is the enterprise's TaxRecord of that 所属期."""

    enterprise = _fact_fk("enterprises.Enterprise", "企业")
    district = _fact_fk("geo.District", "企业归属地区", null=True)
    year = models.PositiveSmallIntegerField("年度")
    total_tax = models.DecimalField("全口径税收(元)", **MONEY)
    months = models.PositiveSmallIntegerField("月数")

    scope_path = "district"

    class Meta:
        verbose_name = "未归属税收"
        verbose_name_plural = "未归属税收"
        ordering = ["year", "enterprise"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="unattributed_unique_year")]
        indexes = [models.Index(fields=["year", "district"])]



class TaxpayerYear(MonthColumns):
    """Tax of one enterprise attributed to one building over one year, by month (traceability, rankings,
    and the source of each building's monthly tax)."""

    building = _fact_fk("buildings.Building", "楼宇")
    enterprise = _fact_fk("enterprises.Enterprise", "企业")
    year = models.PositiveSmallIntegerField("年度")
    total_tax = models.DecimalField("全口径税收(元)", **MONEY)
    months = models.PositiveSmallIntegerField("月数")

    scope_path = "building__district"

    class Meta:
        verbose_name = "企业年度归属税收"
        verbose_name_plural = "企业年度归属税收"
        ordering = ["building", "year", "-total_tax"]
        constraints = [models.UniqueConstraint(fields=["building", "year", "enterprise"], name="taxpayer_year_unique")]
        indexes = [models.Index(fields=["enterprise", "year"])]


class FeaturedStatus(models.TextChoices):
    CANDIDATE = "candidate", "候选"
    RESERVE = "reserve", "储备"
    NONE = "", "无"


class BuildingYear(models.Model):
    """One building in one year: every building-level figure the policy names."""

    building = _fact_fk("buildings.Building", "楼宇")
    district = _fact_fk("geo.District", "地区")
    year = models.PositiveSmallIntegerField("年度")
    months = models.PositiveSmallIntegerField("已计月数")
    as_of = models.DateField("截至日期")
    total_tax = models.DecimalField("全口径税收(元)", **MONEY)
    prior_total_tax = models.DecimalField("上年同期税收(元)", null=True, **MONEY)
    tax_growth = models.DecimalField("税收同比增长", null=True, **RATIO)
    tax_tier = models.PositiveSmallIntegerField("亿元楼宇等级", default=0)
    is_100m = models.BooleanField("亿元楼宇", default=False)
    prior_is_100m = models.BooleanField("上年亿元楼宇", default=False)
    is_new_100m = models.BooleanField("新增亿元楼宇", null=True, default=False,
                                      help_text="空：上年没有全年的税收数据，无法判断是否新增")
    present_count = models.PositiveIntegerField("入驻企业数", default=0)
    registered_count = models.PositiveIntegerField("注册企业数", default=0)
    registered_present_count = models.PositiveIntegerField("注册且办公企业数", default=0)
    presence_rate = models.DecimalField("落地率", null=True, **RATIO)
    occupied_area = models.DecimalField("入驻面积(㎡)", **AREA)
    occupancy_rate = models.DecimalField("入驻率（年末月）", null=True, **RATIO)
    occupancy_avg = models.DecimalField("入驻率（月均）", null=True, **RATIO)
    occupancy_source = models.CharField("入驻率来源", max_length=10, choices=OccupancySource.choices, blank=True, default="")
    occupancy_over = models.BooleanField("入驻面积超过商务办公面积", default=False)
    tax_per_m2 = models.DecimalField("单位面积税收(元/㎡)", null=True, **MONEY)
    present_growth = models.DecimalField("入驻企业数同比增长", null=True, **RATIO)
    registered_growth = models.DecimalField("注册企业数同比增长", null=True, **RATIO)
    presence_rate_change = models.DecimalField("落地率同比变化", null=True, **RATIO)
    tax_per_m2_growth = models.DecimalField("单位面积税收同比增长", null=True, **RATIO)
    lead_category = models.ForeignKey(
        "enterprises.FeaturedCategory", verbose_name="主导特色产业", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    concentration = models.DecimalField("集聚度", **RATIO)
    featured_status = models.CharField("特色楼宇状态", max_length=10, choices=FeaturedStatus.choices, blank=True, default="")
    is_recognised = models.BooleanField("已认定特色产业楼宇", default=False)

    scope_path = "district"

    class Meta:
        verbose_name = "楼宇年度指标"
        verbose_name_plural = "楼宇年度指标"
        ordering = ["year", "district__order", "building__code"]
        constraints = [models.UniqueConstraint(fields=["building", "year"], name="building_year_unique")]
        indexes = [models.Index(fields=["year", "district"])]

    @property
    def featured_label(self) -> str:
        return "已认定" if self.is_recognised else self.get_featured_status_display() if self.featured_status else ""


class IndustryDimension(models.TextChoices):
    SECTION = "section", "国民经济行业门类"
    FEATURED = "featured", "特色产业类别"


class BuildingIndustryYear(models.Model):
    """A building's industry structure in a year: registered enterprises and occupied area at the year-end
    snapshot, and the year's attributed tax, per 门类 (key '' = 未分类) or per featured category (key = code)."""

    building = _fact_fk("buildings.Building", "楼宇")
    district = _fact_fk("geo.District", "地区")
    year = models.PositiveSmallIntegerField("年度")
    dimension = models.CharField("维度", max_length=10, choices=IndustryDimension.choices)
    key = models.CharField("分类", max_length=20, blank=True, default="")
    registered_count = models.PositiveIntegerField("注册企业数", default=0)
    occupied_area = models.DecimalField("入驻面积(㎡)", **AREA)
    total_tax = models.DecimalField("全口径税收(元)", **MONEY)

    scope_path = "district"

    class Meta:
        verbose_name = "楼宇年度产业结构"
        verbose_name_plural = "楼宇年度产业结构"
        constraints = [
            models.UniqueConstraint(fields=["building", "year", "dimension", "key"], name="building_industry_year_unique")
        ]
        indexes = [models.Index(fields=["year", "dimension", "district"])]


class YearFigures(models.Model):
    """The headline figures a district-year and the city-year share (附件1 columns and the year's totals)."""

    months = models.PositiveSmallIntegerField("已计月数", default=0)
    office_buildings_10k = models.PositiveIntegerField("商务办公1万㎡以上楼宇数量（年末）", default=0)
    cumulative_100m = models.PositiveIntegerField("累计亿元楼宇", default=0)
    new_100m = models.PositiveIntegerField("新增亿元楼宇", null=True, default=0, help_text="空：上年没有全年的税收数据，无法判断")
    tier_1 = models.PositiveIntegerField("1亿元级楼宇", default=0)
    tier_5 = models.PositiveIntegerField("5亿元级楼宇", default=0)
    tier_10 = models.PositiveIntegerField("10亿元级楼宇", default=0)
    new_featured = models.PositiveIntegerField("新增特色产业楼宇", default=0)
    featured_recognised = models.PositiveIntegerField("已认定特色产业楼宇（累计）", default=0)
    featured_candidates = models.PositiveIntegerField("候选特色产业楼宇", default=0)
    featured_reserves = models.PositiveIntegerField("储备特色产业楼宇", default=0)
    renovated = models.PositiveIntegerField("改造存量楼宇", default=0)
    promotion_events = models.PositiveIntegerField("举办楼宇推介活动", null=True, default=None,
                                                   help_text="空：尚无推介活动数据（暂无数据，不是 0 场）")
    tax_growth = models.DecimalField("税收同比增长", null=True, **RATIO)
    unattributed_tax = models.DecimalField("未归属税收(元)", **MONEY)
    present_count = models.PositiveIntegerField("入驻企业数", default=0)
    registered_count = models.PositiveIntegerField("注册企业数", default=0)
    presence_rate = models.DecimalField("落地率", null=True, **RATIO)
    occupancy_rate = models.DecimalField("入驻率（面积加权）", null=True, **RATIO)

    class Meta:
        abstract = True


class DistrictYear(YearFigures):
    """One district in one year: the 附件1 columns' actuals and the district's headline figures."""

    district = _fact_fk("geo.District", "地区")
    year = models.PositiveSmallIntegerField("年度")
    buildings = models.PositiveIntegerField("楼宇数", default=0)
    office_buildings_10k_list = models.PositiveIntegerField("商务办公1万㎡以上楼宇数量（附件1口径：上年末）", default=0)
    total_tax = models.DecimalField("楼宇全口径税收(元)", **MONEY)
    prior_total_tax = models.DecimalField("上年同期楼宇税收(元)", null=True, **MONEY)
    registered_present_count = models.PositiveIntegerField("注册且办公企业数", default=0)
    office_area = models.DecimalField("商务办公面积(㎡)", **AREA)
    tax_per_m2 = models.DecimalField("单位面积税收(元/㎡)", null=True, **MONEY)

    scope_path = "district"

    class Meta:
        verbose_name = "地区年度指标"
        verbose_name_plural = "地区年度指标"
        ordering = ["year", "district__order"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="district_year_unique")]


class CityYear(YearFigures):
    """The city in one year: the sum of its districts, plus tax no building can claim (未归属)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    as_of = models.DateField("截至日期", null=True)
    prior_year_has_data = models.BooleanField("上年全年有税收数据", default=False)
    office_buildings_10k_list = models.PositiveIntegerField("商务办公1万㎡以上楼宇数量（附件1口径）", default=0)
    attributed_tax = models.DecimalField("楼宇归属税收(元)", **MONEY)
    total_tax = models.DecimalField("全市全口径税收(元)", **MONEY)  # = attributed + unattributed
    prior_total_tax = models.DecimalField("上年同期全市税收(元)", null=True, **MONEY)

    class Meta:
        verbose_name = "全市年度指标"
        verbose_name_plural = "全市年度指标"
        ordering = ["year"]


class AlertKind(models.TextChoices):
    TAX_FALL = "tax_fall", "税收同比下降"
    TOP_TAXPAYER_EXIT = "top_taxpayer_exit", "重点纳税企业迁出"
    OCCUPANCY_FALL = "occupancy_fall", "入驻率季度下降"
    AT_RISK_100M = "at_risk_100m", "亿元楼宇预警"
    REGISTERED_ONLY = "registered_only", "仅注册未办公（异地经营）"
    PRESENT_ONLY = "present_only", "仅办公未注册（税源落地机会）"
    ZOMBIE = "zombie", "占用面积无税收（僵尸企业）"
    # Rules registered by the page-level apps (investment, stewardship) over the present state.
    VACANCY_GAP = "vacancy_gap", "空置面积与运营报告不符"
    TOP_REQUEST_OPEN = "top_request_open", "重点纳税企业诉求未办结"


class AlertStatus(models.TextChoices):
    NEW = "new", "新预警"
    SEEN = "seen", "已查看"
    HANDLED = "handled", "已处理"


class Alert(models.Model):
    """A monitoring alert (三(二) 跟踪监测). Detected by the engine; its status is changed only by services."""

    kind = models.CharField("预警类型", max_length=20, choices=AlertKind.choices, db_index=True)
    # Indexed by the (building, newest period) index below, which a building page's alert list reads.
    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.CASCADE, related_name="alerts",
                                 db_index=False)
    district = models.ForeignKey("geo.District", verbose_name="地区", on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    subject = models.BigIntegerField("对象键", default=0)  # enterprise id or 0: part of the identity, never NULL
    period = models.DateField("所属期")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    evidence = models.JSONField("依据", default=dict, blank=True)
    active = models.BooleanField("仍然成立", default=True, db_index=True)
    status = models.CharField("状态", max_length=10, choices=AlertStatus.choices, default=AlertStatus.NEW, db_index=True)
    note = models.TextField("处理说明", blank=True, default="")
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="状态变更人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detected_at = models.DateTimeField("首次发现时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_path = "district"
    audit_exclude = ("detected_at", "updated_at", "evidence", "status_changed_at")

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-period", "district__order", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "building", "subject", "period"], name="alert_unique_subject"),
            models.CheckConstraint(condition=~Q(status="handled") | ~Q(note=""), name="alert_handled_has_note"),
        ]
        indexes = [models.Index(fields=["district", "active", "status"]),
                   models.Index(fields=["building", "-period"], name="alert_building_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.building.name} · {self.period:%Y-%m}"


class AlertComment(models.Model):
    """A remark on an alert (批注), kept in order and never edited: what was found, asked or agreed."""

    alert = models.ForeignKey(Alert, verbose_name="预警", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField("填写人标识", max_length=150, blank=True, default="")
    text = models.TextField("意见")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    scope_path = "alert__district"

    class Meta:
        verbose_name = "预警批注"
        verbose_name_plural = "预警批注"
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="alert_comment_not_empty")]

    def __str__(self) -> str:
        return f"{self.author_label}：{self.text[:30]}"


class RecognitionStatus(models.TextChoices):
    PROPOSED = "proposed", "地区已申报"
    IN_NOTICE = "in_notice", "公示中"
    RECOGNISED = "recognised", "已认定"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"
    REVOKED = "revoked", "已撤销认定"


OPEN_RECOGNITION = (RecognitionStatus.PROPOSED, RecognitionStatus.IN_NOTICE, RecognitionStatus.RECOGNISED)


class FeaturedRecognition(models.Model):
    """特色产业楼宇认定: a district proposes a candidate; the city publishes it for a 公示期, then recognises it."""

    building = models.ForeignKey("buildings.Building", verbose_name="楼宇", on_delete=models.PROTECT, related_name="featured_recognitions")
    category = models.ForeignKey("enterprises.FeaturedCategory", verbose_name="特色产业类别", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("申报所依据的指标年度")
    status = models.CharField("状态", max_length=12, choices=RecognitionStatus.choices, default=RecognitionStatus.PROPOSED, db_index=True)
    evidence = models.JSONField("申报时指标", default=dict, blank=True)
    proposal_note = models.TextField("申报说明", blank=True, default="")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField("申报时间", auto_now_add=True)
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    notice_end = models.DateField("公示结束日期", null=True, blank=True)
    recognised_on = models.DateField("认定日期", null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="认定人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField("认定意见", blank=True, default="")
    # A recognised building keeps its status in later years until the city revokes it (with a reason); it
    # counted as recognised up to the day before `revoked_on`.
    revoked_on = models.DateField("撤销认定日期", null=True, blank=True)
    revoke_reason = models.TextField("撤销理由", blank=True, default="")

    scope_path = "building__district"
    audit_exclude = ("proposed_at",)

    class Meta:
        verbose_name = "特色产业楼宇认定"
        verbose_name_plural = "特色产业楼宇认定"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "category"], condition=Q(status__in=["proposed", "in_notice", "recognised"]),
                name="recognition_one_open_per_building_category",
            ),
            models.CheckConstraint(
                condition=~Q(status="recognised") | Q(recognised_on__isnull=False, notice_end__isnull=False),
                name="recognition_recognised_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(recognised_on__isnull=False, revoked_on__isnull=False),
                name="recognition_revoked_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(notice_start__isnull=True) | Q(notice_end__isnull=True) | Q(notice_end__gte=models.F("notice_start")),
                name="recognition_notice_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} · {self.category.name}（{self.get_status_display()}）"
