"""Building-level fact statements: set-wise SELECTs merged into the fact tables over a scope, no row loops.

Attribution (the heart of every tax figure): a TaxRecord of enterprise e for month m belongs to the
building of e's registered tenancy (注册且办公/仅注册) active on m's last day, [move_in, move_out).
Heavy aggregates are first materialised with `stage` (parallel on PostgreSQL), then merged (only changes written).
"""
from __future__ import annotations

import calendar
import datetime as dt

from django.db import connection

from louyu.enterprises.models import FeaturedCategory, IndustryCode

from . import definitions
from .models import (
    MONTH_FIELDS, BuildingIndustryYear, BuildingMonth, BuildingYear, IndustryCategoryMap, Month, TaxpayerYear, UnattributedTax,
)
from .sqlbits import (
    PRES, REG, TBL, active_on, date_param, execute, fetch, greatest3, in_list, key_joins, merge, mlit, money, month_start,
    msum, num, ratio, stage, unstage, yuan,
)

FOREVER = "'9999-12-31'"  # an open tenancy (迁出日期 empty) ends never
KEY = connection.ops.quote_name("key")


def _sup_join(alias: str, period_expr: str, use_sup: bool) -> tuple[str, str]:
    """(join, condition) excluding superseded registered tenancies, or nothing when there are none."""
    if not use_sup:
        return "", ""
    return (f" LEFT JOIN {TBL.superseded_tenancy} sup ON sup.tenancy_id = {alias}.id AND sup.period = {period_expr}",
            " AND sup.tenancy_id IS NULL")


def attribution_from(use_sup: bool) -> str:
    """FROM clause joining each tax row to its month and the registered tenancy active at month end."""
    join, cond = _sup_join("t", "m.period", use_sup)
    return (f" FROM {TBL.tax_record} r JOIN {TBL.month} m ON m.period = r.period"
            f" JOIN {TBL.tenancy} t ON t.enterprise_id = r.enterprise_id AND t.kind IN {REG}"
            f" AND {active_on('t', 'm.month_end')}{join} WHERE 1 = 1{cond}")


def map_refresh() -> None:
    """GB/T 4754 code → 门类 and featured category by prefix (first category in configured order wins)."""
    categories = list(FeaturedCategory.objects.order_by("order", "id").values_list("id", "industry_prefixes"))
    wanted = {}
    for code, section in IndustryCode.objects.values_list("code", "section"):
        category = next((cid for cid, prefixes in categories if any(code.startswith(str(p)) for p in prefixes or ())), None)
        wanted[code] = (section, category)
    if wanted == {c: (s, cat) for c, s, cat in IndustryCategoryMap.objects.values_list("code", "section", "category_id")}:
        return  # unchanged (the usual case): no writes
    IndustryCategoryMap.objects.all().delete()
    IndustryCategoryMap.objects.bulk_create(
        [IndustryCategoryMap(code=c, section=s, category_id=cat) for c, (s, cat) in wanted.items()], batch_size=2000)


def superseded_refresh(periods) -> bool:
    """Record registered tenancies overlapped by a later one at these month ends; True if any exist at all."""
    params: list = []
    execute(f"DELETE FROM {TBL.superseded_tenancy} WHERE 1 = 1{in_list('period', sorted(periods), params)}", params)
    params = []
    where = in_list("m.period", sorted(periods), params)
    execute(
        f"INSERT INTO {TBL.superseded_tenancy} (tenancy_id, period)"
        f" SELECT DISTINCT t.id, m.period FROM {TBL.tenancy} t"
        f" JOIN {TBL.tenancy} t2 ON t2.enterprise_id = t.enterprise_id AND t2.id <> t.id AND t2.kind IN {REG}"
        f" AND (t2.move_in > t.move_in OR (t2.move_in = t.move_in AND t2.id > t.id))"
        f" JOIN {TBL.month} m ON {active_on('t', 'm.month_end')} AND {active_on('t2', 'm.month_end')}"
        f" WHERE t.kind IN {REG}{where}",
        params,
    )
    return bool(fetch(f"SELECT 1 FROM {TBL.superseded_tenancy} LIMIT 1"))


