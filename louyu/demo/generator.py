"""`generate_demo_data`: build the demo city in memory (reproducibly from the seed), check it against
附件1, write it in one transaction, and summarise it in Chinese."""
from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from louyu.buildings.models import Building
from louyu.enterprises.models import FeaturedCategory, IndustryCode
from louyu.geo.models import District, Street
from louyu.intake.models import ImportBatch
from louyu.programme.models import AnnualTarget

from .addresses import ABBREVIATIONS, STREETS_FALLBACK
from .calibration import choose_targets, calibrate, counts_by_district, mark_roles
from .enterprises import EnterpriseBuilder
from .loader import BATCH_KIND, DemoDataProtected, delete_demo_data, demo_data_loaded, params_sha256, write_all
from .names import NameBook
from .operations import operation_reports
from .plan import FEATURED_LEAN, DistrictInfo, Planner
from .population import Population
from .taxes import make_series, years_through

DEFAULT_SEED, DEFAULT_SCALE = 2023, 1.0
TARGET_YEAR = 2023  # 附件1


class DemoDataExists(Exception):
    pass


__all__ = ["DemoDataExists", "DemoDataProtected", "demo_data_loaded", "generate_demo_data"]


@dataclass
class DemoData:
    seed: int
    scale: float
    districts: list
    buildings: list
    projects: list
    renovations: list
    occs: list
    ents: list
    series: list
    totals: list
    reports: list
    last_year: int = 2024
    end: dt.date = dt.date(2024, 12, 31)  # the last day of the as-of month: nothing later is known


def load_districts() -> list[DistrictInfo]:
    targets = {t.district_id: t for t in AnnualTarget.objects.filter(year=TARGET_YEAR)}
    districts = []
    for d in District.objects.order_by("order", "code"):
        t = targets.get(d.pk)
        if t is None or d.name not in ABBREVIATIONS:
            raise ValueError(f"地区“{d.name}”缺少 {TARGET_YEAR} 年附件1目标或演示数据配置（请先运行 louyu init）")
        streets = list(Street.objects.filter(district=d, kind__in=("街道", "镇")).order_by("name").values_list("name", flat=True))
        districts.append(DistrictInfo(
            pk=d.pk, name=d.name, code=d.code, order=d.order, office_10k=t.office_buildings_10k, new_100m=t.new_100m,
            cumulative_100m=t.cumulative_100m, new_featured=t.new_featured, renovated=t.renovated,
            streets=streets or STREETS_FALLBACK[d.name],
        ))
    if not districts:
        raise ValueError("数据库中没有地区参考数据，请先运行 louyu init")
    return districts


def build(seed: int, scale: float, districts: list[DistrictInfo], last_year: int = 2024,
          until: dt.date | None = None) -> DemoData:
    """The whole data set in memory. Every step draws from its own seeded stream, so buildings do not
    depend on the scale and the same (seed, scale) always gives the same rows."""
    def rng(tag: str) -> random.Random:
        return random.Random(f"louyu-demo:{seed}:{tag}")

    names = NameBook(rng("names"))
    planner = Planner(rng("buildings"), names, districts, last_year)
    buildings, projects, renovations = planner.run()
    choose_targets(buildings, districts, rng("targets"), last_year)
    categories = {c.code: tuple(c.industry_prefixes) for c in FeaturedCategory.objects.order_by("order")}
    leans = {name: [c for c in lean if c in categories] or list(categories) for name, lean in FEATURED_LEAN.items()}
    mark_roles(buildings, districts, rng("roles"), leans)
    population = Population(rng("population"), buildings, scale, until or dt.date(last_year, 12, 31))
    occs, ents = population.run()
    EnterpriseBuilder(rng("enterprises"), names, occs, ents, categories=categories,
                      industry_codes=set(IndustryCode.objects.values_list("code", flat=True)),
                      road_numbers=planner.numbers, mean_unit_area=population.mean_slot_area, last_year=last_year).run()
    n_years = len(years_through(last_year))
    series = make_series(ents, occs, rng("taxes"), 12 * n_years)
    totals = calibrate(buildings, ents, occs, series, rng("calibration"), n_years)
    reports = operation_reports(buildings, occs, rng("reports"), last_year)
    return DemoData(seed, scale, districts, buildings, projects, renovations, occs, ents, series, totals, reports, last_year)


