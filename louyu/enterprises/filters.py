"""FilterSets of enterprises, tenancies and tax records (pages and API)."""
from __future__ import annotations

import datetime as dt

import django_filters as df
from django import forms
from django.db.models import Q

from louyu.core.filters import ID_BOUNDS, CategoryFilter, IntegerFilter, SearchFilterSet, bool_filter
from louyu.geo.filters import district_filter

from .models import Enterprise, FeaturedCategory, Tenancy, TaxRecord, TenancyKind


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

    return CategoryFilter(label="特色产业类别", queryset=FeaturedCategory.objects.all(), method=method)


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("uscc", "name", "registered_address")
    district = district_filter()
    industry = _industry_filter("industry")
    featured = _featured_filter("industry_id")
    building = IntegerFilter(label="楼宇（在驻）", method="filter_building", widget=forms.HiddenInput, **ID_BOUNDS)
    is_headquarters = bool_filter("is_headquarters", "总部企业")
    is_listed = bool_filter("is_listed", "上市企业")
    is_high_tech = bool_filter("is_high_tech", "高新技术企业")

    class Meta:
        model = Enterprise
        fields = ["q", "district", "industry", "featured", "building", "is_headquarters", "is_listed", "is_high_tech", "verification"]

    def filter_building(self, queryset, name, value):
        """Enterprises with a tenancy in the building that has not ended (the building page's full list)."""
        today = dt.date.today()
        current = Q(tenancies__building_id=value) & (Q(tenancies__move_out__isnull=True) | Q(tenancies__move_out__gt=today))
        return queryset.filter(pk__in=Enterprise.objects.filter(current).values("pk"))


class TenancyFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc", "building__name", "building__code")
    district = district_filter("building__district")
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
