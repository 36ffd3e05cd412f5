"""The city's government-service catalogue (reference data, loaded by `louyu init`)."""
from __future__ import annotations

import csv

from louyu.geo.reference import cities_dir, current_city_slug

from .models import GovernmentService


def government_services_load() -> int:
    """Upsert cities/<city>/government_services.csv (code, name, self_service 是/否); returns the row count."""
    path = cities_dir() / current_city_slug() / "government_services.csv"
    if not path.exists():
        return 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        GovernmentService.objects.update_or_create(
            code=row["code"].strip(), defaults={"name": row["name"].strip(), "self_service": row["self_service"].strip() == "是"})
    return len(rows)
