"""The list pages' building filter: the register's fields plus the indicator facts of the chosen year
(`year`, default: the latest tax year) — 亿元楼宇等级 and 主导特色产业 come from the facts, which only
the web layer reads (through louyu.web.figures)."""
from __future__ import annotations

import django_filters as df

from louyu.buildings.filters import BuildingFilterSet
from louyu.core.filters import CategoryFilter
from louyu.enterprises.models import FeaturedCategory

from . import figures
from .common import as_of, selected_period

TIER_CHOICES = (("10", "10亿元级"), ("5", "5亿元级"), ("1", "亿元级"), ("0", "非亿元楼宇"))


class BuildingListFilterSet(BuildingFilterSet):
    tier = df.ChoiceFilter(label="亿元楼宇等级", choices=TIER_CHOICES, method="filter_tier")
    featured = CategoryFilter(label="主导特色产业", queryset=FeaturedCategory.objects.all(), method="filter_featured")

    class Meta(BuildingFilterSet.Meta):
        fields = ["q", "district", "street", "status", "is_key", "tier", "featured", "verification"]

    def _fact_year(self) -> int:
        return selected_period(self.request, as_of())[0] if self.request is not None else as_of().year

    def _with_facts(self, queryset, **facts):
        return queryset.filter(pk__in=figures.buildings_with(self._fact_year(), user=getattr(self.request, "user", None), **facts))

    def filter_tier(self, queryset, name, value):
        return self._with_facts(queryset, tier=int(value))

    def filter_featured(self, queryset, name, value):
        return self._with_facts(queryset, category=value) if value else queryset
