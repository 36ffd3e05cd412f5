import django_filters as df

from louyu.core.filters import SearchFilterSet
from louyu.geo.filters import _districts

from .models import Inspection, InspectionStatus


class InspectionFilterSet(SearchFilterSet):
    search_fields = ("policy_item", "findings", "department")
    district = df.ModelChoiceFilter(label="地区", queryset=_districts)
    status = df.ChoiceFilter(label="状态", choices=InspectionStatus.choices)

    class Meta:
        model = Inspection
        fields = ["q", "district", "status", "verification"]
