"""The work programme's panels on the district page and the cockpit: progress against the target version in
force (序时进度) and the year-end forecast. They read the engine (actuals, forecast) and the programme (targets,
on-track rule), so they live here above both."""
from __future__ import annotations

import datetime as dt

from louyu.indicators import forecast
from louyu.indicators.selectors import programme_progress
from louyu.programme import selectors as programme_selectors


def panels(user, *, year: int, month: int, district=None, progress: bool = True) -> dict:
    """Progress (unless `progress` is off) and, while the year is still running at the chosen month, the forecast."""
    as_of_month = dt.date(year, month, 1)
    out = {"programme_progress": programme_progress(year, district=district, as_of_month=as_of_month) if progress else None,
           "forecast": None}
    if month >= 12 or not forecast.monthly_tax_exists(year):
        return out
    rows = forecast.forecast_buildings(year, month)
    districts = forecast.district_forecast(year, month, rows)
    if district is not None:
        rows = [r for r in rows if r.district_id == district.pk]
        summary = districts.get(district.pk)
    else:
        summary = forecast.city_forecast(year, month, rows)
    visible = forecast.visible_rows(user, rows)
    names = forecast.building_names([r.building_id for r in visible])
    out["forecast"] = {
        "through": month, "summary": summary,
        "districts": [(d, districts.get(d.pk)) for d in programme_selectors.districts()] if district is None else [],
        "closest": [(names.get(r.building_id), r) for r in forecast.closest_to_threshold(visible)],
        "ladder": [{**rung, "buildings": [(names.get(r.building_id), r, forecast.yoy(r)) for r in rung["buildings"][:8]]}
                   for rung in forecast.ladder(visible)],
        "hidden": len(rows) - len(visible),
    }
    return out