def _snapshot_stage(first: dt.date, last: dt.date, buildings) -> str:
    """Month-end tenancy counts and occupied area per building for every month in [first, last].

    Set-wise without a tenancy × month product: each enterprise's presence in a building is merged into
    islands (gaps-and-islands), each island adds +1 in the month it starts and −1 in the month it ends, and
    a running sum gives the month-end state. Events before `first` are folded into `first`.
    """
    params: list = []
    scope = in_list("building_id", buildings, params)
    params += [first, first, last, first, first, last, first, last]
    grid_scope = in_list("b.id", buildings, params)
    cls_sum = ", ".join(f"SUM(CASE WHEN cls = '{c}' THEN w ELSE 0 END) AS d{c}" for c in "prxa")
    run = ", ".join(f"SUM(COALESCE(d.d{c}, 0)) OVER cum AS {name}"
                    for c, name in zip("prxa", ("present", "registered", "reg_present", "area")))
    return stage("_ind_snap", f"""
        WITH ts AS (
            SELECT building_id, enterprise_id, kind, area, move_in, COALESCE(move_out, {FOREVER}) AS move_out
            FROM {TBL.tenancy} WHERE 1 = 1{scope}
        ), tc AS (
            SELECT building_id, enterprise_id, move_in, move_out, 'p' AS cls FROM ts WHERE kind IN {PRES}
            UNION ALL SELECT building_id, enterprise_id, move_in, move_out, 'r' FROM ts WHERE kind IN {REG}
            UNION ALL SELECT building_id, enterprise_id, move_in, move_out, 'x' FROM ts WHERE kind = 'registered_present'
        ), o AS (
            SELECT tc.*, MAX(move_out) OVER (PARTITION BY building_id, enterprise_id, cls ORDER BY move_in, move_out
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
            FROM tc
        ), i AS (
            SELECT o.*, SUM(CASE WHEN prev_end IS NULL OR move_in > prev_end THEN 1 ELSE 0 END) OVER (
                PARTITION BY building_id, enterprise_id, cls ORDER BY move_in, move_out ROWS UNBOUNDED PRECEDING) AS island
            FROM o
        ), sp AS (
            SELECT building_id, cls, MIN(move_in) AS s, MAX(move_out) AS e, 1 AS w FROM i
            GROUP BY building_id, enterprise_id, cls, island
            UNION ALL
            SELECT building_id, 'a', move_in, move_out, {money('area')} FROM ts WHERE kind IN {PRES} AND area IS NOT NULL
        ), ev AS (
            SELECT building_id, cls, CASE WHEN ms < %s THEN %s ELSE ms END AS period, w
            FROM (SELECT building_id, cls, {month_start('s')} AS ms, w FROM sp) x WHERE ms <= %s
            UNION ALL
            SELECT building_id, cls, CASE WHEN me < %s THEN %s ELSE me END, -w
            FROM (SELECT building_id, cls, {month_start('e')} AS me, w FROM sp WHERE e < {FOREVER}) y WHERE me <= %s
        ), d AS (
            SELECT building_id, period, {cls_sum} FROM ev GROUP BY building_id, period
        ), g AS (
            SELECT b.id AS building_id, m.period FROM {TBL.building} b CROSS JOIN {TBL.month} m
            WHERE m.period >= %s AND m.period <= %s{grid_scope}
        )
        SELECT g.building_id, g.period, {run}
        FROM g LEFT JOIN d ON d.building_id = g.building_id AND d.period = g.period
        WINDOW cum AS (PARTITION BY g.building_id ORDER BY g.period ROWS UNBOUNDED PRECEDING)
    """, params)


def _snapshot_stage_direct(periods, buildings) -> str:
    """The same month-end state for a few months (an import's): tenancies active at each month end, counted
    directly — cheaper than a running sum over every month when only one or two are asked for."""
    params: list = []
    where = in_list("m.period", periods, params) + in_list("t.building_id", buildings, params)
    return stage("_ind_snap", f"""
        WITH e AS (
            SELECT t.building_id, m.period, t.enterprise_id,
                MAX(CASE WHEN t.kind IN {PRES} THEN 1 ELSE 0 END) AS p,
                MAX(CASE WHEN t.kind IN {REG} THEN 1 ELSE 0 END) AS r,
                MAX(CASE WHEN t.kind = 'registered_present' THEN 1 ELSE 0 END) AS x,
                SUM(CASE WHEN t.kind IN {PRES} THEN {money('COALESCE(t.area, 0)')} ELSE 0 END) AS a
            FROM {TBL.tenancy} t JOIN {TBL.month} m ON {active_on('t', 'm.month_end')}
            WHERE 1 = 1{where}
            GROUP BY t.building_id, m.period, t.enterprise_id
        )
        SELECT building_id, period, SUM(p) AS present, SUM(r) AS registered, SUM(x) AS reg_present, SUM(a) AS area
        FROM e GROUP BY building_id, period
    """, params)


DIRECT_SNAPSHOT_MONTHS = 3  # up to this many months, count directly; beyond, use the running sum