def last_complete_month(today: dt.date | None = None) -> dt.date:
    """The first day of the last complete month before `today` (the demo's default as-of month)."""
    today = today or dt.date.today()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(days=1)


def as_of_month(text: str | None, today: dt.date | None = None) -> dt.date:
    """`--as-of YYYY-MM` → the first day of that month; None → the last complete month before `today`."""
    latest = last_complete_month(today)
    if not text:
        return latest
    try:
        year, month = (int(part) for part in text.split("-"))
        month_start = dt.date(year, month, 1)
    except ValueError:
        raise ValueError(f"--as-of 应为 YYYY-MM，实际为“{text}”") from None
    if not dt.date(2021, 1, 1) <= month_start <= latest:
        raise ValueError(f"--as-of 应在 2021-01 至 {latest:%Y-%m}（生成日前最后一个完整月）之间")
    return month_start


def cut_at(data: DemoData, month: dt.date) -> None:
    """Keep only what is known by the end of `month`: tax and operation reports up to it, tenancies begun by
    then (a later move-out is not yet known). The registers keep their planned dates."""
    last = (month.year - 2021) * 12 + month.month - 1
    data.end = month_end(month)
    end = data.end.toordinal()
    for ent in data.ents:
        a, b = ent.window
        ent.window = (a, max(a, min(b, last + 1)))
    data.occs[:] = [o for o in data.occs if o.move_in <= end]
    for o in data.occs:
        if o.move_out is not None and o.move_out > end:
            o.move_out = None
    data.reports[:] = [r for r in data.reports if r.period <= month]


def generate_demo_data(*, seed: int = DEFAULT_SEED, scale: float = DEFAULT_SCALE, stdout=None,
                       replace: bool = False, as_of: str | None = None) -> dict:
    """Generate and load the demo data set; returns the summary. Refuses when demo data or any building
    exists, unless replace=True (then earlier demo rows are deleted first)."""
    if scale <= 0:
        raise ValueError("--scale 必须大于 0")
    if not replace and (demo_data_loaded() or Building.objects.exists()):
        raise DemoDataExists("数据库中已有演示数据或楼宇数据；如需重新生成，请加 --replace（将先删除原有演示数据）")
    started = time.monotonic()
    month = as_of_month(as_of)
    # Whole years are generated up to the as-of month's year (at least 2024, the first demo's years), then cut.
    data = build(seed, scale, load_districts(), max(month.year, 2024), month_end(month))
    cut_at(data, month)
    generated = time.monotonic() - started
    with transaction.atomic():
        deleted = delete_demo_data() if replace else {}
        codes = [b.code for b in data.buildings]
        clash = list(Building.objects.filter(code__in=codes).values_list("code", flat=True)[:5])
        if clash:
            raise DemoDataExists(f"楼宇编码与已有（非演示）楼宇冲突：{'、'.join(clash)}")
        batch = ImportBatch.objects.create(
            kind=BATCH_KIND, file_name=f"demo-data seed={seed} scale={scale} as-of={month:%Y-%m}", file_sha256=params_sha256(seed, scale),
            status="committed", actor_label="系统", channel="cli",
        )
        written = write_all(data, batch)
        from .investment import write_investment  # 招商, 楼宇填报, 楼长制

        written.update(write_investment(batch, seed, data.end))
        from .review import write_ambiguous_addresses  # a 待复核 queue with work in it

        written.update(write_ambiguous_addresses(batch, seed))

        from louyu.programme.demo import programme_demo_load  # the work programme's demo rows

        written.update(programme_demo_load(seed=seed, batch=batch, end=data.end,
                                           stock=counts_by_district(data.buildings, data.totals)))
        batch.rows_total = batch.rows_inserted = sum(written.values())
        batch.finished_at = timezone.now()
        batch.save(update_fields=["rows_total", "rows_inserted", "finished_at"])
    summary = summarise(data, written, deleted, generated=generated, total=time.monotonic() - started)
    summary["batch_id"] = batch.pk
    if stdout is not None:
        stdout.write(format_summary(summary))
    return summary


