"""Alert detection (三(二) 跟踪监测): one set-wise query per kind over the facts, then an upsert that keeps
each alert's status and note. An alert whose condition no longer holds is kept but marked inactive.
"""
from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from . import definitions
from .facts import first_tax_month
from .models import Alert, AlertKind
from .sqlbits import PRES, REG, TBL, active_on, fetch, in_list, mlit, money, msum, num, yuan

# Display labels of the evidence keys (the keys are identifiers; users see these).
EVIDENCE_LABELS = {
    "year": "年度", "as_of": "截至", "tax": "本期税收(元)", "prior_tax": "上年同期税收(元)", "growth": "同比",
    "months": "已计月数", "rank": "纳税排名", "window_tax": "近两年归属税收(元)", "move_out": "迁出日期",
    "tenancy": "入驻记录", "moved_to": "迁入楼宇", "rate": "本期入驻率", "prior_rate": "上季度末入驻率",
    "prior_period": "对比所属期", "source": "入驻率来源", "pace": "全年预计税收(元)", "threshold": "亿元楼宇标准(元)",
    "move_in": "入驻日期", "area": "面积(㎡)", "enterprise_tax": "企业本年税收(元)", "registered_in": "注册所在楼宇",
    "last_tax_period": "最近有税收的所属期", "window": "观察期（月）",
}


def _s(value):
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _money(value) -> str | None:
    return None if value is None else format(Decimal(str(value)).quantize(Decimal("0.01")), "f")


def _ratio(value) -> str | None:
    return None if value is None else format(Decimal(str(value)).quantize(Decimal("0.000001")), "f")


def _shift_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


TENANCY_KINDS = (AlertKind.OCCUPANCY_FALL, AlertKind.REGISTERED_ONLY, AlertKind.PRESENT_ONLY)  # no tax in them