def _scope(periods_col, periods, building_col, buildings) -> tuple[str, list]:
    params: list = []
    where = in_list(periods_col, periods, params) + in_list(building_col, buildings, params)
    return "1 = 1" + where, params


def _month_tax_stage(periods, buildings) -> str:
    """Each building's tax and number of taxpayers per month, summed from TaxpayerYear's month columns."""
    years = sorted({p.year for p in periods})
    params: list = []
    where = in_list("year", years, params) + in_list("building_id", buildings, params)
    wanted = sorted({p.month for p in periods})  # only the month columns asked for (one, after a monthly import)
    sums = ", ".join(f"{msum(MONTH_FIELDS[i - 1])} AS t{MONTH_FIELDS[i - 1]}, COUNT({MONTH_FIELDS[i - 1]}) AS c{MONTH_FIELDS[i - 1]}"
                     for i in wanted)
    pick = lambda prefix: "CASE m.month " + " ".join(  # noqa: E731
        f"WHEN {i} THEN s.{prefix}{MONTH_FIELDS[i - 1]}" for i in wanted) + " END"
    params2 = list(params)
    period_where = in_list("m.period", periods, params2)
    return stage("_ind_tax", f"""
        WITH s AS (SELECT building_id, year, {sums} FROM {TBL.taxpayer_year} WHERE 1 = 1{where} GROUP BY building_id, year)
        SELECT s.building_id, m.period, {pick('t')} AS tax, {pick('c')} AS payers
        FROM s JOIN {TBL.month} m ON m.year = s.year WHERE 1 = 1{period_where}
    """, params2)


def _kept_snapshot_stage(periods, buildings) -> str:
    """The month-end snapshot as stored in BuildingMonth (for a refresh in which no tenancy changed)."""
    params: list = []
    where = in_list("period", periods, params) + in_list("building_id", buildings, params)
    return stage("_ind_snap", f"SELECT building_id, period, present_count AS present, registered_count AS registered,"
                              f" registered_present_count AS reg_present, {money('occupied_area')} AS area"
                              f" FROM {TBL.building_month} WHERE 1 = 1{where}", params)


def building_month_refresh(periods, buildings, *, kept_snapshot: bool = False) -> None:
    """BuildingMonth for periods × buildings: tax, month-end snapshot, 入驻率. `kept_snapshot`: no tenancy has
    changed since these months were computed, so their stored snapshot is reused."""
    periods = sorted(periods)
    tax = _month_tax_stage(periods, buildings)
    if kept_snapshot:
        snap = _kept_snapshot_stage(periods, buildings)
    elif len(periods) <= DIRECT_SNAPSHOT_MONTHS:
        snap = _snapshot_stage_direct(periods, buildings)
    else:
        snap = _snapshot_stage(periods[0], periods[-1], buildings)
    params = []
    where = in_list("m.period", periods, params) + in_list("b.id", buildings, params)
    office = money("b.office_area")
    report = "o.leasable_area > 0 AND o.leased_area IS NOT NULL"
    scope, scope_params = _scope("period", periods, "building_id", buildings)
    merge(BuildingMonth, f"""
        SELECT b.id AS building_id, b.district_id AS district_id, m.period AS period, m.year AS year,
            {yuan('COALESCE(tx.tax, 0)')} AS total_tax, COALESCE(tx.payers, 0) AS taxpayer_count,
            COALESCE(s.present, 0) AS present_count, COALESCE(s.registered, 0) AS registered_count,
            COALESCE(s.reg_present, 0) AS registered_present_count, {yuan('COALESCE(s.area, 0)')} AS occupied_area,
            o.leasable_area AS leasable_area, o.leased_area AS leased_area,
            CASE WHEN {report} THEN {ratio('o.leased_area', 'o.leasable_area')}
                 WHEN b.office_area > 0 THEN CASE WHEN COALESCE(s.area, 0) > {office} THEN 1
                                                  ELSE {ratio('COALESCE(s.area, 0)', office)} END
            END AS occupancy_rate,
            CASE WHEN {report} THEN 'report' WHEN b.office_area > 0 THEN 'tenancies' ELSE '' END AS occupancy_source,
            CASE WHEN {report} THEN FALSE WHEN b.office_area > 0 AND COALESCE(s.area, 0) > {office} THEN TRUE ELSE FALSE END
                AS occupancy_over
        FROM {TBL.building} b CROSS JOIN {TBL.month} m
        LEFT JOIN {tax} tx ON tx.building_id = b.id AND tx.period = m.period
        LEFT JOIN {snap} s ON s.building_id = b.id AND s.period = m.period
        LEFT JOIN {TBL.operation_report} o ON o.building_id = b.id AND o.period = m.period
        WHERE 1 = 1{where}
    """, params, keys=("building_id", "period"), scope=scope, scope_params=scope_params)
    unstage(tax, snap)


