"""FilterSets of 招商 lists and the API. They narrow an already restricted queryset (scoping is permissions')."""
from __future__ import annotations

import django_filters as df

from louyu.enterprises.models import FeaturedCategory
from louyu.geo.models import District
from louyu.core.filters import ID_BOUNDS, CategoryFilter, IntegerFilter, SearchFilterSet

from .models import Demand, DemandSource, FitOut, Lead, LeadStage, ListingStatus, VacantUnit


class VacantUnitFilterSet(SearchFilterSet):
    search_fields = ("building__name", "building__code", "floor", "unit", "note")
    district = df.ModelChoiceFilter(label="地区", field_name="building__district", queryset=District.objects.all())
    area_min = df.NumberFilter(field_name="area", lookup_expr="gte", label="面积不少于(㎡)")
    area_max = df.NumberFilter(field_name="area", lookup_expr="lte", label="面积不超过(㎡)")
    rent_max = df.NumberFilter(field_name="asking_rent", lookup_expr="lte", label="租金不超过(元/㎡·天)")
    fit_out = df.ChoiceFilter(label="装修", choices=FitOut.choices)
    status = df.ChoiceFilter(label="状态", choices=ListingStatus.choices)
    featured = CategoryFilter(label="特色产业楼宇", queryset=FeaturedCategory.objects.all(), method="filter_featured")
    building = IntegerFilter(field_name="building_id", label="楼宇ID", **ID_BOUNDS)

    class Meta:
        model = VacantUnit
        fields = ["q", "district", "area_min", "area_max", "rent_max", "fit_out", "featured", "status"]

    def filter_featured(self, queryset, name, value):
        """Units in buildings whose lead featured category (any computed year) is the chosen one."""
        from louyu.indicators.models import BuildingYear

        if value is None:
            return queryset
        return queryset.filter(building_id__in=BuildingYear.objects.filter(lead_category=value).values("building_id"))


class DemandFilterSet(SearchFilterSet):
    search_fields = ("enterprise_name", "uscc", "contact_name", "note")
    district = df.ModelChoiceFilter(label="意向地区", queryset=District.objects.all())
    origin = df.ChoiceFilter(label="需求来源", choices=DemandSource.choices)

    class Meta:
        model = Demand
        fields = ["q", "district", "origin"]


class LeadFilterSet(SearchFilterSet):
    search_fields = ("demand__enterprise_name", "unit__building__name", "notes")
    district = df.ModelChoiceFilter(label="地区", queryset=District.objects.all())
    stage = df.ChoiceFilter(label="阶段", choices=LeadStage.choices)

    class Meta:
        model = Lead
        fields = ["q", "district", "stage"]
