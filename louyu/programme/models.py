"""The policy's work programme: annual targets (附件1) and key tasks (附件2)."""
from django.db import models
from django.db.models import Q


class TargetColumn(models.TextChoices):
    """附件1's six columns, in its order."""

    OFFICE_BUILDINGS_10K = "office_buildings_10k", "商务办公1万㎡以上楼宇数量"
    NEW_100M = "new_100m", "新增亿元楼宇"
    CUMULATIVE_100M = "cumulative_100m", "累计亿元楼宇"
    NEW_FEATURED = "new_featured", "新增特色产业楼宇"
    RENOVATED = "renovated", "改造存量楼宇"
    PROMOTION_EVENTS = "promotion_events", "举办楼宇推介活动"


class AnnualTarget(models.Model):
    """One district's targets for one year (附件1 row)."""

    year = models.PositiveSmallIntegerField("年度")
    district = models.ForeignKey("geo.District", verbose_name="地区", on_delete=models.PROTECT, related_name="targets")
    office_buildings_10k = models.PositiveIntegerField("商务办公1万㎡以上楼宇数量")
    new_100m = models.PositiveIntegerField("新增亿元楼宇")
    cumulative_100m = models.PositiveIntegerField("累计亿元楼宇")
    new_featured = models.PositiveIntegerField("新增特色产业楼宇")
    renovated = models.PositiveIntegerField("改造存量楼宇")
    promotion_events = models.PositiveIntegerField("举办楼宇推介活动")

    scope_path = "district"

    class Meta:
        verbose_name = "年度目标（附件1）"
        verbose_name_plural = "年度目标（附件1）"
        ordering = ["-year", "district__order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "district"], name="target_unique_district_year"),
            models.CheckConstraint(condition=Q(cumulative_100m__gte=models.F("new_100m")), name="target_cumulative_ge_new"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.district}"


class KeyTask(models.Model):
    """A key task of 附件2 with its deadline and responsible units."""

    seq = models.PositiveSmallIntegerField("序号")
    area = models.CharField("五方面工作", max_length=40)
    task = models.TextField("重点任务")
    deadline_text = models.CharField("完成时限", max_length=40)
    deadline = models.DateField("截止日期", null=True, blank=True, help_text="空表示持续推进")
    responsible_units = models.JSONField("责任单位", default=list)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "重点任务（附件2）"
        verbose_name_plural = "重点任务（附件2）"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["order"], name="key_task_unique_order")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.task[:30]}"