def detect(year: int, horizon: dt.date, buildings=None, *, tax_only: bool = False) -> int:
    """Detect every alert kind for `year` (as of its last computed month) and upsert; returns how many hold.
    `tax_only`: only tax rows changed since the last detection, so the kinds that read no tax are kept."""
    cfg = definitions.config()
    last = dt.date(year, 12 if year < horizon.year else horizon.month, 1)
    as_of = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    found: dict[tuple, tuple] = {}

    def add(kind, building_id, district_id, period, evidence, enterprise_id=None):
        key = (str(kind), building_id, enterprise_id or 0, period)
        if key not in found:
            found[key] = (district_id, enterprise_id, {k: _s(v) for k, v in evidence.items()})

    jan1 = dt.date(year, 1, 1)
    base = {"year": year}

    # 1. Tax falling ≥ 30 % year on year (like-for-like months).
    params = [year, str(-cfg["ALERT_TAX_FALL"]), str(cfg["ALERT_TAX_FALL_MIN_PRIOR"])]
    where = in_list("y.building_id", buildings, params)
    for b, d, tax, prior, growth, months in fetch(
        f"SELECT y.building_id, y.district_id, y.total_tax, y.prior_total_tax, y.tax_growth, y.months FROM {TBL.by} y"
        f" WHERE y.year = %s AND y.tax_growth <= {num()} AND y.prior_total_tax >= {num()}{where}", params):
        add(AlertKind.TAX_FALL, b, d, jan1, {**base, "tax": _money(tax), "prior_tax": _money(prior),
                                             "growth": _ratio(growth), "months": months})

    # 2. A top-N taxpayer (tax attributed over Y−1 and Y) ending its registered tenancy in Y.
    params = [year - 1, year]
    where = in_list("building_id", buildings, params)
    params += [cfg["ALERT_TOP_TAXPAYERS"], jan1, dt.date(year, 12, 31)]
    rows = fetch(
        f"""
        WITH w AS (
            SELECT building_id, enterprise_id, {msum('total_tax')} AS tax_c FROM {TBL.ty}
            WHERE year IN (%s, %s){where} GROUP BY building_id, enterprise_id
        ), rk AS (
            SELECT building_id, enterprise_id, tax_c,
                ROW_NUMBER() OVER (PARTITION BY building_id ORDER BY tax_c DESC, enterprise_id) AS rn
            FROM w WHERE tax_c > 0
        )
        SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_out, rk.rn, {yuan('rk.tax_c')}
        FROM {TBL.ten} t JOIN rk ON rk.building_id = t.building_id AND rk.enterprise_id = t.enterprise_id AND rk.rn <= %s
        JOIN {TBL.bld} b ON b.id = t.building_id
        WHERE t.kind IN {REG} AND t.move_out >= %s AND t.move_out <= %s
        AND NOT EXISTS (
            SELECT 1 FROM {TBL.ten} t2 WHERE t2.enterprise_id = t.enterprise_id AND t2.building_id = t.building_id
            AND t2.id <> t.id AND t2.kind IN {REG} AND {active_on('t2', 't.move_out')}
        )
        """, params)
    destinations = _next_registered(rows)
    for tid, b, d, e, move_out, rank, tax_c in rows:
        add(AlertKind.TOP_TAXPAYER_EXIT, b, d, move_out.replace(day=1) if isinstance(move_out, dt.date) else
            dt.date.fromisoformat(str(move_out)).replace(day=1),
            {**base, "rank": rank, "window_tax": _money(tax_c), "move_out": move_out, "tenancy": tid,
             "moved_to": destinations.get(tid)}, e)

    if not tax_only:  # the kinds below read only tenancies and reports (kept as they are after a tax import)
        # 3. 入驻率 falling ≥ 10 points against the previous quarter's end (quarter ends, and the latest month).
        params = [year, horizon, str(cfg["ALERT_OCCUPANCY_FALL"])]
        where = in_list("bm.building_id", buildings, params)
        for b, d, period, rate, prior_rate, prior_period, source in fetch(
            f"SELECT bm.building_id, bm.district_id, bm.period, bm.occupancy_rate, pq.occupancy_rate, pq.period,"
            f" bm.occupancy_source FROM {TBL.bm} bm JOIN {TBL.month} m ON m.period = bm.period"
            f" JOIN {TBL.bm} pq ON pq.building_id = bm.building_id AND pq.period = m.prev_quarter_end"
            f" WHERE bm.year = %s AND (m.month IN (3, 6, 9, 12) OR m.period = %s)"
            f" AND bm.occupancy_rate IS NOT NULL AND pq.occupancy_rate IS NOT NULL"
            f" AND ROUND(pq.occupancy_rate - bm.occupancy_rate, 6) >= {num()}{where}", params):
            period = period if isinstance(period, dt.date) else dt.date.fromisoformat(str(period))
            add(AlertKind.OCCUPANCY_FALL, b, d, period, {**base, "rate": _ratio(rate), "prior_rate": _ratio(prior_rate),
                                                         "prior_period": prior_period, "source": source})

    # 4. A 亿元楼宇 of Y−1 whose year-to-date pace (tax × 12 / months) is below the threshold.
    op = definitions.hundred_million_op()
    params = [year - 1, year, cfg["ALERT_AT_RISK_MIN_MONTHS"]]
    where = in_list("y.building_id", buildings, params)
    for b, d, tax, months, prior in fetch(
        f"SELECT y.building_id, y.district_id, y.total_tax, y.months, py.total_tax FROM {TBL.by} y"
        f" JOIN {TBL.by} py ON py.building_id = y.building_id AND py.year = %s AND py.is_100m"
        f" WHERE y.year = %s AND y.months >= %s"
        f" AND NOT ({money('y.total_tax')} * 12.0 / y.months {op} {mlit(cfg['HUNDRED_MILLION'])}){where}", params):
        tax = Decimal(str(tax))
        pace = (tax * 12 / months).quantize(Decimal("0.01"))
        add(AlertKind.AT_RISK_100M, b, d, jan1, {**base, "tax": _money(tax), "months": months, "pace": pace,
                                                  "threshold": _money(cfg["HUNDRED_MILLION"]), "prior_tax": _money(prior)})

    if not tax_only:
        # 5. 仅注册 (registered, not present: 异地经营) on the year-end snapshot.
        params = [as_of, as_of]
        where = in_list("t.building_id", buildings, params)
        for tid, b, d, e, move_in in fetch(
            f"SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_in"
            f" FROM {TBL.ten} t JOIN {TBL.bld} b ON b.id = t.building_id"
            f" WHERE t.kind = 'registered_only' AND {active_on('t', '%s')}{where} ORDER BY t.id", params):
            add(AlertKind.REGISTERED_ONLY, b, d, jan1, {**base, "move_in": move_in, "tenancy": tid}, e)

        # 6. 仅办公 (present, registered elsewhere or nowhere on the register): a tax-domicile opportunity.
        params = [as_of, as_of, as_of, as_of]
        where = in_list("t.building_id", buildings, params)
        rows = fetch(
            f"SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_in, t.area, rb.code"
            f" FROM {TBL.ten} t JOIN {TBL.bld} b ON b.id = t.building_id"
            f" LEFT JOIN {TBL.ten} reg ON reg.enterprise_id = t.enterprise_id AND reg.kind IN {REG} AND {active_on('reg', '%s')}"
            f" LEFT JOIN {TBL.bld} rb ON rb.id = reg.building_id"
            f" WHERE t.kind = 'present_only' AND {active_on('t', '%s')}"
            f" AND (reg.building_id IS NULL OR reg.building_id <> t.building_id){where} ORDER BY t.id", params)
        for tid, b, d, e, move_in, area, registered_in in rows:
            add(AlertKind.PRESENT_ONLY, b, d, jan1, {**base, "move_in": move_in, "area": _money(area), "tenancy": tid,
                                                      "registered_in": registered_in}, e)

    # 7. Zombie: occupies area through the whole window, no positive tax in it (only where data covers it).
    #    The window's tax is read from the attribution facts: every tax row of a computed month is in exactly
    #    one of TaxpayerYear (attributed) and UnattributedTax (未归属), one month column each.
    window = cfg["ALERT_ZOMBIE_MONTHS"]
    start = _shift_months(last, -(window - 1))
    first_data = first_tax_month()
    if first_data and start >= first_data:
        params = [as_of, as_of, start]
        where = in_list("t.building_id", buildings, params)
        rows = fetch(
            f"WITH taxed AS ({_taxed_in_window(start, last)})"
            f" SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_in, t.area"
            f" FROM {TBL.ten} t JOIN {TBL.bld} b ON b.id = t.building_id"
            f" LEFT JOIN taxed x ON x.enterprise_id = t.enterprise_id"
            f" WHERE t.kind IN {PRES} AND {active_on('t', '%s')} AND t.area > 0 AND t.move_in <= %s"
            f" AND x.enterprise_id IS NULL{where} ORDER BY t.id", params)
        last_taxed = _last_taxed({r[3] for r in rows})
        for tid, b, d, e, move_in, area in rows:
            add(AlertKind.ZOMBIE, b, d, jan1, {**base, "move_in": move_in, "area": _money(area), "tenancy": tid,
                                                "window": window, "last_tax_period": last_taxed.get(e)}, e)

    return _upsert(year, buildings, found, kept=TENANCY_KINDS if tax_only else ())


