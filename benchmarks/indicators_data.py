"""A city-shaped data set for the indicator benchmark, written with PostgreSQL COPY (PostgreSQL only).

Shape at scale 10 (the "city ×10" of the issue): ~3,500 buildings, ~80,000 enterprises, ~95,000 tenancies
(注册且办公/仅注册/仅办公, with moves), monthly tax 2021–2024 for every enterprise (~3.84M rows, heavy-tailed
so that about a tenth of the buildings pass 1亿), operation reports for 40 % of the buildings, renovations.
Used only when `louyu demo-data` is not available; the benchmark says which generator produced its data.
"""
from __future__ import annotations

import datetime as dt
import io
import random

from django.db import connection
from django.utils import timezone

from louyu.buildings.models import Building, OperationReport, RenovationProject
from louyu.enterprises.models import Enterprise, IndustryCode, Tenancy, TaxRecord
from louyu.enterprises.uscc import uscc_make
from louyu.geo.models import District

YEARS = (2021, 2022, 2023, 2024)
SECTIONS = {"I": 18, "J": 14, "K": 12, "L": 18, "M": 16, "N": 6, "F": 6, "G": 6, "R": 3, "P": 2, "Q": 2}
FEATURED_CODES = ["7231", "7241", "7520", "6621", "6711", "6811", "7310", "7320", "7484", "7491", "7492"]


def _copy(model, columns: list[str], rows) -> int:
    """COPY rows (tuples, already in column order) into the model's table; None is NULL."""
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            buf = io.StringIO()
            for row in rows:
                buf.write("\t".join("\\N" if v is None else str(v) for v in row))
                buf.write("\n")
                count += 1
                if count % 50_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
    return count


def _sourced(now) -> list:
    return ["基准测试数据", "unverified", now, now]


SOURCED = ["source", "verification", "created_at", "updated_at"]


