"""Loading the industry classification and the featured-category mapping (idempotent)."""
from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from louyu.geo.reference import CityRef, load_city, split_list

from .models import FeaturedCategory, IndustryCode

GBT4754_PATH = Path(__file__).resolve().parent.parent / "reference" / "gbt4754_2017.csv"
LEVEL_ORDER = {"section": 0, "division": 1, "group": 2, "class": 3}


def read_gbt4754(path: Path = GBT4754_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


@transaction.atomic
def industry_codes_load(path: Path = GBT4754_PATH) -> int:
    rows = sorted(read_gbt4754(path), key=lambda r: LEVEL_ORDER[r["level"]])
    sections: dict[str, str] = {}
    existing = {c.code: c for c in IndustryCode.objects.all()}
    for row in rows:
        code = row["code"]
        section = code if row["level"] == "section" else sections[row["parent"]]
        sections[code] = section
        values = dict(level=row["level"], name=row["name"], parent_id=row["parent"] or None, section=section)
        current = existing.get(code)
        if current is None:
            IndustryCode.objects.create(code=code, **values)
        elif any(getattr(current, k) != v for k, v in values.items()):
            IndustryCode.objects.filter(code=code).update(**values)
    return len(rows)


@transaction.atomic
def featured_categories_load(*, city: CityRef | None = None) -> int:
    """Create the city's featured categories; an existing mapping edited by staff is kept (it is configuration)."""
    city = city or load_city()
    with city.path("featured_categories.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        FeaturedCategory.objects.get_or_create(
            code=row["code"].strip(),
            defaults=dict(
                name=row["name"].strip(),
                order=int(row["order"]),
                industry_prefixes=list(split_list(row["industry_codes"])),
                note=row.get("note", "").strip(),
            ),
        )
    return len(rows)
