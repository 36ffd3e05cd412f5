"""FilterSets of the building registers (pages and API)."""
from __future__ import annotations

import django_filters as df

from louyu.core.filters import ID_BOUNDS, IntegerFilter, SearchFilterSet, bool_filter
from louyu.geo.filters import district_filter

from .models import Building, BuildingStatus, NewBuildingProject, OperationReport, ProjectProgress, RenovationProject, RenovationStatus


class BuildingFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "address", "owner", "operator", "street")
    district = district_filter()
    street = df.CharFilter(label="街道", lookup_expr="icontains")
    status = df.ChoiceFilter(label="楼宇状态", choices=BuildingStatus.choices)
    is_key = bool_filter("is_key", "重点楼宇")
    office_area_min = df.NumberFilter(field_name="office_area", lookup_expr="gte", label="商务办公面积不少于(㎡)")

    class Meta:
        model = Building
        fields = ["q", "district", "street", "status", "is_key", "verification"]


class NewBuildingProjectFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "parcel", "address", "street")
    district = district_filter()
    street = df.CharFilter(label="街道", lookup_expr="icontains")
    progress = df.ChoiceFilter(label="进度", choices=ProjectProgress.choices)

    class Meta:
        model = NewBuildingProject
        fields = ["q", "district", "street", "progress", "verification"]


class RenovationProjectFilterSet(SearchFilterSet):
    search_fields = ("code", "building__name", "building__code", "content")
    district = district_filter("building__district")
    street = df.CharFilter(label="街道", field_name="building__street", lookup_expr="icontains")
    status = df.ChoiceFilter(label="状态", choices=RenovationStatus.choices)
    is_demonstration = bool_filter("is_demonstration", "示范项目")
    completed_year = IntegerFilter(field_name="completion_date__year", label="完工年份", min_value=1, max_value=9999)

    class Meta:
        model = RenovationProject
        fields = ["q", "district", "street", "status", "is_demonstration", "verification"]


class OperationReportFilterSet(SearchFilterSet):
    search_fields = ("building__name", "building__code")
    building = IntegerFilter(field_name="building_id", label="楼宇ID", **ID_BOUNDS)
    period_from = df.DateFilter(field_name="period", lookup_expr="gte", label="所属期起")
    period_to = df.DateFilter(field_name="period", lookup_expr="lte", label="所属期止")

    class Meta:
        model = OperationReport
        fields = ["q", "building", "period_from", "period_to", "verification"]
