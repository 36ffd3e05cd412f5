"""The district filter every register's FilterSet offers."""
from __future__ import annotations

import django_filters as df

from .models import District


def _districts(request=None):
    return District.objects.all()


def district_filter(field_name: str = "district") -> df.ModelChoiceFilter:
    """地区: the row's district, or e.g. its building's (`building__district`)."""
    return df.ModelChoiceFilter(label="地区", field_name=field_name, queryset=_districts)
