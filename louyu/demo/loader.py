"""Writing the generated city into the database fast, and taking it out again.

Registers go through bulk_create; the millions of tax rows are streamed — COPY on PostgreSQL,
executemany elsewhere — never held as model objects. Every row carries source="演示数据" and the batch.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from decimal import Decimal
from typing import Iterable, Iterator

from django.db import connection
from django.db.models import CASCADE, DO_NOTHING, SET_NULL, Q
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone

from louyu.buildings.models import Building, NewBuildingProject, OperationReport, RenovationProject
from louyu.enterprises.models import Enterprise, TaxRecord, Tenancy
from louyu.intake.models import ImportBatch

from .population import Ent, Occ

SOURCE = "演示数据"
BATCH_KIND = "demo"


@functools.lru_cache(maxsize=None)
def period(m: int) -> str:
    """Month index m (0 = 2021-01) as the stored period."""
    return dt.date(2021 + m // 12, m % 12 + 1, 1).isoformat()

TAX_CHUNK = 50_000
TAX_SPLIT = (("增值税", 0.45), ("企业所得税", 0.30), ("个人所得税", 0.15))  # the rest is 其他


def demo_batches():
    return ImportBatch.objects.filter(kind=BATCH_KIND)


def demo_data_loaded() -> bool:
    return demo_batches().filter(status="committed").exists()


def params_sha256(seed: int, scale: float) -> str:
    return hashlib.sha256(f"louyu demo-data seed={seed} scale={scale} v1".encode()).hexdigest()


class DemoDataProtected(Exception):
    pass


def delete_demo_data() -> dict[str, int]:
    """Remove every row of earlier demo loads, children first."""
    from louyu.programme.demo import programme_demo_delete  # the work programme's demo rows

    from .investment import delete_investment
    from .mechanisms import delete_mechanisms

    ids = list(demo_batches().values_list("id", flat=True))
    mine = Q(source_batch_id__in=ids) | Q(source=SOURCE)
    # Rows of the later apps point at demo buildings, events and recognitions: they go first.
    counts = delete_investment(ids)
    counts.update(programme_demo_delete())
    counts.update(delete_mechanisms(ids))
    for model in (TaxRecord, OperationReport, Tenancy, RenovationProject, NewBuildingProject, Enterprise, Building):
        counts[str(model._meta.verbose_name)] = purge(model._base_manager.filter(mine))
    demo_batches().delete()
    return counts


def purge(qs) -> int:
    """Delete a queryset in SQL, following the relations that point at it as the ORM's collector would
    (cascade, set null, protect), but without loading millions of rows into memory. No delete signals
    are sent: demo rows have no receivers that matter."""
    for rel in get_candidate_relations_to_delete(qs.model._meta):
        field = rel.field
        related = rel.related_model._base_manager.filter(**{f"{field.name}__in": qs.values("pk")})
        on_delete = field.remote_field.on_delete
        if on_delete is CASCADE:
            purge(related)
        elif on_delete is SET_NULL:
            related.update(**{field.name: None})
        elif on_delete is not DO_NOTHING and related.exists():
            raise DemoDataProtected(
                f"无法删除原有演示数据：{related.model._meta.verbose_name}引用了演示{qs.model._meta.verbose_name}，请先处理这些记录"
            )
    return qs._raw_delete(qs.db)


def _dec(value: float | None, places: int = 2) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.{places}f}")


def write_all(data, batch: ImportBatch) -> dict[str, int]:
    common = dict(source=SOURCE, source_batch_id=batch.pk)
    districts = {d.name: d.pk for d in data.districts}
    Building.objects.bulk_create([
        Building(code=b.code, name=b.name, aliases=b.aliases, district_id=districts[b.district.name], street=b.street,
                 address=b.address, towers=b.towers, longitude=_dec(b.longitude, 6), latitude=_dec(b.latitude, 6),
                 gross_area=_dec(b.gross_area), office_area=_dec(b.office_area), floors_above=b.floors,
                 completion_year=b.completion_year, status=b.status, ownership_type=b.ownership_type, owner=b.owner,
                 operator=b.operator, holding=b.holding, is_key=b.is_key,
                 verification="verified" if b.is_key else "unverified", **common)
        for b in data.buildings
    ], batch_size=1000)
    building_ids = dict(Building.objects.filter(source_batch_id=batch.pk).values_list("code", "id"))
    NewBuildingProject.objects.bulk_create([
        NewBuildingProject(code=p.code, name=p.name, district_id=districts[p.district.name], street=p.street,
                           parcel=p.parcel, address=p.address, planned_area=_dec(p.planned_area),
                           planned_office_area=_dec(p.planned_office_area), total_investment=_dec(p.total_investment),
                           start_date=p.start_date, expected_completion=p.expected_completion, progress=p.progress,
                           progress_percent=p.progress_percent,
                           building_id=building_ids[p.building.code] if p.building else None, **common)
        for p in data.projects
    ])
    RenovationProject.objects.bulk_create([
        RenovationProject(code=r.code, building_id=building_ids[r.building.code], content=r.content,
                          investment=_dec(r.investment), start_date=r.start_date, completion_date=r.completion_date,
                          status=r.status, is_demonstration=r.is_demonstration, **common)
        for r in data.renovations
    ])
    Enterprise.objects.bulk_create(_enterprises(data.ents, districts, common), batch_size=2000)
    enterprise_ids = dict(Enterprise.objects.filter(source_batch_id=batch.pk).values_list("uscc", "id"))
    Tenancy.objects.bulk_create(_tenancies(data.occs, data.ents, enterprise_ids, building_ids, common), batch_size=5000)
    OperationReport.objects.bulk_create([
        OperationReport(building_id=building_ids[r.building.code], period=r.period, leasable_area=_dec(r.leasable_area),
                        leased_area=_dec(r.leased_area), average_rent=_dec(r.average_rent), present_count=r.present_count,
                        **common)
        for r in data.reports
    ], batch_size=5000)
    ids = [enterprise_ids[e.uscc] for e in data.ents]
    tax_rows = write_tax_records(_tax_rows(data.ents, data.series, ids), batch.pk)
    if connection.vendor == "postgresql":  # fresh statistics, or the planner believes the tables are empty
        with connection.cursor() as cursor:
            for model in (Building, Enterprise, Tenancy, TaxRecord, OperationReport):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    written = {"楼宇": len(data.buildings), "新建楼宇项目": len(data.projects), "存量楼宇改造提升项目": len(data.renovations),
               "企业": len(data.ents), "入驻": len(data.occs), "楼宇运营报告": len(data.reports), "税收记录": tax_rows}
    # 三(五) work mechanisms and 三(四) recognitions (louyu.demo.mechanisms)
    from louyu.programme.models import AnnualTarget

    from .mechanisms import write_mechanisms

    targets = dict(AnnualTarget.objects.filter(year=2023).values_list("district_id", "promotion_events"))
    written.update(write_mechanisms(data, batch, building_ids, targets))
    return written


def _enterprises(ents: list[Ent], districts: dict[str, int], common) -> Iterator[Enterprise]:
    for e in ents:
        yield Enterprise(uscc=e.uscc, name=e.name, industry_id=e.industry, registered_address=e.address,
                         established_on=dt.date.fromordinal(e.established),
                         registered_capital=_dec(e.capital, 4), employees=e.employees, is_headquarters=e.hq,
                         is_listed=e.listed, is_high_tech=e.high_tech, district_id=districts[e.district.name], **common)


def _tenancies(occs: list[Occ], ents: list[Ent], enterprise_ids, building_ids, common) -> Iterator[Tenancy]:
    for o in occs:
        yield Tenancy(enterprise_id=enterprise_ids[ents[o.enterprise].uscc], building_id=building_ids[o.building.code],
                      floor=o.floor, room=o.room, area=_dec(o.area), move_in=dt.date.fromordinal(o.move_in),
                      move_out=dt.date.fromordinal(o.move_out) if o.move_out is not None else None, kind=o.kind, **common)


def _breakdown(amount: str) -> str:
    """Split an anchor's month by tax type in whole cents that add up exactly."""
    cents = int(amount.replace(".", ""))
    parts, left = {}, cents
    for name, share in TAX_SPLIT:
        part = int(cents * share)
        parts[name], left = f"{part // 100}.{part % 100:02d}", left - part
    parts["其他"] = f"{left // 100}.{left % 100:02d}"
    return json.dumps(parts, ensure_ascii=False)


