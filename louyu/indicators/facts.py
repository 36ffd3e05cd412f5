"""Building-level fact statements: each one DELETE + INSERT … SELECT over a scope, set-wise, no row loops.

Attribution (the heart of every tax figure): a TaxRecord of enterprise e for month m belongs to the
building of e's registered tenancy (注册且办公/仅注册) active on m's last day, [move_in, move_out).
Heavy aggregates are first materialised with `stage` (parallel on PostgreSQL), then inserted in key order.
"""
from __future__ import annotations

import calendar
import datetime as dt

from louyu.enterprises.models import FeaturedCategory, IndustryCode

from . import definitions
from .models import MONTH_FIELDS, IndustryCategoryMap
from .sqlbits import (
    PRES, REG, TBL, active_on, date_param, execute, fetch, greatest3, in_list, mlit, money, month_start, msum, num, ratio, stage,
    unstage, yuan,
)

FOREVER = "'9999-12-31'"  # an open tenancy (迁出日期 empty) ends never


def _sup_join(alias: str, period_expr: str, use_sup: bool) -> tuple[str, str]:
    """(join, condition) excluding superseded registered tenancies, or nothing when there are none."""
    if not use_sup:
        return "", ""
    return (f" LEFT JOIN {TBL.sup} sup ON sup.tenancy_id = {alias}.id AND sup.period = {period_expr}",
            " AND sup.tenancy_id IS NULL")


def attribution_from(use_sup: bool) -> str:
    """FROM clause joining each tax row to its month and the registered tenancy active at month end."""
    join, cond = _sup_join("t", "m.period", use_sup)
    return (f" FROM {TBL.tax} r JOIN {TBL.month} m ON m.period = r.period"
            f" JOIN {TBL.ten} t ON t.enterprise_id = r.enterprise_id AND t.kind IN {REG}"
            f" AND {active_on('t', 'm.month_end')}{join} WHERE 1 = 1{cond}")


def map_refresh() -> None:
    """GB/T 4754 code → 门类 and featured category by prefix (first category in configured order wins)."""
    categories = list(FeaturedCategory.objects.order_by("order", "id").values_list("id", "industry_prefixes"))
    rows = []
    for code, section in IndustryCode.objects.values_list("code", "section"):
        category = next((cid for cid, prefixes in categories if any(code.startswith(str(p)) for p in prefixes or ())), None)
        rows.append(IndustryCategoryMap(code=code, section=section, category_id=category))
    IndustryCategoryMap.objects.all().delete()
    IndustryCategoryMap.objects.bulk_create(rows, batch_size=2000)


