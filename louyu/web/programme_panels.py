"""The work programme's panels on the district page and the cockpit: progress against the target version in
force (序时进度) and the year-end forecast. They read the engine (actuals, forecast) and the programme (targets,
on-track rule), so they live here above both."""
from __future__ import annotations

import datetime as dt

from louyu.indicators import forecast
from louyu.indicators.selectors import programme_progress
from louyu.programme import selectors as programme_selectors

from .figures import cached

# Every building's forecast is the same for every user and changes only with the facts: cached per compute
# (the page then filters it to what the user may see). The targets it is compared with are read fresh.
forecast_buildings = cached(forecast.forecast_buildings)


def panels(user, *, year: int, month: int, district=None, progress: bool = True) -> dict:
    """Progress (unless `progress` is off) and, while the year is still running at the chosen month, the forecast."""
    as_of_month = dt.date(year, month, 1)
    out = {"programme_progress": programme_progress(year, district=district, as_of_month=as_of_month) if progress else None,
           "forecast": None}
    rows = forecast_buildings(year, month) if month < 12 else []
    if not rows:
        return out
    districts = forecast.district_forecast(year, month, rows)
    if district is not None:
        rows = [r for r in rows if r.district_id == district.pk]
        summary = districts.get(district.pk)
    else:
        summary = forecast.city_forecast(year, month, rows)
    visible = forecast.visible_rows(user, rows)
    closest = forecast.closest_to_threshold(visible)
    ladder = [{**rung, "buildings": rung["buildings"][:8]} for rung in forecast.ladder(visible)]
    names = forecast.building_names({r.building_id for r in closest} | {r.building_id for rung in ladder for r in rung["buildings"]})
    out["forecast"] = {
        "through": month, "summary": summary,
        "districts": [(d, districts.get(d.pk)) for d in programme_selectors.districts()] if district is None else [],
        "closest": [(names.get(r.building_id), r) for r in closest],
        "ladder": [{**rung, "buildings": [(names.get(r.building_id), r, forecast.yoy(r)) for r in rung["buildings"]]}
                   for rung in ladder],
        "hidden": len(rows) - len(visible),
    }
    return out
