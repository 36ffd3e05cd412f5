"""Loading a city's districts and streets from its reference folder (idempotent)."""
from __future__ import annotations

import csv

from django.db import transaction

from .models import District, Street
from .reference import CityRef, load_city, split_list


@transaction.atomic
def districts_load(*, city: CityRef | None = None) -> int:
    city = city or load_city()
    for ref in city.districts:
        District.objects.update_or_create(
            code=ref.division_code,
            defaults=dict(name=ref.name, full_name=ref.full_name, kind=ref.kind, order=ref.order, aliases=list(ref.aliases)),
        )
    return len(city.districts)


@transaction.atomic
def streets_load(*, city: CityRef | None = None) -> int:
    city = city or load_city()
    path = city.path("streets.csv")
    if not path.exists():
        return 0
    count = 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            district = city.resolve_district(row["district"])
            if district is None:
                raise ValueError(f"{path}: 未知地区“{row['district']}”")
            Street.objects.update_or_create(
                district=District.objects.get(code=district.division_code),
                name=row["name"].strip(),
                defaults=dict(kind=(row.get("kind") or "街道").strip(), aliases=list(split_list(row.get("aliases")))),
            )
            count += 1
    return count