def superseded_refresh(periods) -> bool:
    """Record registered tenancies overlapped by a later one at these month ends; True if any exist at all."""
    params: list = []
    execute(f"DELETE FROM {TBL.sup} WHERE 1 = 1{in_list('period', sorted(periods), params)}", params)
    params = []
    where = in_list("m.period", sorted(periods), params)
    execute(
        f"INSERT INTO {TBL.sup} (tenancy_id, period)"
        f" SELECT DISTINCT t.id, m.period FROM {TBL.ten} t"
        f" JOIN {TBL.ten} t2 ON t2.enterprise_id = t.enterprise_id AND t2.id <> t.id AND t2.kind IN {REG}"
        f" AND (t2.move_in > t.move_in OR (t2.move_in = t.move_in AND t2.id > t.id))"
        f" JOIN {TBL.month} m ON {active_on('t', 'm.month_end')} AND {active_on('t2', 'm.month_end')}"
        f" WHERE t.kind IN {REG}{where}",
        params,
    )
    return bool(fetch(f"SELECT 1 FROM {TBL.sup} LIMIT 1"))


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
            FROM {TBL.ten} WHERE 1 = 1{scope}
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
            SELECT b.id AS building_id, m.period FROM {TBL.bld} b CROSS JOIN {TBL.month} m
            WHERE m.period >= %s AND m.period <= %s{grid_scope}
        )
        SELECT g.building_id, g.period, {run}
        FROM g LEFT JOIN d ON d.building_id = g.building_id AND d.period = g.period
        WINDOW cum AS (PARTITION BY g.building_id ORDER BY g.period ROWS UNBOUNDED PRECEDING)
    """, params)


def building_month_refresh(periods, buildings, use_sup: bool) -> None:
    """BuildingMonth for periods × buildings: tax, month-end snapshot, 入驻率."""
    periods = sorted(periods)
    params: list = []
    where = in_list("period", periods, params) + in_list("building_id", buildings, params)
    execute(f"DELETE FROM {TBL.bm} WHERE 1 = 1{where}", params)

    params = []
    where = in_list("m.period", periods, params) + in_list("t.building_id", buildings, params)
    tax = stage("_ind_tax", f"SELECT t.building_id, m.period, {msum('r.total_tax')} AS tax, COUNT(*) AS payers"
                            f"{attribution_from(use_sup)}{where} GROUP BY t.building_id, m.period", params)
    snap = _snapshot_stage(periods[0], periods[-1], buildings)
    params = []
    where = in_list("m.period", periods, params) + in_list("b.id", buildings, params)
    office = money("b.office_area")
    report = "o.leasable_area > 0 AND o.leased_area IS NOT NULL"
    execute(
        f"""
        INSERT INTO {TBL.bm} (building_id, district_id, period, year, total_tax, taxpayer_count, present_count,
            registered_count, registered_present_count, occupied_area, leasable_area, leased_area,
            occupancy_rate, occupancy_source, occupancy_over)
        SELECT b.id, b.district_id, m.period, m.year, {yuan('COALESCE(tx.tax, 0)')}, COALESCE(tx.payers, 0),
            COALESCE(s.present, 0), COALESCE(s.registered, 0), COALESCE(s.reg_present, 0), {yuan('COALESCE(s.area, 0)')},
            o.leasable_area, o.leased_area,
            CASE WHEN {report} THEN {ratio('o.leased_area', 'o.leasable_area')}
                 WHEN b.office_area > 0 THEN CASE WHEN COALESCE(s.area, 0) > {office} THEN 1
                                                  ELSE {ratio('COALESCE(s.area, 0)', office)} END
            END,
            CASE WHEN {report} THEN 'report' WHEN b.office_area > 0 THEN 'tenancies' ELSE '' END,
            CASE WHEN {report} THEN FALSE WHEN b.office_area > 0 AND COALESCE(s.area, 0) > {office} THEN TRUE ELSE FALSE END
        FROM {TBL.bld} b CROSS JOIN {TBL.month} m
        LEFT JOIN {tax} tx ON tx.building_id = b.id AND tx.period = m.period
        LEFT JOIN {snap} s ON s.building_id = b.id AND s.period = m.period
        LEFT JOIN {TBL.op} o ON o.building_id = b.id AND o.period = m.period
        WHERE 1 = 1{where}
        ORDER BY b.id, m.period
        """,
        params,
    )
    unstage(tax, snap)


def unattributed_refresh(years, enterprises) -> None:
    """未归属 per enterprise and year, months in columns: tax rows with no registered tenancy anywhere at
    the month's end."""
    params: list = []
    where = in_list("year", years, params) + in_list("enterprise_id", enterprises, params)
    execute(f"DELETE FROM {TBL.ua} WHERE 1 = 1{where}", params)
    params = []
    where = in_list("m.year", years, params) + in_list("r.enterprise_id", enterprises, params)
    per_month = ", ".join(f"SUM(CASE WHEN m.month = {i} THEN {money('r.total_tax')} END) AS {f}"
                          for i, f in enumerate(MONTH_FIELDS, start=1))
    ua = stage("_ind_ua", f"""
        SELECT r.enterprise_id, m.year, {msum('r.total_tax')} AS tax, COUNT(*) AS months, {per_month}
        FROM {TBL.tax} r JOIN {TBL.month} m ON m.period = r.period
        WHERE NOT EXISTS (
            SELECT 1 FROM {TBL.ten} t WHERE t.enterprise_id = r.enterprise_id AND t.kind IN {REG}
            AND {active_on('t', 'm.month_end')}
        ){where}
        GROUP BY r.enterprise_id, m.year
    """, params)
    execute(
        f"INSERT INTO {TBL.ua} (enterprise_id, district_id, year, total_tax, months, {', '.join(MONTH_FIELDS)})"
        f" SELECT u.enterprise_id, e.district_id, u.year, {yuan('u.tax')}, u.months, "
        + ", ".join(yuan(f"u.{f}") for f in MONTH_FIELDS)
        + f" FROM {ua} u JOIN {TBL.ent} e ON e.id = u.enterprise_id ORDER BY u.enterprise_id, u.year"
    )
    unstage(ua)