def _taxed_in_window(start: dt.date, last: dt.date) -> str:
    """SQL: the enterprises with a positive tax month in [start, last] (within one or two calendar years)."""
    parts = []
    for year in range(start.year, last.year + 1):
        lo = start.month if year == start.year else 1
        hi = last.month if year == last.year else 12
        positive = " OR ".join(f"m{i:02d} > 0" for i in range(lo, hi + 1))
        for fact in (TBL.ty, TBL.ua):
            parts.append(f"SELECT enterprise_id FROM {fact} WHERE year = {int(year)} AND ({positive})")
    return " UNION ".join(parts)


def _next_registered(rows) -> dict[int, str]:
    """For ending tenancies: the building code of the enterprise's next registered tenancy, if any."""
    from louyu.enterprises.models import Tenancy

    out: dict[int, str] = {}
    by_enterprise: dict[int, list] = {}
    for tid, _b, _d, e, move_out, *_ in rows:
        by_enterprise.setdefault(e, []).append((tid, move_out))
    ids = list(by_enterprise)
    for start in range(0, len(ids), 900):
        nxt = Tenancy.objects.filter(enterprise_id__in=ids[start:start + 900], kind__in=["registered_present", "registered_only"])
        for t in nxt.select_related("building").order_by("move_in"):
            for tid, move_out in by_enterprise[t.enterprise_id]:
                if tid not in out and t.id != tid and str(t.move_in) >= str(move_out):
                    out[tid] = t.building.code
    return out


def _last_taxed(enterprises) -> dict[int, str]:
    ids = sorted(enterprises)
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        params: list = []
        where = in_list("enterprise_id", ids[start:start + 900], params)
        for e, period in fetch(f"SELECT enterprise_id, MAX(period) FROM {TBL.tax} WHERE total_tax > 0{where}"
                               f" GROUP BY enterprise_id", params):
            out[e] = str(period)[:7]
    return out


def _upsert(year: int, buildings, found: dict[tuple, tuple], kept=()) -> int:
    """Write only what changed: new alerts, changed evidence, and alerts that no longer hold (kept, inactive,
    with their status and note). Alerts of the `kept` kinds were not detected again and stay as they are."""
    existing = Alert.objects.filter(year=year)
    if buildings is not None:
        existing = existing.filter(building_id__in=list(buildings))
    holding = existing.filter(kind__in=kept, active=True).count() if kept else 0
    existing = existing.exclude(kind__in=kept) if kept else existing
    current = {(k, b, s, p): (pk, ev, act, d) for pk, k, b, s, p, ev, act, d in
               existing.values_list("pk", "kind", "building_id", "subject", "period", "evidence", "active", "district_id")}
    new, changed = [], []
    for (kind, building_id, subject, period), (district_id, enterprise_id, evidence) in found.items():
        old = current.get((kind, building_id, subject, period))
        if old is None:
            new.append(Alert(kind=kind, building_id=building_id, district_id=district_id, enterprise_id=enterprise_id,
                             subject=subject, period=period, year=year, evidence=evidence))
        elif old[1] != evidence or not old[2] or old[3] != district_id:
            changed.append(Alert(pk=old[0], evidence=evidence, active=True, district_id=district_id))
    Alert.objects.bulk_create(new, batch_size=1000)
    Alert.objects.bulk_update(changed, ["evidence", "active", "district"], batch_size=500)
    stale = [pk for key, (pk, _ev, active, _d) in current.items() if active and key not in found]
    for start in range(0, len(stale), 900):
        Alert.objects.filter(pk__in=stale[start:start + 900]).update(active=False)
    return len(found) + holding


def evidence_lines(alert: Alert) -> list[tuple[str, str]]:
    """The evidence as (中文标签, value) pairs for pages and exports."""
    order = {key: i for i, key in enumerate(EVIDENCE_LABELS)}  # PostgreSQL's jsonb does not keep key order
    items = sorted(alert.evidence.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return [(EVIDENCE_LABELS.get(k, k), "" if v is None else str(v)) for k, v in items]

