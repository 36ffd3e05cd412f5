"""django-filter FilterSets for the register lists and the API (one per model: BuildingFilterSet …).

They only narrow an already restricted queryset: scoping is louyu.core.permissions' job, never a filter's.
"""
from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q

from louyu.buildings.models import (
    Building, BuildingStatus, NewBuildingProject, OperationReport, ProjectProgress, RenovationProject, RenovationStatus,
)
from louyu.core.models import Verification
from louyu.enterprises.models import Enterprise, FeaturedCategory, IndustryCode, Tenancy, TaxRecord, TenancyKind
from louyu.geo.models import District

YES_NO = (("1", "是"), ("0", "否"))



class IntegerFilter(df.NumberFilter):
    """A whole-number filter (years, ids): "0.0" or 1e30 is a 400 with a Chinese message, never a 500."""

    field_class = forms.IntegerField


ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}

def _districts(request=None):
    return District.objects.all()


def _sections(request=None):
    return IndustryCode.objects.filter(level="section")


class SearchFilterSet(df.FilterSet):
    """A free-text `q` over `search_fields`, plus the provenance filters every register has."""

    search_fields: tuple[str, ...] = ()
    q = df.CharFilter(label="搜索", method="filter_q")
    verification = df.ChoiceFilter(label="核实状态", choices=Verification.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.filters.values():
            if isinstance(f, (df.ChoiceFilter, df.ModelChoiceFilter)):
                f.extra["empty_label"] = "全部"

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def _bool_filter(field: str, label: str):
    return df.ChoiceFilter(field_name=field, label=label, choices=YES_NO, method=lambda qs, name, v: qs.filter(**{name: v == "1"}))


def _industry_filter(path: str):
    """Filter by a GB/T 4754 门类 letter or a code prefix (大类/中类/小类)."""

    def method(queryset, name, value):
        value = value.strip().upper()
        if not value:
            return queryset
        if len(value) == 1 and value.isalpha():
            return queryset.filter(**{f"{path}__section": value})
        return queryset.filter(**{f"{path}__code__startswith": value})

    return df.CharFilter(label="行业（门类字母或代码前缀）", method=method)


def _featured_filter(path: str):
    """Enterprises whose industry code starts with one of the category's configured prefixes."""

    def method(queryset, name, value):
        prefixes = value.industry_prefixes if value else []
        if not prefixes:
            return queryset if value is None else queryset.none()
        condition = Q()
        for prefix in prefixes:
            condition |= Q(**{f"{path}__startswith": prefix})
        return queryset.filter(condition)

    return df.ModelChoiceFilter(label="特色产业类别", queryset=FeaturedCategory.objects.all(), method=method)


TIER_CHOICES = (("10", "10亿元级"), ("5", "5亿元级"), ("1", "亿元级"), ("0", "非亿元楼宇"))


class BuildingFilterSet(SearchFilterSet):
    """Register fields, plus the indicator facts of the chosen year (`year`, default: the latest tax year)."""

    search_fields = ("code", "name", "address", "owner", "operator", "street")
    tier = df.ChoiceFilter(label="亿元楼宇等级", choices=TIER_CHOICES, method="filter_tier")
    featured = df.ModelChoiceFilter(label="主导特色产业", queryset=FeaturedCategory.objects.all(), method="filter_featured")
    district = df.ModelChoiceFilter(label="地区", queryset=_districts)
    street = df.CharFilter(label="街道", lookup_expr="icontains")
    status = df.ChoiceFilter(label="楼宇状态", choices=BuildingStatus.choices)
    is_key = _bool_filter("is_key", "重点楼宇")
    office_area_min = df.NumberFilter(field_name="office_area", lookup_expr="gte", label="商务办公面积不少于(㎡)")

    class Meta:
        model = Building
        fields = ["q", "district", "street", "status", "is_key", "tier", "featured", "verification"]

    def _fact_year(self) -> int:
        from .common import as_of, selected_period

        return selected_period(self.request, as_of())[0] if self.request is not None else as_of().year

    def _with_facts(self, queryset, **facts):
        from . import figures

        ids = figures.buildings_with(self._fact_year(), user=getattr(self.request, "user", None), **facts)
        return queryset if ids is None else queryset.filter(pk__in=ids)

    def filter_tier(self, queryset, name, value):
        return self._with_facts(queryset, tier=int(value))

    def filter_featured(self, queryset, name, value):
        return self._with_facts(queryset, category=value) if value else queryset


class NewBuildingProjectFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "parcel", "address", "street")
    district = df.ModelChoiceFilter(label="地区", queryset=_districts)
    street = df.CharFilter(label="街道", lookup_expr="icontains")
    progress = df.ChoiceFilter(label="进度", choices=ProjectProgress.choices)

    class Meta:
        model = NewBuildingProject
        fields = ["q", "district", "street", "progress", "verification"]