def _attribution_from_left(use_sup: bool) -> str:
    """Like `attribution_from`, but keeping the tax rows no registered tenancy claims (building NULL: 未归属)."""
    sup = (f" AND NOT EXISTS (SELECT 1 FROM {TBL.superseded_tenancy} sup WHERE sup.tenancy_id = t.id AND sup.period = m.period)"
           if use_sup else "")
    return (f" FROM {TBL.tax_record} r JOIN {TBL.month} m ON m.period = r.period"
            f" LEFT JOIN {TBL.tenancy} t ON t.enterprise_id = r.enterprise_id AND t.kind IN {REG}"
            f" AND {active_on('t', 'm.month_end')}{sup} WHERE 1 = 1")


def _month_sums(value) -> tuple[str, str]:
    """(total in 元, number of months) over the twelve month columns; `value(field)` gives a month's value in the
    engine's money unit, or NULL."""
    total = " + ".join(f"COALESCE({value(f)}, 0)" for f in MONTH_FIELDS)
    count = " + ".join(f"CASE WHEN {value(f)} IS NOT NULL THEN 1 ELSE 0 END" for f in MONTH_FIELDS)
    return yuan(total), count


def _totals(alias: str) -> str:
    """The year's total and its number of months, and the months in 元, from `alias`'s month columns."""
    total, count = _month_sums(lambda f: f"{alias}.{f}")
    return f"{total} AS total_tax, {count} AS months, " + ", ".join(f"{yuan(f'{alias}.{f}')} AS {f}" for f in MONTH_FIELDS)


def attribution_refresh(months_by_year: dict[int, list[dt.date]], whole_years: set[int], enterprises, use_sup: bool) -> None:
    """TaxpayerYear (tax attributed to a building) and UnattributedTax (未归属), month by month, in one pass
    over the tax rows of the given months (and enterprises; None = all). A year whose months are all given is
    rebuilt; otherwise only the given months' columns are replaced and the rest of the year is kept."""
    periods = sorted(p for ps in months_by_year.values() for p in ps)
    if not periods:
        return
    params: list = []
    every_month = len(periods) == Month.objects.count()  # the join with the months table is the filter
    where = ("" if every_month else in_list("m.period", periods, params)) + in_list("r.enterprise_id", enterprises, params)
    # A tax record is unique per enterprise and month, and at most one registered tenancy claims it, so each
    # group and month has at most one value: MAX picks it. (A numeric SUM would be the same number but keeps a
    # large aggregate state per group, which makes PostgreSQL spill this pivot to disk.)
    pivot = ", ".join(f"MAX(CASE WHEN m.month = {i} THEN {money('r.total_tax')} END) AS {f}"
                      for i, f in enumerate(MONTH_FIELDS, start=1))
    att = stage("_ind_att", f"SELECT t.building_id, r.enterprise_id, m.year, {pivot}{_attribution_from_left(use_sup)}{where}"
                            f" GROUP BY t.building_id, r.enterprise_id, m.year", params)
    whole = sorted(y for y in months_by_year if y in whole_years)
    parts = ([(whole, None)] if whole else []) + [([y], {p.month for p in ms}) for y, ms in sorted(months_by_year.items())
                                                  if y not in whole_years]
    for years, replaced in parts:  # the whole years in one merge; a partial year keeps its other months
        for model, keys, claimed in ((TaxpayerYear, ("building_id", "enterprise_id"), "IS NOT NULL"),
                                     (UnattributedTax, ("enterprise_id",), "IS NULL")):
            if replaced is None:
                _attribution_merge(model, att, years, keys, claimed, enterprises)
            else:
                _attribution_patch(model, att, years[0], keys, claimed, sorted(replaced), enterprises)
    unstage(att)


def _attribution_merge(model, att: str, years: list[int], keys, claimed: str, enterprises) -> None:
    """Whole years: the facts of these years (and enterprises) become the staged rows."""
    district = model is UnattributedTax
    scope_params: list = []
    scope = "1 = 1" + in_list("year", years, scope_params) + in_list("enterprise_id", enterprises, scope_params)
    in_years = ", ".join(str(int(y)) for y in years)
    select = (f"SELECT {', '.join(f'x.{k} AS {k}' for k in keys)}, x.year AS year, {_totals('x')}"
              + (", e.district_id AS district_id" if district else "")
              + f" FROM {att} x" + (f" JOIN {TBL.enterprise} e ON e.id = x.enterprise_id" if district else "")
              + f" WHERE x.year IN ({in_years}) AND x.building_id {claimed} AND ("
              + " OR ".join(f"x.{f} IS NOT NULL" for f in MONTH_FIELDS) + ")")
    merge(model, select, keys=(*keys, "year"), scope=scope, scope_params=scope_params)


