"""A small random city (seeded) for the incremental and independent-check tests, written in bulk."""
from __future__ import annotations

import calendar
import datetime as dt
import random
from decimal import Decimal

from louyu.buildings.models import Building, OperationReport
from louyu.enterprises.models import Enterprise, Tenancy, TaxRecord
from louyu.factories import district, industry, next_uscc

INDUSTRIES = ["7231", "7241", "7520", "6621", "6711", "7310", "7484", "6512", "5211", "7211"]
KINDS = ["registered_present"] * 6 + ["registered_only"] * 2 + ["present_only"] * 2
DISTRICTS = ["姑苏区", "工业园区", "昆山市"]


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def random_date(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def build(seed: int, *, buildings: int = 8, enterprises: int = 60, years=(2022, 2023), last_month: int = 12) -> dict:
    rng = random.Random(seed)
    codes = {c: industry(c) for c in INDUSTRIES}
    blds = Building.objects.bulk_create([
        Building(code=f"R{seed}-{i:03d}", name=f"随机大厦{seed}-{i}", district=district(rng.choice(DISTRICTS)),
                 address=f"随机路{i}号", office_area=rng.choice([None, Decimal("8000"), Decimal("12000"), Decimal("30000")]),
                 completion_year=rng.choice([None, 2010, 2022, 2023]), source="测试")
        for i in range(buildings)
    ])
    ents = Enterprise.objects.bulk_create([
        Enterprise(uscc=next_uscc(), name=f"随机企业{seed}-{i}", industry=codes[rng.choice(INDUSTRIES)] if rng.random() > 0.1 else None,
                   district=district(rng.choice(DISTRICTS)))
        for i in range(enterprises)
    ])
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    tenancies, keys = [], set()

    def add(t: Tenancy) -> None:
        key = (t.enterprise.pk, t.building.pk, t.move_in)
        if key not in keys:  # (enterprise, building, move_in) is unique
            keys.add(key)
            tenancies.append(t)

    for e in ents:
        start = random_date(rng, dt.date(years[0] - 1, 6, 1), last)
        end = random_date(rng, start + dt.timedelta(days=1), last + dt.timedelta(days=200)) if rng.random() < 0.5 else None
        if end is not None and rng.random() < 0.4:  # month ends are where "active on the last day" bites
            end = month_end(end)
            start = min(start, end - dt.timedelta(days=1))
        kind = rng.choice(KINDS)
        area = Decimal(rng.randrange(50, 3000)) if kind != "registered_only" else None
        b = rng.choice(blds)
        add(Tenancy(enterprise=e, building=b, move_in=start, move_out=end, kind=kind, area=area))
        if end is not None and end <= last and rng.random() < 0.6:  # moves on, sometimes the same day
            nxt = end + dt.timedelta(days=rng.choice([0, 0, 1, 15]))
            add(Tenancy(enterprise=e, building=rng.choice(blds), move_in=nxt, kind=kind, area=area))
        if rng.random() < 0.15:  # a second floor in the same building
            add(Tenancy(enterprise=e, building=b, move_in=start + dt.timedelta(days=30), kind="present_only",
                        area=Decimal(rng.randrange(50, 500))))
    Tenancy.objects.bulk_create(tenancies)
    records = []
    for e in ents:
        scale = rng.choice([1_000, 50_000, 2_000_000, 9_000_000])
        for year in years:
            for month in range(1, 13 if year < years[-1] else last_month + 1):
                if rng.random() < 0.9:
                    amount = Decimal(rng.randrange(-scale // 20, scale * 2)) + Decimal(rng.randrange(100)) / 100
                    records.append(TaxRecord(enterprise=e, period=dt.date(year, month, 1), total_tax=amount))
    TaxRecord.objects.bulk_create(records, batch_size=2000)
    reports = []
    for b in blds[: buildings // 2]:
        for year in years:
            for month in range(1, 13):
                if rng.random() < 0.6:
                    leasable = Decimal(rng.randrange(5000, 20000))
                    reports.append(OperationReport(building=b, period=dt.date(year, month, 1), leasable_area=leasable,
                                                   leased_area=(leasable * Decimal(rng.random())).quantize(Decimal("0.01"))))
    OperationReport.objects.bulk_create(reports)
    return {"buildings": blds, "enterprises": ents, "years": years, "rng": rng, "first": first}
