"""Loading the policy's attachments (附件1 targets, 附件2 key tasks) from the city's folder (idempotent)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from louyu.geo.models import District
from louyu.geo.reference import CityRef, load_city, read_tsv

from .models import AnnualTarget, KeyTask, TargetColumn

TARGET_FIELDS = [c.value for c in TargetColumn]


@transaction.atomic
def annual_targets_load(*, city: CityRef | None = None) -> int:
    city = city or load_city()
    count = 0
    for path in sorted(city.folder.glob("annual_targets*.tsv")):
        for row in read_tsv(path):
            ref = city.resolve_district(row["district"])
            if ref is None:
                raise ValueError(f"{path.name}: 未知地区“{row['district']}”")
            AnnualTarget.objects.update_or_create(
                year=int(row["year"]),
                district=District.objects.get(code=ref.division_code),
                defaults={f: int(row[f]) for f in TARGET_FIELDS},
            )
            count += 1
    return count


def split_units(text: str) -> list[str]:
    """'市发改委、市资源规划局，各县级市<区>人民政府' → one unit per item."""
    for sep in ("，", ",", "；", ";"):
        text = text.replace(sep, "、")
    return [u.strip() for u in text.split("、") if u.strip()]


@transaction.atomic
def key_tasks_load(*, city: CityRef | None = None) -> int:
    city = city or load_city()
    path = city.path("key_tasks.tsv")
    if not path.exists():
        return 0
    rows = read_tsv(path)
    for order, row in enumerate(rows, start=1):
        KeyTask.objects.update_or_create(
            order=order,
            defaults=dict(
                seq=int(row["seq"]),
                area=row["area"],
                task=row["task"],
                deadline_text=row["deadline_text"],
                deadline=dt.date.fromisoformat(row["deadline"]) if row["deadline"] else None,
                responsible_units=split_units(row["responsible_units"]),
            ),
        )
    KeyTask.objects.filter(order__gt=len(rows)).delete()
    return len(rows)