def generate(*, seed: int = 1, scale: float = 10.0, stdout=None) -> dict[str, int]:
    rng = random.Random(seed)
    now = timezone.now().isoformat()
    say = stdout.write if stdout else (lambda s: None)
    districts = list(District.objects.order_by("order").values_list("id", flat=True))
    weights = [8, 5, 4, 9, 6, 12, 8, 7, 22, 9]
    n_buildings = int(350 * scale)
    n_enterprises = int(8000 * scale)

    # Buildings: office area heavy-tailed around 15,000 ㎡; a few planned / under construction.
    buildings = []
    for i in range(n_buildings):
        area = round(min(max(rng.lognormvariate(9.5, 0.7), 2000), 250000), 2)
        status = rng.choices(["operating", "renovating", "planned", "under_construction"], [94, 2, 2, 2])[0]
        year = rng.randint(1995, 2024) if status in ("operating", "renovating") else None
        buildings.append((f"BB{i:05d}", f"基准大厦{i}号", rng.choices(districts, weights)[0], f"基准路{i + 1}号",
                          round(area * 1.4, 2), area, year, status, "[]", "[]", "", False, "", "", "", "", *_sourced(now)))
    _copy(Building, ["code", "name", "district_id", "address", "gross_area", "office_area", "completion_year", "status",
                     "aliases", "towers", "street", "is_key", "ownership_type", "owner", "operator", "holding", *SOURCED],
          buildings)
    b_ids = list(Building.objects.filter(code__startswith="BB").order_by("code").values_list("id", "office_area", "status"))
    say(f"楼宇 {len(b_ids)}\n")

    # Enterprises, with industries weighted towards services and the featured categories.
    classes: dict[str, list[str]] = {}
    for code, section in IndustryCode.objects.filter(level="class").values_list("code", "section"):
        classes.setdefault(section, []).append(code)
    sections = [s for s in SECTIONS if s in classes]
    base = Enterprise.objects.count()
    ents = []
    for i in range(n_enterprises):
        if rng.random() < 0.12:
            code = rng.choice(FEATURED_CODES)
        else:
            code = rng.choice(classes[rng.choices(sections, [SECTIONS[s] for s in sections])[0]])
        ents.append((uscc_make(90_000_000 + base + i), f"苏州基准{i}有限公司", code, "", False, False, False, *_sourced(now)))
    _copy(Enterprise, ["uscc", "name", "industry_id", "registered_address", "is_headquarters", "is_listed", "is_high_tech",
                       *SOURCED], ents)
    e_ids = list(Enterprise.objects.filter(name__startswith="苏州基准").order_by("id").values_list("id", flat=True))
    say(f"企业 {len(e_ids)}\n")

    # Tenancies: a building per enterprise (bigger buildings attract more), moves during 2021–2024.
    built = [(bid, float(area)) for bid, area, status in b_ids if status in ("operating", "renovating")]
    bw = [a ** 0.8 for _, a in built]
    picks = rng.choices([b for b, _ in built], bw, k=len(e_ids) * 2)
    tenancies = []
    for n, e in enumerate(e_ids):
        b = picks[2 * n]
        kind = rng.choices(["registered_present", "registered_only", "present_only"], [78, 10, 12])[0]
        move_in = dt.date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28))
        area = round(min(rng.lognormvariate(5.5, 0.8), 5000), 2) if kind != "registered_only" else None
        move_out = None
        if move_in.year < 2024 and rng.random() < 0.12:
            move_out = dt.date(rng.randint(max(move_in.year + 1, 2021), 2024), rng.randint(1, 12), rng.randint(1, 28))
        tenancies.append((e, b, area, move_in, move_out, kind))
        if move_out and kind != "present_only" and rng.random() < 0.6:  # moves to another building
            tenancies.append((e, picks[2 * n + 1], area, move_out, None, kind))
    _copy(Tenancy, ["enterprise_id", "building_id", "area", "move_in", "move_out", "kind", "floor", "room", *SOURCED],
          ((*t, "", "", *_sourced(now)) for t in tenancies))
    with connection.cursor() as cursor:  # an enterprise belongs to the district of its first building
        cursor.execute(
            f'UPDATE "{Enterprise._meta.db_table}" e SET district_id = b.district_id FROM "{Tenancy._meta.db_table}" t'
            f' JOIN "{Building._meta.db_table}" b ON b.id = t.building_id WHERE t.enterprise_id = e.id AND e.district_id IS NULL'
        )
    say(f"入驻 {len(tenancies)}\n")

    # Monthly tax for every enterprise: a heavy-tailed annual base, growth, seasonality and noise.
    def tax_rows():
        for e in e_ids:
            annual = rng.lognormvariate(12.2, 1.9)
            trend = rng.uniform(-0.15, 0.25)
            for year in YEARS:
                level = annual * (1 + trend) ** (year - 2021) / 12
                for month in range(1, 13):
                    season = 1.6 if month == 5 else 1.0  # the May annual settlement
                    amount = max(level * season * rng.uniform(0.6, 1.4), 0)
                    yield (e, dt.date(year, month, 1), f"{amount:.2f}", "{}", *_sourced(now))

    n_tax = _copy(TaxRecord, ["enterprise_id", "period", "total_tax", "breakdown", *SOURCED], tax_rows())
    say(f"税收记录 {n_tax}\n")

    # Operation reports for 40 % of the buildings; renovations completed over the years.
    def report_rows():
        for bid, area, status in b_ids:
            if status not in ("operating", "renovating") or rng.random() > 0.4:
                continue
            leasable = round(float(area) * 0.9, 2)
            occ = rng.uniform(0.4, 0.98)
            for year in YEARS:
                for month in range(1, 13):
                    occ = min(max(occ + rng.gauss(0, 0.02), 0.1), 1.0)
                    yield (bid, dt.date(year, month, 1), leasable, round(leasable * occ, 2), *_sourced(now))

    n_ops = _copy(OperationReport, ["building_id", "period", "leasable_area", "leased_area", *SOURCED], report_rows())
    renovations = []
    for i in range(int(10 * scale)):
        bid = rng.choice(built)[0]
        done = dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
        renovations.append((f"BR{i:05d}", bid, done - dt.timedelta(days=200), done, "completed", "", False, *_sourced(now)))
    _copy(RenovationProject, ["code", "building_id", "start_date", "completion_date", "status", "content",
                              "is_demonstration", *SOURCED], renovations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"buildings": len(b_ids), "enterprises": len(e_ids), "tenancies": len(tenancies), "tax": n_tax,
            "operation_reports": n_ops, "renovations": len(renovations)}