def _attribution_patch(model, att: str, year: int, keys, claimed: str, replaced: list[int], enterprises) -> None:
    """Some months of a year (an import's): replace those month columns in place and keep the others — the
    usual refresh after a monthly tax file. Rows gain or lose those months, appear, or vanish when no month
    is left; only rows whose values change are written. Totals are re-added from the twelve columns."""
    district = model is UnattributedTax
    fact = TBL.unattributed_tax if district else TBL.taxpayer_year
    new_months = [MONTH_FIELDS[i - 1] for i in replaced]
    src = f"(SELECT * FROM {att} WHERE year = {int(year)} AND building_id {claimed})"
    match = " AND ".join(f"n.{k} = {fact}.{k}" for k in keys)
    scope_params: list = [year]
    scope = f"{fact}.year = %s" + in_list(f"{fact}.enterprise_id", enterprises, scope_params)
    kept = lambda f: money(f"{fact}.{f}")  # noqa: E731
    totals = lambda value: "total_tax = {}, months = {}".format(*_month_sums(value))  # noqa: E731
    district_set = ", district_id = e.district_id" if district else ""
    district_from = f" JOIN {TBL.enterprise} e ON e.id = n.enterprise_id" if district else ""
    differs = " OR ".join(f"{fact}.{f} IS DISTINCT FROM {yuan(f'n.{f}')}" for f in new_months)
    if district:
        differs += f" OR {fact}.district_id IS DISTINCT FROM e.district_id"
    set_new = ", ".join(f"{f} = {yuan('n.' + f)}" for f in new_months)
    with key_joins(fact) as written:
        # 1. Rows with tax in the new months: set those columns (and the totals) where a value differs.
        execute(
            f"UPDATE {fact} SET {set_new}, "
            f"{totals(lambda f: f'n.{f}' if f in new_months else kept(f))}{district_set}"
            f" FROM {src} n{district_from} WHERE {match} AND {fact}.year = {int(year)} AND ({differs})")
        # 2. Rows without tax in the new months any more: clear those columns.
        execute(
            f"UPDATE {fact} SET {', '.join(f'{f} = NULL' for f in new_months)}, "
            f"{totals(lambda f: 'NULL' if f in new_months else kept(f))}"
            f" WHERE {scope} AND ({' OR '.join(f'{f} IS NOT NULL' for f in new_months)})"
            f" AND NOT EXISTS (SELECT 1 FROM {src} n WHERE {match})", scope_params)
        # 3. Rows left with no month at all.
        written.append(execute(f"DELETE FROM {fact} WHERE {scope} AND " + " AND ".join(f"{f} IS NULL" for f in MONTH_FIELDS),
                               scope_params))
        # 4. New rows.
        columns = [*keys, "year", "total_tax", "months", *MONTH_FIELDS] + (["district_id"] if district else [])
        written.append(execute(
            f"INSERT INTO {fact} ({', '.join(columns)}) SELECT {', '.join(f'n.{k}' for k in keys)}, n.year, {_totals('n')}"
            + (", e.district_id" if district else "") + f" FROM {src} n{district_from}"
            f" WHERE ({' OR '.join(f'n.{f} IS NOT NULL' for f in new_months)})"
            f" AND NOT EXISTS (SELECT 1 FROM {fact} WHERE {match} AND {fact}.year = {int(year)})"))


def _year_ends(year_ends: dict[int, dt.date], params: list) -> str:
    """An inline table (year, as_of) of the years' snapshot dates."""
    rows = []
    for year, day in sorted(year_ends.items()):
        rows.append(f"SELECT CAST(%s AS INTEGER) AS year, {date_param()} AS as_of")
        params += [year, day]
    return " UNION ALL ".join(rows)


