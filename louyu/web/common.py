"""Small helpers every page uses: the chosen year/month, the data's as-of date, JSON for charts."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max

from louyu.core import permissions
from louyu.core.models import Role
from louyu.enterprises.models import TaxRecord
from louyu.geo.reference import load_city

YI = Decimal("100000000")  # 1亿元 in 元, for display only
WAN = Decimal("10000")


def as_of() -> dt.date | None:
    """The latest tax month loaded (所属期): the date every figure is 'as of' (re-read every 30 s)."""
    from django.core.cache import cache

    latest = cache.get(AS_OF_KEY, MISSING)
    if latest is MISSING:
        latest = TaxRecord.objects.aggregate(latest=Max("period"))["latest"]
        cache.set(AS_OF_KEY, latest, 30)
    return latest


AS_OF_KEY = "louyu:as-of"
MISSING = object()


def selected_period(request, latest: dt.date | None) -> tuple[int, int]:
    """(year, month) chosen in the query string, defaulting to the latest loaded tax month."""
    default = latest or dt.date.today()
    try:
        year = int(request.GET.get("year") or default.year)
        month = int(request.GET.get("month") or (default.month if year == default.year else 12))
    except ValueError:
        year, month = default.year, default.month
    year = min(max(year, 2000), 2100)
    month = min(max(month, 1), 12)
    return year, month


def year_choices(latest: dt.date | None) -> list[int]:
    last = (latest or dt.date.today()).year
    return list(range(last, max(last - 5, 2020) - 1, -1))


def city():
    return load_city()  # cached per city slug


def map_config() -> dict:
    config = dict(city().map or {})
    config.setdefault("tile_url", "")
    config.setdefault("tile_attribution", "")
    config["geojson"] = f"vendor/geo/{city().slug}.geojson"
    return config


def yi(value) -> str:
    """元 → '1.23亿' for headline figures (display only; the data stay in 元)."""
    if value is None:
        return "—"
    return f"{Decimal(value) / YI:,.2f}"


def yuan(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


def area(value) -> str:
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def wan(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) / WAN:,.1f}"


def percent(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.1f}%"


def chart_number(value):
    """A number for a chart's JSON (charts only draw; tables keep exact decimals)."""
    if value is None:
        return None
    return float(value)


def role_flags(user) -> dict:
    role = permissions.role_of(user)
    return {
        "role": role,
        "is_city_admin": role == Role.CITY_ADMIN,
        "is_district_editor": role == Role.DISTRICT_EDITOR,
        "is_read_only": not permissions.can_edit_any(user),
        "user_district": permissions.district_of(user),
    }


def months_stale(latest: dt.date | None, today: dt.date | None = None) -> int | None:
    """Months between the latest tax month loaded and today, when more than the city's `stale_after_months`
    (tax data arrive a month or two late, so a short gap is normal); None when the data are fresh."""
    if latest is None:
        return None
    today = today or dt.date.today()
    months = (today.year - latest.year) * 12 + today.month - latest.month
    return months if months > int(city().display.get("stale_after_months", 3)) else None


def freshness() -> dict:
    """What the as-of line shows: the latest tax month loaded, and how far the indicator facts reach."""
    from . import figures

    return {"as_of": as_of(), "facts_as_of": figures.facts_as_of()}
