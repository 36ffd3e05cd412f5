from django.db import models


class District(models.Model):
    """A 县级市, 区 or 园区 as 附件1 names it: the scoping dimension of the platform."""

    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("地区", max_length=40, unique=True)
    full_name = models.CharField("全称", max_length=60)
    kind = models.CharField("类型", max_length=20, default="district")
    order = models.PositiveSmallIntegerField("排序", default=0)
    aliases = models.JSONField("别名", default=list, blank=True)

    scope_path = "pk"

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Street(models.Model):
    """A 街道 or 镇 inside a district."""

    district = models.ForeignKey(District, verbose_name="地区", on_delete=models.CASCADE, related_name="streets")
    name = models.CharField("街道/镇", max_length=40)
    kind = models.CharField("类型", max_length=10, default="街道")
    aliases = models.JSONField("别名", default=list, blank=True)

    scope_path = "district"

    class Meta:
        verbose_name = "街道/镇"
        verbose_name_plural = "街道/镇"
        ordering = ["district__order", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="street_unique_in_district")]

    def __str__(self) -> str:
        return f"{self.district.name}{self.name}"