def industry_year_refresh(year_ends: dict[int, dt.date], buildings) -> None:
    """BuildingIndustryYear: registered enterprises and occupied area on each year's snapshot date, and the
    year's tax, per 门类 (key '' = 未分类) and per featured category."""
    years = sorted(year_ends)
    params = []
    ends = _year_ends(year_ends, params)
    reg_where = in_list("t.building_id", buildings, params)
    ends2 = _year_ends(year_ends, params)
    pres_where = in_list("t.building_id", buildings, params)
    ty_where = in_list("year", years, params) + in_list("building_id", buildings, params)
    grouped = stage("_ind_ind", f"""
        WITH src AS (
            SELECT DISTINCT t.building_id, y.year, t.enterprise_id, 1 AS reg, 0 AS area, 0 AS tax
            FROM {TBL.tenancy} t JOIN ({ends}) y ON {active_on('t', 'y.as_of')} WHERE t.kind IN {REG}{reg_where}
            UNION ALL
            SELECT t.building_id, y.year, t.enterprise_id, 0, {money('COALESCE(t.area, 0)')}, 0
            FROM {TBL.tenancy} t JOIN ({ends2}) y ON {active_on('t', 'y.as_of')} WHERE t.kind IN {PRES}{pres_where}
            UNION ALL
            SELECT building_id, year, enterprise_id, 0, 0, {money('total_tax')} FROM {TBL.taxpayer_year} WHERE 1 = 1{ty_where}
        ), ind AS ({_industry_map()})
        SELECT src.building_id, src.year, ind.section, ind.cat, SUM(src.reg) AS reg, SUM(src.area) AS area, SUM(src.tax) AS tax
        FROM src JOIN ind ON ind.id = src.enterprise_id
        GROUP BY src.building_id, src.year, ind.section, ind.cat
    """, params)
    rows = " UNION ALL ".join(
        f"SELECT g.building_id AS building_id, b.district_id AS district_id, g.year AS year, '{dimension}' AS dimension,"
        f" {key} AS {KEY}, SUM(g.reg) AS registered_count, {yuan('SUM(g.area)')} AS occupied_area,"
        f" {yuan('SUM(g.tax)')} AS total_tax"
        f" FROM {grouped} g JOIN {TBL.building} b ON b.id = g.building_id{cond} GROUP BY g.building_id, b.district_id, g.year, {key}"
        for dimension, key, cond in (("section", "g.section", ""), ("featured", "g.cat", " WHERE g.cat IS NOT NULL"))
    )
    scope, scope_params = _scope("year", years, "building_id", buildings)
    merge(BuildingIndustryYear, rows, keys=("building_id", "year", "dimension", "key"), scope=scope, scope_params=scope_params)
    unstage(grouped)


def _industry_map() -> str:
    """SQL: each enterprise's 门类 (key '' = 未分类) and featured category."""
    return (f"SELECT e.id, COALESCE(mp.section, '') AS section, fc.code AS cat FROM {TBL.enterprise} e"
            f" LEFT JOIN {TBL.industry_category_map} mp ON mp.code = e.industry_id LEFT JOIN {TBL.featured_category} fc ON fc.id = mp.category_id")


def industry_tax_patch(year_ends: dict[int, dt.date], buildings) -> None:
    """BuildingIndustryYear after a change of tax only: the year-end registered enterprises and occupied area
    (tenancies) are kept, the tax is re-summed from TaxpayerYear. Gives exactly `industry_year_refresh`'s rows:
    a row exists when a tenancy or a tax row of its class does, so a row only tax made vanishes with its tax,
    and a row left with neither enterprises nor area nor tax stays only while a present tenancy (area 0) of
    its class is there."""
    for year, as_of in sorted(year_ends.items()):
        params: list = [year]
        where = in_list("ty.building_id", buildings, params)
        tax = stage("_ind_indtax", f"WITH ind AS ({_industry_map()})"
                                   f" SELECT ty.building_id, ind.section, ind.cat, {msum('ty.total_tax')} AS tax FROM {TBL.taxpayer_year} ty"
                                   f" JOIN ind ON ind.id = ty.enterprise_id WHERE ty.year = %s{where}"
                                   f" GROUP BY ty.building_id, ind.section, ind.cat", params)
        for dimension, column, cond in (("section", "section", ""), ("featured", "cat", " WHERE cat IS NOT NULL")):
            sums = f"(SELECT building_id, {column} AS k, SUM(tax) AS tax FROM {tax}{cond} GROUP BY building_id, {column})"
            biy = TBL.building_industry_year
            match = f"d.building_id = {biy}.building_id AND d.k = {biy}.{KEY}"
            scope_params: list = [year, dimension]
            scope = f"{biy}.year = %s AND {biy}.dimension = %s" + in_list(f"{biy}.building_id", buildings, scope_params)
            execute(f"UPDATE {biy} SET total_tax = {yuan('d.tax')} FROM {sums} d WHERE {match} AND {scope}"
                    f" AND {biy}.total_tax IS DISTINCT FROM {yuan('d.tax')}", scope_params)
            execute(f"UPDATE {biy} SET total_tax = 0 WHERE {scope} AND {biy}.total_tax <> 0"
                    f" AND NOT EXISTS (SELECT 1 FROM {sums} d WHERE {match})", scope_params)
            present = (f"SELECT 1 FROM {TBL.tenancy} t JOIN ({_industry_map()}) ind ON ind.id = t.enterprise_id"
                       f" WHERE t.building_id = {biy}.building_id AND t.kind IN {PRES} AND {active_on('t', date_param())}"
                       f" AND ind.{column} = {biy}.{KEY}")
            execute(f"DELETE FROM {biy} WHERE {scope} AND {biy}.registered_count = 0 AND {biy}.occupied_area = 0"
                    f" AND NOT EXISTS (SELECT 1 FROM {sums} d WHERE {match}) AND NOT EXISTS ({present})",
                    [*scope_params, as_of, as_of])
            execute(f"INSERT INTO {biy} (building_id, district_id, year, dimension, {KEY}, registered_count, occupied_area, total_tax)"
                    f" SELECT d.building_id, b.district_id, %s, %s, d.k, 0, 0, {yuan('d.tax')} FROM {sums} d"
                    f" JOIN {TBL.building} b ON b.id = d.building_id WHERE NOT EXISTS (SELECT 1 FROM {biy}"
                    f" WHERE {match} AND {biy}.year = %s AND {biy}.dimension = %s)", [year, dimension, year, dimension])
        unstage(tax)


