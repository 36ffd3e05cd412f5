"""Filters of the event register (they narrow an already restricted queryset)."""
import django_filters as df

from louyu.core.filters import YES_NO, IntegerFilter, SearchFilterSet
from louyu.geo.filters import _districts

from .models import Event, EventKind


class EventFilterSet(SearchFilterSet):
    search_fields = ("name", "organiser")
    kind = df.ChoiceFilter(label="活动类型", choices=EventKind.choices)
    district = df.ModelChoiceFilter(label="地区", queryset=_districts)
    city_level = df.ChoiceFilter(label="市级活动", choices=YES_NO, method="filter_city_level")
    year = IntegerFilter(label="年度", field_name="held_on", lookup_expr="year", min_value=1, max_value=9999)

    class Meta:
        model = Event
        fields = ["q", "kind", "district", "city_level", "year", "verification"]

    def filter_city_level(self, queryset, name, value):
        return queryset.filter(district__isnull=value == "1")