def taxpayer_year_refresh(years, buildings, use_sup: bool) -> None:
    """TaxpayerYear: each enterprise's tax attributed to each building over each year."""
    params: list = []
    where = in_list("year", years, params) + in_list("building_id", buildings, params)
    execute(f"DELETE FROM {TBL.ty} WHERE 1 = 1{where}", params)
    params = []
    where = in_list("m.year", years, params) + in_list("t.building_id", buildings, params)
    ty = stage("_ind_ty", f"SELECT t.building_id, m.year, r.enterprise_id, {msum('r.total_tax')} AS tax, COUNT(*) AS months"
                          f"{attribution_from(use_sup)}{where} GROUP BY t.building_id, m.year, r.enterprise_id", params)
    execute(f"INSERT INTO {TBL.ty} (building_id, year, enterprise_id, total_tax, months)"
            f" SELECT building_id, year, enterprise_id, {yuan('tax')}, months FROM {ty} ORDER BY building_id, year, enterprise_id")
    unstage(ty)


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
    params: list = []
    where = in_list("year", years, params) + in_list("building_id", buildings, params)
    execute(f"DELETE FROM {TBL.biy} WHERE 1 = 1{where}", params)
    params = []
    ends = _year_ends(year_ends, params)
    reg_where = in_list("t.building_id", buildings, params)
    ends2 = _year_ends(year_ends, params)
    pres_where = in_list("t.building_id", buildings, params)
    ty_where = in_list("year", years, params) + in_list("building_id", buildings, params)
    grouped = stage("_ind_ind", f"""
        WITH src AS (
            SELECT DISTINCT t.building_id, y.year, t.enterprise_id, 1 AS reg, 0 AS area, 0 AS tax
            FROM {TBL.ten} t JOIN ({ends}) y ON {active_on('t', 'y.as_of')} WHERE t.kind IN {REG}{reg_where}
            UNION ALL
            SELECT t.building_id, y.year, t.enterprise_id, 0, {money('COALESCE(t.area, 0)')}, 0
            FROM {TBL.ten} t JOIN ({ends2}) y ON {active_on('t', 'y.as_of')} WHERE t.kind IN {PRES}{pres_where}
            UNION ALL
            SELECT building_id, year, enterprise_id, 0, 0, {money('total_tax')} FROM {TBL.ty} WHERE 1 = 1{ty_where}
        )
        SELECT src.building_id, src.year, COALESCE(mp.section, '') AS section, fc.code AS cat,
            SUM(src.reg) AS reg, SUM(src.area) AS area, SUM(src.tax) AS tax
        FROM src JOIN {TBL.ent} e ON e.id = src.enterprise_id
        LEFT JOIN {TBL.map} mp ON mp.code = e.industry_id
        LEFT JOIN {TBL.fc} fc ON fc.id = mp.category_id
        GROUP BY src.building_id, src.year, COALESCE(mp.section, ''), fc.code
    """, params)
    for dimension, key, cond in (("section", "g.section", ""), ("featured", "g.cat", " WHERE g.cat IS NOT NULL")):
        execute(f"""
            INSERT INTO {TBL.biy} (building_id, district_id, year, dimension, key, registered_count, occupied_area, total_tax)
            SELECT g.building_id, b.district_id, g.year, '{dimension}', {key}, SUM(g.reg), {yuan('SUM(g.area)')}, {yuan('SUM(g.tax)')}
            FROM {grouped} g JOIN {TBL.bld} b ON b.id = g.building_id{cond}
            GROUP BY g.building_id, b.district_id, g.year, {key}
        """)
    unstage(grouped)