def building_year_refresh(year: int, last_month: int, buildings, *, new_known: bool) -> None:
    """BuildingYear from BuildingMonth (tax, year-end snapshot, occupancy), BuildingIndustryYear (featured),
    the prior year's facts and the recognitions. `new_known`: whether the year's 新增 can be told
    (definitions.new_100m_known); else it is NULL."""
    cfg = definitions.config()
    op = definitions.hundred_million_op()
    tiers = definitions.tier_thresholds()
    threshold = mlit(tiers[-1][1])
    last = dt.date(year, last_month, 1)
    as_of = last.replace(day=calendar.monthrange(year, last_month)[1])
    prior_last = dt.date(year - 1, last_month, 1)
    tier_case = "CASE " + " ".join(f"WHEN a.tax {op} {mlit(amount)} THEN {t}" for t, amount in tiers) + " ELSE 0 END"
    new_case = f"(a.tax {op} {threshold} AND NOT COALESCE(py.is_100m, FALSE))" if new_known else "CAST(NULL AS BOOLEAN)"

    lead = _lead_stage(year, last, buildings)
    params: list = [year]
    agg_where = in_list("bm.building_id", buildings, params)
    params += [year - 1, prior_last]
    prior_where = in_list("bm.building_id", buildings, params)
    params += [dt.date(year, 12, 31)] * 2  # recognitions in force at the year's end
    params += [year, as_of, last, prior_last, year - 1]
    main_where = in_list("b.id", buildings, params)
    office = money("b.office_area")
    scope_params: list = [year]
    scope = "year = %s" + in_list("building_id", buildings, scope_params)
    merge(BuildingYear, f"""
        WITH a AS (
            SELECT bm.building_id, {msum('bm.total_tax')} AS tax, COUNT(*) AS months,
                AVG(bm.occupancy_rate) AS occ_avg, MAX(CASE WHEN bm.occupancy_over THEN 1 ELSE 0 END) AS over_any
            FROM {TBL.building_month} bm WHERE bm.year = %s{agg_where} GROUP BY bm.building_id
        ), p AS (
            SELECT bm.building_id, {msum('bm.total_tax')} AS tax
            FROM {TBL.building_month} bm WHERE bm.year = %s AND bm.period <= %s{prior_where} GROUP BY bm.building_id
        ), rc AS (
            SELECT DISTINCT building_id FROM {TBL.featured_recognition}
            WHERE recognised_on <= %s AND (status = 'recognised' OR (status = 'revoked' AND revoked_on > %s))
        )
        SELECT b.id AS building_id, b.district_id AS district_id, %s AS year, a.months AS months, {date_param()} AS as_of,
            {yuan('a.tax')} AS total_tax, {yuan('p.tax')} AS prior_total_tax,
            CASE WHEN p.tax > 0 THEN ROUND(a.tax * 1.0 / p.tax - 1, 6) END AS tax_growth,
            {tier_case} AS tax_tier, a.tax {op} {threshold} AS is_100m, COALESCE(py.is_100m, FALSE) AS prior_is_100m,
            {new_case} AS is_new_100m,
            lm.present_count AS present_count, lm.registered_count AS registered_count,
            lm.registered_present_count AS registered_present_count,
            {ratio('lm.registered_present_count', 'lm.registered_count')} AS presence_rate,
            lm.occupied_area AS occupied_area, lm.occupancy_rate AS occupancy_rate, ROUND(a.occ_avg, 6) AS occupancy_avg,
            lm.occupancy_source AS occupancy_source, a.over_any = 1 AS occupancy_over,
            CASE WHEN b.office_area > 0 THEN ROUND(a.tax * 1.0 / {office}, 2) END AS tax_per_m2,
            CASE WHEN pm.present_count > 0 THEN ROUND(lm.present_count * 1.0 / pm.present_count - 1, 6) END AS present_growth,
            CASE WHEN pm.registered_count > 0 THEN ROUND(lm.registered_count * 1.0 / pm.registered_count - 1, 6) END
                AS registered_growth,
            CASE WHEN pm.registered_count > 0 AND lm.registered_count > 0 THEN
                {ratio('lm.registered_present_count', 'lm.registered_count')} - {ratio('pm.registered_present_count', 'pm.registered_count')}
            END AS presence_rate_change,
            CASE WHEN b.office_area > 0 AND p.tax > 0 THEN ROUND(a.tax * 1.0 / p.tax - 1, 6) END AS tax_per_m2_growth,
            f.category_id AS lead_category_id, COALESCE(f.share, 0) AS concentration,
            COALESCE(f.status, '') AS featured_status, rc.building_id IS NOT NULL AS is_recognised
        FROM {TBL.building} b
        JOIN a ON a.building_id = b.id
        JOIN {TBL.building_month} lm ON lm.building_id = b.id AND lm.period = %s
        LEFT JOIN p ON p.building_id = b.id
        LEFT JOIN {TBL.building_month} pm ON pm.building_id = b.id AND pm.period = %s
        LEFT JOIN {TBL.building_year} py ON py.building_id = b.id AND py.year = %s
        LEFT JOIN {lead} f ON f.building_id = b.id
        LEFT JOIN rc ON rc.building_id = b.id
        WHERE 1 = 1{main_where}
    """, params, keys=("building_id", "year"), scope=scope, scope_params=scope_params)
    unstage(lead)