def summarise(data: DemoData, written: dict, deleted: dict, *, generated: float, total: float) -> dict:
    counts = counts_by_district(data.buildings, data.totals)
    rows = []
    for d in data.districts:
        own = [b for b in data.buildings if b.district is d]
        rows.append({
            "district": d.name,
            "buildings": len(own),
            "office_10k": sum(b.counts_10k for b in own),
            "office_10k_target": d.office_10k,
            "enterprises": sum(1 for e in data.ents if e.district is d),
            "featured": sum(1 for b in own if b.featured),
            "hundred_million": counts[d.name],
            "target_2022": d.cumulative_100m - d.new_100m,
            "target_2023": d.cumulative_100m,
        })
    complete = data.end.year if data.end.month == 12 else data.end.year - 1  # later years: only complete ones
    return {"seed": data.seed, "scale": data.scale, "written": written, "deleted": deleted, "districts": rows,
            "later_years": list(range(2024, complete + 1)), "as_of": f"{data.end:%Y-%m}",
            "seconds_generate": round(generated, 1), "seconds_total": round(total, 1)}


def _pad(text, width: int, right: bool = False) -> str:
    """Pad to a terminal width, counting CJK characters as two columns."""
    text = str(text)
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, width - used)
    return fill + text if right else text + fill


COLUMNS = [("地区", 10), ("楼宇", 6), ("1万㎡以上", 10), ("附件1", 6), ("企业", 7), ("特色楼宇", 9),
           ("亿元楼宇2022", 13), ("附件1", 6), ("2023", 6), ("附件1", 6)]


def format_summary(summary: dict) -> str:
    lines = [f"演示数据已生成（种子 {summary['seed']}，规模 {summary['scale']}，截至 {summary['as_of']}），"
             f"用时 {summary['seconds_total']} 秒（其中生成 {summary['seconds_generate']} 秒）。"]
    later = summary["later_years"]
    columns = COLUMNS + [(str(y), 6) for y in later]
    if summary["deleted"]:
        lines.append("已先删除原有演示数据：" + "，".join(f"{k} {v:,}" for k, v in summary["deleted"].items()))
    lines.append("写入：" + "，".join(f"{k} {v:,}" for k, v in summary["written"].items()))
    lines.append("")
    lines.append("".join(_pad(name, w, i > 0) for i, (name, w) in enumerate(columns)))
    rows = summary["districts"]
    total = {"district": "全市合计", "hundred_million": {y: sum(r["hundred_million"][y] for r in rows)
                                                        for y in rows[0]["hundred_million"]}}
    total.update({k: sum(r[k] for r in rows) for k in ("buildings", "office_10k", "office_10k_target", "enterprises",
                                                        "featured", "target_2022", "target_2023")})
    for r in [*rows, total]:
        hm = r["hundred_million"]
        cells = [r["district"], r["buildings"], r["office_10k"], r["office_10k_target"], f"{r['enterprises']:,}",
                 r["featured"], hm[2022], r["target_2022"], hm[2023], r["target_2023"], *(hm[y] for y in later)]
        lines.append("".join(_pad(c, w, i > 0) for i, (c, (_, w)) in enumerate(zip(cells, columns))))
    lines.append("（亿元楼宇：年度全口径税收≥1亿元的楼宇，按月末有效的注册类入驻归属企业税收计算；附件1 2022 年列为“累计−新增”。）")
    return "\n".join(lines) + "\n"