def building_year_refresh(year: int, last_month: int, buildings) -> None:
    """BuildingYear from BuildingMonth (tax, year-end snapshot, occupancy), BuildingIndustryYear (featured),
    the prior year's facts and the recognitions."""
    cfg = definitions.config()
    op = definitions.hundred_million_op()
    tiers = definitions.tier_thresholds()
    threshold = mlit(tiers[-1][1])
    last = dt.date(year, last_month, 1)
    as_of = last.replace(day=calendar.monthrange(year, last_month)[1])
    prior_last = dt.date(year - 1, last_month, 1)
    tier_case = "CASE " + " ".join(f"WHEN a.tax {op} {mlit(amount)} THEN {t}" for t, amount in tiers) + " ELSE 0 END"

    params: list = [year]
    where = in_list("building_id", buildings, params)
    execute(f"DELETE FROM {TBL.by} WHERE year = %s{where}", params)

    params = [year]
    agg_where = in_list("bm.building_id", buildings, params)
    params += [year - 1, prior_last]
    prior_where = in_list("bm.building_id", buildings, params)
    params += [last, year]  # fs: the year-end month, biy.year
    params += [str(cfg[k]) for k in ("FEATURED_CANDIDATE_CONCENTRATION", "FEATURED_CANDIDATE_OCCUPANCY", "FEATURED_RESERVE_CONCENTRATION")]
    params += [dt.date(year, 12, 31)]  # recognitions
    params += [year, as_of, last, prior_last, year - 1]
    main_where = in_list("b.id", buildings, params)
    share = greatest3("fs.s_e", "fs.s_a", "fs.s_t")
    office = money("b.office_area")
    execute(
        f"""
        INSERT INTO {TBL.by} (building_id, district_id, year, months, as_of, total_tax, prior_total_tax, tax_growth,
            tax_tier, is_100m, prior_is_100m, is_new_100m, present_count, registered_count, registered_present_count,
            presence_rate, occupied_area, occupancy_rate, occupancy_avg, occupancy_source, occupancy_over, tax_per_m2,
            present_growth, registered_growth, presence_rate_change, tax_per_m2_growth, lead_category_id,
            concentration, featured_status, is_recognised)
        WITH a AS (
            SELECT bm.building_id, {msum('bm.total_tax')} AS tax, COUNT(*) AS months,
                AVG(bm.occupancy_rate) AS occ_avg, MAX(CASE WHEN bm.occupancy_over THEN 1 ELSE 0 END) AS over_any
            FROM {TBL.bm} bm WHERE bm.year = %s{agg_where} GROUP BY bm.building_id
        ), p AS (
            SELECT bm.building_id, {msum('bm.total_tax')} AS tax
            FROM {TBL.bm} bm WHERE bm.year = %s AND bm.period <= %s{prior_where} GROUP BY bm.building_id
        ), fs AS (
            SELECT biy.building_id, fc.id AS category_id, fc."order" AS cat_order,
                COALESCE({ratio('biy.registered_count', 'lm.registered_count')}, 0) AS s_e,
                COALESCE({ratio(money('biy.occupied_area'), money('lm.occupied_area'))}, 0) AS s_a,
                COALESCE({ratio(money('biy.total_tax'), 'a.tax')}, 0) AS s_t,
                lm.occupancy_rate AS occ
            FROM {TBL.biy} biy JOIN {TBL.fc} fc ON fc.code = biy.key
            JOIN a ON a.building_id = biy.building_id
            JOIN {TBL.bm} lm ON lm.building_id = biy.building_id AND lm.period = %s
            WHERE biy.year = %s AND biy.dimension = 'featured'
        ), fr AS (
            SELECT fs.building_id, fs.category_id, {share} AS share, fs.occ,
                ROW_NUMBER() OVER (PARTITION BY fs.building_id ORDER BY {share} DESC, fs.s_t DESC, fs.cat_order ASC) AS rn
            FROM fs
        ), f AS (
            SELECT building_id, category_id, share,
                CASE WHEN share >= {num()} AND occ >= {num()} THEN 'candidate' WHEN share >= {num()} THEN 'reserve' ELSE '' END AS status
            FROM fr WHERE rn = 1 AND share > 0
        ), rc AS (
            SELECT DISTINCT building_id FROM {TBL.rec} WHERE status = 'recognised' AND recognised_on <= %s
        )
        SELECT b.id, b.district_id, %s, a.months, %s, {yuan('a.tax')}, {yuan('p.tax')},
            CASE WHEN p.tax > 0 THEN ROUND(a.tax * 1.0 / p.tax - 1, 6) END,
            {tier_case}, a.tax {op} {threshold}, COALESCE(py.is_100m, FALSE),
            a.tax {op} {threshold} AND NOT COALESCE(py.is_100m, FALSE),
            lm.present_count, lm.registered_count, lm.registered_present_count,
            {ratio('lm.registered_present_count', 'lm.registered_count')},
            lm.occupied_area, lm.occupancy_rate, ROUND(a.occ_avg, 6), lm.occupancy_source, a.over_any = 1,
            CASE WHEN b.office_area > 0 THEN ROUND(a.tax * 1.0 / {office}, 2) END,
            CASE WHEN pm.present_count > 0 THEN ROUND(lm.present_count * 1.0 / pm.present_count - 1, 6) END,
            CASE WHEN pm.registered_count > 0 THEN ROUND(lm.registered_count * 1.0 / pm.registered_count - 1, 6) END,
            CASE WHEN pm.registered_count > 0 AND lm.registered_count > 0 THEN
                {ratio('lm.registered_present_count', 'lm.registered_count')} - {ratio('pm.registered_present_count', 'pm.registered_count')} END,
            CASE WHEN b.office_area > 0 AND p.tax > 0 THEN ROUND(a.tax * 1.0 / p.tax - 1, 6) END,
            f.category_id, COALESCE(f.share, 0), COALESCE(f.status, ''), rc.building_id IS NOT NULL
        FROM {TBL.bld} b
        JOIN a ON a.building_id = b.id
        JOIN {TBL.bm} lm ON lm.building_id = b.id AND lm.period = %s
        LEFT JOIN p ON p.building_id = b.id
        LEFT JOIN {TBL.bm} pm ON pm.building_id = b.id AND pm.period = %s
        LEFT JOIN {TBL.by} py ON py.building_id = b.id AND py.year = %s
        LEFT JOIN f ON f.building_id = b.id
        LEFT JOIN rc ON rc.building_id = b.id
        WHERE 1 = 1{main_where}
        ORDER BY b.id
        """,
        params,
    )