def first_tax_month() -> dt.date | None:
    """The earliest 所属期 with tax data (None without any)."""
    value = fetch(f"SELECT MIN(period) FROM {TBL.tax_record}")[0][0]
    return dt.date.fromisoformat(str(value)) if value is not None and not isinstance(value, dt.date) else value


def _lead_stage(year: int, last: dt.date, buildings) -> str:
    """Each building's 主导特色产业, 集聚度 and candidate/reserve status for the year (staged on its own: the
    planner cannot estimate the one-row-per-building filter and would otherwise loop)."""
    cfg = definitions.config()
    params: list = [year]
    where = in_list("bm.building_id", buildings, params)
    params += [last, year]
    params += [str(cfg[k]) for k in ("FEATURED_CANDIDATE_CONCENTRATION", "FEATURED_CANDIDATE_OCCUPANCY", "FEATURED_RESERVE_CONCENTRATION")]
    share = greatest3("fs.s_e", "fs.s_a", "fs.s_t")
    return stage("_ind_lead", f"""
        WITH a AS (
            SELECT bm.building_id, {msum('bm.total_tax')} AS tax FROM {TBL.building_month} bm
            WHERE bm.year = %s{where} GROUP BY bm.building_id
        ), fs AS (
            SELECT biy.building_id, fc.id AS category_id, fc."order" AS cat_order,
                COALESCE({ratio('biy.registered_count', 'lm.registered_count')}, 0) AS s_e,
                COALESCE({ratio(money('biy.occupied_area'), money('lm.occupied_area'))}, 0) AS s_a,
                COALESCE({ratio(money('biy.total_tax'), 'a.tax')}, 0) AS s_t,
                lm.occupancy_rate AS occ
            FROM {TBL.building_industry_year} biy JOIN {TBL.featured_category} fc ON fc.code = biy.{KEY}
            JOIN a ON a.building_id = biy.building_id
            JOIN {TBL.building_month} lm ON lm.building_id = biy.building_id AND lm.period = %s
            WHERE biy.year = %s AND biy.dimension = 'featured'
        ), fr AS (
            SELECT fs.building_id, fs.category_id, {share} AS share, fs.occ,
                ROW_NUMBER() OVER (PARTITION BY fs.building_id ORDER BY {share} DESC, fs.s_t DESC, fs.cat_order ASC) AS rn
            FROM fs
        )
        SELECT building_id, category_id, share,
            CASE WHEN share >= {num()} AND occ >= {num()} THEN 'candidate' WHEN share >= {num()} THEN 'reserve' ELSE '' END AS status
        FROM fr WHERE rn = 1 AND share > 0
    """, params)