class RenovationProjectFilterSet(SearchFilterSet):
    search_fields = ("code", "building__name", "building__code", "content")
    district = df.ModelChoiceFilter(label="地区", field_name="building__district", queryset=_districts)
    street = df.CharFilter(label="街道", field_name="building__street", lookup_expr="icontains")
    status = df.ChoiceFilter(label="状态", choices=RenovationStatus.choices)
    is_demonstration = _bool_filter("is_demonstration", "示范项目")
    completed_year = IntegerFilter(field_name="completion_date__year", label="完工年份", min_value=1, max_value=9999)

    class Meta:
        model = RenovationProject
        fields = ["q", "district", "street", "status", "is_demonstration", "verification"]


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("uscc", "name", "registered_address")
    district = df.ModelChoiceFilter(label="地区", queryset=_districts)
    industry = _industry_filter("industry")
    featured = _featured_filter("industry_id")
    building = IntegerFilter(label="楼宇（在驻）", method="filter_building", widget=forms.HiddenInput, **ID_BOUNDS)
    is_headquarters = _bool_filter("is_headquarters", "总部企业")
    is_listed = _bool_filter("is_listed", "上市企业")
    is_high_tech = _bool_filter("is_high_tech", "高新技术企业")

    class Meta:
        model = Enterprise
        fields = ["q", "district", "industry", "featured", "building", "is_headquarters", "is_listed", "is_high_tech", "verification"]

    def filter_building(self, queryset, name, value):
        """Enterprises with a tenancy in the building that has not ended (the building page's full list)."""
        import datetime as dt

        today = dt.date.today()
        current = Q(tenancies__building_id=value) & (Q(tenancies__move_out__isnull=True) | Q(tenancies__move_out__gt=today))
        return queryset.filter(pk__in=Enterprise.objects.filter(current).values("pk"))


class TenancyFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc", "building__name", "building__code")
    district = df.ModelChoiceFilter(label="地区", field_name="building__district", queryset=_districts)
    building = IntegerFilter(field_name="building_id", label="楼宇ID", **ID_BOUNDS)
    enterprise = IntegerFilter(field_name="enterprise_id", label="企业ID", **ID_BOUNDS)
    kind = df.ChoiceFilter(label="入驻类型", choices=TenancyKind.choices)
    active_on = df.DateFilter(label="某日在驻", method="filter_active_on")

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(Q(move_in__lte=value) & (Q(move_out__isnull=True) | Q(move_out__gt=value)))

    class Meta:
        model = Tenancy
        fields = ["q", "district", "building", "enterprise", "kind", "active_on", "verification"]


class TaxRecordFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc")
    enterprise = IntegerFilter(field_name="enterprise_id", label="企业ID", **ID_BOUNDS)
    period_from = df.DateFilter(field_name="period", lookup_expr="gte", label="所属期起")
    period_to = df.DateFilter(field_name="period", lookup_expr="lte", label="所属期止")

    class Meta:
        model = TaxRecord
        fields = ["q", "enterprise", "period_from", "period_to", "verification"]


class OperationReportFilterSet(SearchFilterSet):
    search_fields = ("building__name", "building__code")
    building = IntegerFilter(field_name="building_id", label="楼宇ID", **ID_BOUNDS)
    period_from = df.DateFilter(field_name="period", lookup_expr="gte", label="所属期起")
    period_to = df.DateFilter(field_name="period", lookup_expr="lte", label="所属期止")

    class Meta:
        model = OperationReport
        fields = ["q", "building", "period_from", "period_to", "verification"]