def _tax_rows(ents: list[Ent], series, ids: list[int]) -> Iterator[tuple[int, str, str, str]]:
    for e, s in enumerate(series):
        if s is None:
            continue
        eid, anchor = ids[e], ents[e].kind == "anchor"
        a, b = ents[e].window
        for m in range(a, b):
            amount = f"{s[m]:.2f}"
            yield eid, period(m), amount, _breakdown(amount) if anchor else "{}"


def write_tax_records(rows: Iterable[tuple[int, str, str, str]], batch_id: int) -> int:
    meta = TaxRecord._meta
    q = connection.ops.quote_name
    columns = [meta.get_field(f).column for f in ("enterprise", "period", "total_tax", "breakdown", "source",
                                                   "source_batch_id", "verification", "created_at", "updated_at")]
    table = q(meta.db_table)
    now = timezone.now()
    count = 0
    if connection.vendor == "postgresql":
        tail = f"\t{SOURCE}\t{batch_id}\tunverified\t{now.isoformat()}\t{now.isoformat()}\n"
        connection.ensure_connection()
        sql = f"COPY {table} ({', '.join(q(c) for c in columns)}) FROM STDIN"
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            buf = []
            for eid, period, amount, breakdown in rows:
                buf.append(f"{eid}\t{period}\t{amount}\t{breakdown}{tail}")
                if len(buf) >= TAX_CHUNK:
                    copy.write("".join(buf))
                    count += len(buf)
                    buf = []
            copy.write("".join(buf))
            count += len(buf)
        return count
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    chunk = []
    with connection.cursor() as cursor:
        for eid, period, amount, breakdown in rows:
            chunk.append((eid, period, amount, breakdown, SOURCE, batch_id, "unverified", stamp, stamp))
            if len(chunk) >= TAX_CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def rows_digest(batch: ImportBatch) -> str:
    """SHA-256 over every stored demo row by natural keys (no ids or timestamps): equal iff the data is.
    Reads everything into memory: meant for test-sized data sets."""
    h = hashlib.sha256()
    mine = Q(source_batch_id=batch.pk)
    queries = [
        Building.objects.filter(mine).order_by("code").values_list(
            "code", "name", "aliases", "district__name", "street", "address", "towers", "longitude", "latitude",
            "gross_area", "office_area", "floors_above", "completion_year", "status", "ownership_type", "owner",
            "operator", "holding", "is_key"),
        NewBuildingProject.objects.filter(mine).order_by("code").values_list(
            "code", "name", "parcel", "planned_area", "total_investment", "start_date", "expected_completion",
            "progress", "building__code"),
        RenovationProject.objects.filter(mine).order_by("code").values_list(
            "code", "building__code", "content", "investment", "start_date", "completion_date", "status",
            "is_demonstration"),
        Enterprise.objects.filter(mine).order_by("uscc").values_list(
            "uscc", "name", "industry_id", "registered_address", "established_on", "registered_capital", "employees",
            "is_headquarters", "is_listed", "is_high_tech", "district__name"),
        Tenancy.objects.filter(mine).order_by("enterprise__uscc", "building__code", "move_in").values_list(
            "enterprise__uscc", "building__code", "floor", "room", "area", "move_in", "move_out", "kind"),
        OperationReport.objects.filter(mine).order_by("building__code", "period").values_list(
            "building__code", "period", "leasable_area", "leased_area", "average_rent", "present_count"),
        TaxRecord.objects.filter(mine).order_by("enterprise__uscc", "period").values_list(
            "enterprise__uscc", "period", "total_tax", "breakdown"),
    ]
    for qs in queries:
        for row in qs:
            h.update(repr(row).encode())
    return h.hexdigest()
