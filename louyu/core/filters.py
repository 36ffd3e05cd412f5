"""What every register's FilterSet shares: a free-text search and the provenance filters (django-filter).

FilterSets only narrow an already restricted queryset: scoping is louyu.core.permissions' job, never a
filter's. Each app keeps its own FilterSets in its filters.py (BuildingFilterSet …), used by its API and
by the pages.
"""
from __future__ import annotations

import django_filters as df
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from django import forms
from django.db.models import Q

from .models import Verification

YES_NO = (("1", "是"), ("0", "否"))


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


def bool_filter(field: str, label: str):
    return df.ChoiceFilter(field_name=field, label=label, choices=YES_NO, method=lambda qs, name, v: qs.filter(**{name: v == "1"}))


@extend_schema_field(OpenApiTypes.INT)
class CategoryFilter(df.ModelChoiceFilter):
    """A 特色产业类别 by id (its filtering is a method, so the OpenAPI schema is told the parameter's type)."""


class IntegerFilter(df.NumberFilter):
    """A whole-number filter (years, ids): "0.0" or 1e30 is a 400 with a Chinese message, never a 500."""

    field_class = forms.IntegerField


ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}
